#include "TextRule.h"

#include "Utf8.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utf8proc.h>

namespace Limber {

namespace {

std::atomic<const PrintableCharacters*> installedCharacters{nullptr};

/// Decodes the character at text[at] strictly (no overlong forms, surrogates or values past
/// U+10FFFF). Returns its length, or 0 when the bytes there are not UTF-8.
std::size_t decode(std::string_view text, std::size_t at, char32_t& c) {
    Utf8Character character = decodeUtf8(text, at);
    c = character.codePoint;
    return character.valid ? character.length : 0;
}

bool isPrinted(TextKind kind) {
    return kind == TextKind::Name || kind == TextKind::Line || kind == TextKind::Paragraph;
}

/// Scripts the PDF writer cannot set. Hebrew and Arabic are printed (reports/BidiText: the
/// bidirectional algorithm and Arabic shaping into presentation forms); the other right-to-left
/// scripts and the scripts whose letters combine into clusters (Devanagari, Thai...) need a
/// shaping engine libharu does not have, so they are refused rather than misprinted. Arabic
/// and Hebrew presentation forms are refused too: the letters are typed, their forms are the
/// printer's business.
const char* unsupportedScript(char32_t c) {
    if ((c >= 0x0590 && c <= 0x05FF) || (c >= 0x0600 && c <= 0x06FF))
        return nullptr;
    if (c >= 0x0700 && c <= 0x08FF)
        return "right-to-left scripts other than Hebrew and Arabic (Syriac, Thaana, N'Ko...) are "
               "not supported on handouts";
    if ((c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
        return "Hebrew and Arabic presentation forms are not accepted: type the letters "
               "themselves";
    if ((c >= 0x0900 && c <= 0x0DFF) || (c >= 0x0E00 && c <= 0x0FFF) ||
        (c >= 0x1000 && c <= 0x109F) || (c >= 0x1780 && c <= 0x18AF) ||
        (c >= 0xA8E0 && c <= 0xA8FF))
        return "scripts that need shaping (Devanagari, Thai, ...) are not supported on handouts";
    return nullptr;
}

/// Why the character c may not be in text of kind, or empty.
std::string whyRefused(char32_t c, TextKind kind) {
    if (c == '\n' || c == '\t') {
        if (kind == TextKind::Paragraph || kind == TextKind::Received)
            return {};
        return describeCharacter(c) + ": line breaks and tabs are not allowed here";
    }
    if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        return describeCharacter(c) + ": control characters are not allowed";
    if (!isPrinted(kind))
        return {};
    return whyNotPrintable(c);
}

} // namespace

const PrintableCharacters* installPrintableCharacters(const PrintableCharacters* characters) {
    return installedCharacters.exchange(characters);
}

std::string describeCharacter(char32_t c) {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
    bool visible = c > 0x20 && !(c >= 0x7F && c < 0xA0) &&
                   utf8proc_category(static_cast<utf8proc_int32_t>(c)) != UTF8PROC_CATEGORY_CF;
    if (!visible)
        return code;
    std::string quoted = "'";
    appendUtf8(quoted, c);
    return quoted + "' (" + code + ")";
}

std::string whyNotPrintable(char32_t c) {
    return whyNotPrintable(c, installedCharacters.load());
}

std::string whyNotPrintable(char32_t c, const PrintableCharacters* fonts) {
    if (c == '\n' || c == '\t')
        return {};
    if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        return describeCharacter(c) + ": control characters are not allowed";
    if (c > 0xFFFF)
        return describeCharacter(c) +
               ": characters beyond U+FFFF (emoji and rare scripts) cannot be printed";
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_CF:
        return describeCharacter(c) +
               ": invisible formatting characters (bidi and zero-width controls) are not allowed";
    case UTF8PROC_CATEGORY_CN:
        return describeCharacter(c) + ": unassigned characters are not allowed";
    case UTF8PROC_CATEGORY_CO:
        return describeCharacter(c) + ": private-use characters are not allowed";
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return describeCharacter(c) + ": line and paragraph separators are not allowed";
    default:
        break;
    }
    if (const char* reason = unsupportedScript(c))
        return describeCharacter(c) + ": " + reason;
    if (fonts)
        return fonts->missing(c);
    return {};
}

CheckedText checkText(std::string_view text, TextKind kind, std::size_t maxCharacters) {
    CheckedText result;
    // Pass 1: valid UTF-8, with CR LF (as browsers send a textarea's lines) made LF.
    std::string lines;
    lines.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        char32_t c = 0;
        std::size_t length = decode(text, at, c);
        if (length == 0) {
            result.problem = "is not valid UTF-8";
            return result;
        }
        if (c == '\r' && at + 1 < text.size() && text[at + 1] == '\n') {
            ++at;
            continue;
        }
        lines.append(text.substr(at, length));
        at += length;
    }
    if (kind != TextKind::Secret && kind != TextKind::Received) {
        // Trimmed of surrounding spaces, tabs and line breaks.
        std::size_t first = lines.find_first_not_of(" \t\n\r\f\v");
        std::size_t last = lines.find_last_not_of(" \t\n\r\f\v");
        lines = first == std::string::npos ? std::string() : lines.substr(first, last - first + 1);
    }
    bool ascii = true;
    for (char byte : lines)
        ascii = ascii && static_cast<unsigned char>(byte) < 0x80;
    if (!ascii) {
        // NFC: one spelling of each character ("e" + U+0301 and "é" are the same name).
        utf8proc_uint8_t* normalised = nullptr;
        utf8proc_ssize_t length =
            utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(lines.data()),
                         static_cast<utf8proc_ssize_t>(lines.size()), &normalised,
                         static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
        if (length < 0) {
            result.problem = "is not valid UTF-8";
            return result;
        }
        std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(normalised, &std::free);
        lines.assign(reinterpret_cast<const char*>(normalised), static_cast<std::size_t>(length));
    }
    // Pass 2: every character allowed for kind; the length in characters.
    std::size_t count = 0;
    for (std::size_t at = 0; at < lines.size(); ++count) {
        char32_t c = 0;
        std::size_t length = decode(lines, at, c);
        if (length == 0) {
            result.problem = "is not valid UTF-8";
            return result;
        }
        at += length;
        std::string why = whyRefused(c, kind);
        if (!why.empty()) {
            result.problem = "cannot contain " + why;
            return result;
        }
    }
    if (count > maxCharacters) {
        result.problem = "must be at most " + std::to_string(maxCharacters) + " characters";
        return result;
    }
    result.text = std::move(lines);
    return result;
}

std::string requireText(std::string_view text, const std::string& field, TextKind kind,
                        std::size_t maxCharacters) {
    CheckedText checked = checkText(text, kind, maxCharacters);
    if (!checked.ok())
        throw ValidationException(field, checked.problem);
    return std::move(checked.text);
}

std::string checkedField(FieldErrors& errors, const std::string& field, std::string_view text,
                         TextKind kind, std::size_t maxCharacters) {
    CheckedText checked = checkText(text, kind, maxCharacters);
    if (!checked.ok()) {
        errors.add(field, checked.problem);
        return std::string(text);
    }
    return std::move(checked.text);
}

bool isValidUtf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        char32_t c = 0;
        std::size_t length = decode(text, at, c);
        if (length == 0)
            return false;
        at += length;
    }
    return true;
}

std::string withValidUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        char32_t c = 0;
        std::size_t length = decode(text, at, c);
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++at;
            continue;
        }
        out.append(text.substr(at, length));
        at += length;
    }
    return out;
}

std::size_t characterCount(std::string_view utf8) {
    std::size_t count = 0;
    for (char byte : utf8)
        if ((static_cast<unsigned char>(byte) & 0xC0) != 0x80)
            ++count;
    return count;
}

} // namespace Limber
