#include "TextEncodings.h"

#include "PdfDocument.h"

namespace Limber {

namespace {

// The order of preference, and the same list as fonts/cut-handout-fonts.py: Western European,
// Central European, Baltic, Turkish, Romanian (ș, ț), Greek, Cyrillic.
constexpr std::array<const char*, TextEncodings::COUNT> NAMES = {
    "WinAnsiEncoding", "CP1250", "CP1257", "CP1254", "ISO8859-16", "CP1253", "CP1251"};

} // namespace

const char* TextEncodings::name(std::size_t index) {
    return NAMES.at(index);
}

const TextEncodings& TextEncodings::instance() {
    static const TextEncodings encodings;
    return encodings;
}

TextEncodings::TextEncodings() : _table(LIMIT) {
    PdfDocument pdf;
    for (std::size_t index = 0; index < COUNT; ++index) {
        HPDF_Encoder encoder = HPDF_GetEncoder(pdf.handle(), NAMES[index]);
        // Bytes below 0x20 and DEL are control codes; text never uses them.
        for (unsigned byte = 0x20; byte <= 0xFF; ++byte) {
            if (byte == 0x7F)
                continue;
            char32_t codePoint = HPDF_Encoder_GetUnicode(encoder, static_cast<HPDF_UINT16>(byte));
            // T and t with comma below (Romanian) travel in a PDF under the glyph names
            // Tcommaaccent and tcommaaccent, which the Adobe Glyph List reads as T and t with
            // cedilla: viewers would draw and copy the wrong letter. They come from a fallback
            // font (UTF-8) instead.
            if (codePoint == 0 || codePoint >= LIMIT || codePoint == 0x021A || codePoint == 0x021B)
                continue;
            Entry& entry = _table[codePoint];
            const std::uint8_t bit = static_cast<std::uint8_t>(1u << index);
            if (entry.mask & bit)
                continue; // the first byte for a character wins (NBSP also appears as space)
            entry.mask |= bit;
            entry.bytes[index] = static_cast<unsigned char>(byte);
        }
    }
}

std::vector<char32_t> TextEncodings::characters() const {
    std::vector<char32_t> found;
    for (char32_t c = 0; c < LIMIT; ++c)
        if (_table[c].mask)
            found.push_back(c);
    return found;
}

} // namespace Limber
