#pragma once

#include "FontLibrary.h"
#include "PdfDocument.h"
#include "TextEncodings.h"

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// The fonts of one PDF document: measures and draws UTF-8 text in runs, each run in the
/// built-in font under the single-byte encoding that has its characters, or in a fallback font
/// (UTF-8) for characters the built-in fonts lack. Fonts are loaded into the document on first
/// use, so a document that prints no bold text embeds no bold font.
///
/// Text must have passed FontLibrary::unprintable; a character no font has is drawn as
/// nothing rather than as a box. Each call takes one line: Hebrew and Arabic in it are shaped
/// and put in visual order (BidiText.h) before they are measured or drawn. One per document,
/// on the document's thread.
class DocumentFonts {
public:
    DocumentFonts(PdfDocument& pdf, const FontLibrary& library);

    /// The width of utf8 set in face at size points, in points.
    double width(std::string_view utf8, FontFace face, double size);
    /// Draws utf8 on page with the start of its baseline at (x, y), in the current fill colour.
    void draw(HPDF_Page page, double x, double y, std::string_view utf8, FontFace face,
              double size);
    /// The same inside a text object the caller opened (HPDF_Page_BeginText): many lines in
    /// one object, with the font set only when it changes, keep the page's content small.
    void show(HPDF_Page page, double x, double y, std::string_view utf8, FontFace face,
              double size);
    /// Forgets the font last set on the pages: their graphics state was saved and restored
    /// (q ... Q, as a PdfCanvas does), which restores the text font as well.
    void forgetPageFont() { _font = nullptr; }

    const FontLibrary& library() const { return _library; }

private:
    struct Run {
        HPDF_Font font = nullptr;
        std::string bytes;
    };
    /// The width of utf8 as it is drawn (already in visual order).
    double measure(std::string_view utf8, FontFace face, double size);
    /// Splits utf8 into runs of one font each.
    void runsOf(std::string_view utf8, FontFace face, std::vector<Run>& runs);
    HPDF_Font builtIn(FontFace face, std::size_t encoding);
    HPDF_Font fallback(const std::string& path);

    PdfDocument& _pdf;
    const FontLibrary& _library;
    std::array<const char*, 2> _builtInNames{};
    std::array<std::array<HPDF_Font, TextEncodings::COUNT>, 2> _builtIn{};
    std::map<std::string, HPDF_Font> _fallbacks;
    std::vector<Run> _runs; ///< reused between calls
    // The font and size last set on _page, so that an unchanged font is not set again.
    HPDF_Page _page = nullptr;
    HPDF_Font _font = nullptr;
    double _size = 0;
};

} // namespace Limber
