#include "DocumentFonts.h"

#include "BidiText.h"
#include "TextEncodings.h"
#include "domain/Utf8.h"

namespace Limber {

namespace {

std::size_t faceIndex(FontFace face) {
    return face == FontFace::Bold ? 1 : 0;
}

std::size_t firstEncoding(std::uint8_t mask) {
    std::size_t encoding = 0;
    while (!(mask & (1u << encoding)))
        ++encoding;
    return encoding;
}

} // namespace

DocumentFonts::DocumentFonts(PdfDocument& pdf, const FontLibrary& library)
    : _pdf(pdf), _library(library) {}

HPDF_Font DocumentFonts::builtIn(FontFace face, std::size_t encoding) {
    std::size_t i = faceIndex(face);
    HPDF_Font& font = _builtIn[i][encoding];
    if (!font) {
        if (!_builtInNames[i])
            _builtInNames[i] = HPDF_LoadTTFontFromFile(
                _pdf.handle(), _library.builtInPath(face).c_str(), HPDF_TRUE);
        // The built-in fonts are small (about 20 KB each): deflating them again in every
        // document would cost more time (about 0.2 ms each) than the bytes it saves (3 KB).
        // libharu decides a font file's compression when the font is first got.
        HPDF_SetCompressionMode(_pdf.handle(), HPDF_COMP_TEXT | HPDF_COMP_IMAGE);
        font = HPDF_GetFont(_pdf.handle(), _builtInNames[i], TextEncodings::name(encoding));
        HPDF_SetCompressionMode(_pdf.handle(), HPDF_COMP_ALL);
    }
    return font;
}

HPDF_Font DocumentFonts::fallback(const std::string& path) {
    auto found = _fallbacks.find(path);
    if (found != _fallbacks.end())
        return found->second;
    HPDF_Font font = _pdf.loadUtf8Font(path, _library.nestedComponentsOf(path));
    _fallbacks.emplace(path, font);
    return font;
}

void DocumentFonts::runsOf(std::string_view utf8, FontFace face, std::vector<Run>& runs) {
    runs.clear();
    const TextEncodings& encodings = TextEncodings::instance();
    std::size_t current = TextEncodings::COUNT; // no built-in run open
    std::string currentFallback;
    for (std::size_t at = 0; at < utf8.size();) {
        Utf8Character character = decodeUtf8(utf8, at);
        std::string_view bytes = utf8.substr(at, character.length);
        at += character.length;
        char32_t c = character.codePoint == '\t' ? U' ' : character.codePoint;
        if (_library.builtInAdvance(face, c) >= 0) {
            std::uint8_t mask = encodings.encodingsOf(c);
            if (current == TextEncodings::COUNT || !(mask & (1u << current))) {
                current = firstEncoding(mask);
                runs.push_back({builtIn(face, current), {}});
            }
            runs.back().bytes += static_cast<char>(encodings.byteOf(c, current));
            continue;
        }
        const std::string& path = _library.fallbackFor(face, c);
        if (path.empty())
            continue;
        if (current != TextEncodings::COUNT || currentFallback != path || runs.empty()) {
            runs.push_back({fallback(path), {}});
            current = TextEncodings::COUNT;
            currentFallback = path;
        }
        runs.back().bytes += bytes;
    }
}

double DocumentFonts::width(std::string_view utf8, FontFace face, double size) {
    if (hasRightToLeft(utf8))
        return measure(visualOrder(utf8), face, size);
    return measure(utf8, face, size);
}

double DocumentFonts::measure(std::string_view utf8, FontFace face, double size) {
    double total = 0;
    bool needsFonts = false;
    for (std::size_t at = 0; at < utf8.size();) {
        Utf8Character character = decodeUtf8(utf8, at);
        at += character.length;
        char32_t c = character.codePoint == '\t' ? U' ' : character.codePoint;
        double advance = _library.builtInAdvance(face, c);
        if (advance < 0) {
            needsFonts = true;
            break;
        }
        total += advance;
    }
    if (!needsFonts)
        return total * size / 1000.0;
    // Some character comes from a fallback font: measure run by run.
    runsOf(utf8, face, _runs);
    total = 0;
    for (const Run& run : _runs)
        total += HPDF_Font_TextWidth(run.font, reinterpret_cast<const HPDF_BYTE*>(run.bytes.data()),
                                     static_cast<HPDF_UINT>(run.bytes.size()))
                     .width;
    return total * size / 1000.0;
}

void DocumentFonts::draw(HPDF_Page page, double x, double y, std::string_view utf8, FontFace face,
                         double size) {
    HPDF_Page_BeginText(page);
    show(page, x, y, utf8, face, size);
    HPDF_Page_EndText(page);
}

void DocumentFonts::show(HPDF_Page page, double x, double y, std::string_view utf8, FontFace face,
                         double size) {
    if (hasRightToLeft(utf8))
        runsOf(visualOrder(utf8), face, _runs);
    else
        runsOf(utf8, face, _runs);
    if (page != _page) {
        _page = page;
        _font = nullptr;
    }
    bool first = true;
    for (const Run& run : _runs) {
        if (run.font != _font || size != _size) {
            HPDF_Page_SetFontAndSize(page, run.font, static_cast<HPDF_REAL>(size));
            _font = run.font;
            _size = size;
        }
        if (first)
            HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y),
                              run.bytes.c_str());
        else
            HPDF_Page_ShowText(page, run.bytes.c_str());
        first = false;
    }
}

} // namespace Limber
