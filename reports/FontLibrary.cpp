#include "FontLibrary.h"

#include "BidiText.h"
#include "PdfDocument.h"
#include "TextEncodings.h"
#include "domain/Utf8.h"

#include <Poco/Exception.h>
#include <Poco/Path.h>

#include <HandoutFontFiles.h>
#include <cstdlib>
#include <sys/mman.h>
#include <unistd.h>

namespace Limber {

namespace {

const std::string NO_FILE;

/// Puts font bytes where libharu, which only opens files, can read them: an anonymous memory
/// file (its /proc/self/fd path), or a private temporary file where memory files are missing.
/// Returns the descriptor, which stays open for the library's lifetime, and sets path.
int materialize(std::string_view bytes, const char* name, std::string& path) {
    int fd = memfd_create(name, MFD_CLOEXEC);
    bool temporary = false;
    if (fd < 0) {
        std::string pattern = Poco::Path::temp() + "limber-font-XXXXXX";
        fd = mkstemp(pattern.data());
        if (fd < 0)
            throw Poco::CreateFileException("a temporary file for the built-in fonts");
        path = pattern;
        temporary = true;
    } else {
        path = "/proc/self/fd/" + std::to_string(fd);
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) {
            close(fd);
            if (temporary)
                std::remove(path.c_str());
            throw Poco::WriteFileException("the built-in fonts");
        }
        written += static_cast<std::size_t>(n);
    }
    return fd;
}

} // namespace

FontLibrary::FontLibrary(const PdfFonts& fallback) {
    const std::array<const char*, 2> files = {"HandoutSans.ttf", "HandoutSans-Bold.ttf"};
    const TextEncodings& encodings = TextEncodings::instance();
    for (std::size_t face = 0; face < 2; ++face) {
        std::string_view bytes = HandoutFontFiles::find(files[face]);
        _builtInFiles[face] = materialize(bytes, files[face], _builtInPaths[face]);
        FontCoverage coverage = FontCoverage::ofBytes(bytes, files[face]);

        // Advances are the same in every document, so they are measured once, here.
        _advances[face].assign(ADVANCE_LIMIT, -1.0f);
        PdfDocument pdf;
        const char* fontName =
            HPDF_LoadTTFontFromFile(pdf.handle(), _builtInPaths[face].c_str(), HPDF_FALSE);
        std::array<HPDF_Font, TextEncodings::COUNT> fonts{};
        for (char32_t c : encodings.characters()) {
            if (!coverage.has(c))
                continue;
            std::uint8_t mask = encodings.encodingsOf(c);
            std::size_t encoding = 0;
            while (!(mask & (1u << encoding)))
                ++encoding;
            if (!fonts[encoding])
                fonts[encoding] =
                    HPDF_GetFont(pdf.handle(), fontName, TextEncodings::name(encoding));
            HPDF_BYTE byte = encodings.byteOf(c, encoding);
            _advances[face][c] =
                static_cast<float>(HPDF_Font_TextWidth(fonts[encoding], &byte, 1).width);
        }
    }
    _fallbackPaths = {fallback.regular, fallback.bold};
    for (std::size_t face = 0; face < 2; ++face)
        if (!_fallbackPaths[face].empty())
            _fallbackCoverage[face] = FontCoverage::ofFile(_fallbackPaths[face]);
}

FontLibrary::~FontLibrary() {
    for (std::size_t face = 0; face < 2; ++face) {
        if (_builtInFiles[face] < 0)
            continue;
        close(_builtInFiles[face]);
        if (_builtInPaths[face].rfind("/proc/", 0) != 0)
            std::remove(_builtInPaths[face].c_str());
    }
}

const std::vector<std::uint16_t>& FontLibrary::nestedComponentsOf(const std::string& path) const {
    static const std::vector<std::uint16_t> NONE;
    for (std::size_t face = 0; face < 2; ++face)
        if (!path.empty() && _fallbackPaths[face] == path)
            return _fallbackCoverage[face].nestedComponents();
    return NONE;
}

const std::string& FontLibrary::builtInPath(FontFace face) const {
    return _builtInPaths[index(face)];
}

const std::string& FontLibrary::fallbackFor(FontFace face, char32_t codePoint) const {
    std::size_t i = index(face);
    if (!_fallbackPaths[i].empty() && _fallbackCoverage[i].has(codePoint))
        return _fallbackPaths[i];
    if (face == FontFace::Bold && !_fallbackPaths[0].empty() && _fallbackCoverage[0].has(codePoint))
        return _fallbackPaths[0];
    return NO_FILE;
}

std::string FontLibrary::unprintable(std::string_view utf8) const {
    if (!isValidUtf8(utf8))
        return "the text is not valid UTF-8";
    for (std::size_t at = 0; at < utf8.size();) {
        Utf8Character character = decodeUtf8(utf8, at);
        at += character.length;
        std::string why = whyNotPrintable(character.codePoint, this);
        if (!why.empty())
            return why;
    }
    return {};
}

std::string FontLibrary::missing(char32_t c) const {
    auto inNoFont = [&](char32_t drawn) {
        for (FontFace face : {FontFace::Regular, FontFace::Bold})
            if (builtInAdvance(face, drawn) < 0 && fallbackFor(face, drawn).empty())
                return true;
        return false;
    };
    const char* advice = "; name a TrueType font that has it in pdf.font and pdf.fontBold";
    if (inNoFont(c))
        return describeCharacter(c) + ": it is in none of the handout's fonts" + advice;
    // An Arabic letter is drawn in the form its neighbours call for: the fonts need them all.
    if (c >= 0x0600 && c <= 0x06FF)
        for (char32_t form : shapedFormsOf(c))
            if (inNoFont(form))
                return describeCharacter(c) + ": its joined form " + describeCharacter(form) +
                       " is in none of the handout's fonts" + advice;
    return {};
}

} // namespace Limber
