#pragma once

#include "FontCoverage.h"
#include "domain/TextRule.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

enum class FontFace { Regular, Bold };

/// TrueType files (regular and bold) for the characters the built-in fonts lack. Either may be
/// empty (no fallback for that face; bold text then falls back on the regular file).
struct PdfFonts {
    std::string regular;
    std::string bold;
};

/// The fonts PDFs are set in. The built-in fonts (DejaVu Sans cut down at build time to Latin,
/// Greek and Cyrillic, compiled into the program) cover the single-byte encodings of
/// TextEncodings; they load in a fraction of a millisecond and embed in about 20 KB. Characters
/// they lack come from the fallback fonts (pdf.font, pdf.fontBold), loaded as UTF-8 fonts only
/// by the documents that need them, which costs those documents about 10 ms and 90 KB a face.
///
/// Built once per process; immutable afterwards, so every thread may share it.
class FontLibrary : public PrintableCharacters {
public:
    /// Throws Poco::FileNotFoundException or Poco::DataFormatException for a fallback file
    /// that is missing or not a TrueType font.
    explicit FontLibrary(const PdfFonts& fallback = {});
    ~FontLibrary() override;
    FontLibrary(const FontLibrary&) = delete;
    FontLibrary& operator=(const FontLibrary&) = delete;

    /// A path libharu can open for the built-in font of face.
    const std::string& builtInPath(FontFace face) const;
    /// The advance of a built-in character in 1/1000 em, or a negative number when the built-in
    /// fonts lack it.
    double builtInAdvance(FontFace face, char32_t codePoint) const {
        return codePoint < ADVANCE_LIMIT ? _advances[index(face)][codePoint] : -1;
    }

    /// The fallback file that has codePoint for face (bold falls back on the regular file), or
    /// an empty string.
    const std::string& fallbackFor(FontFace face, char32_t codePoint) const;
    /// The glyphs of the fallback file at path that libharu would leave out
    /// (FontCoverage::nestedComponents); empty for any other path.
    const std::vector<std::uint16_t>& nestedComponentsOf(const std::string& path) const;

    /// Why utf8 cannot be printed ("'ܐ' (U+0710): right-to-left scripts other than Hebrew and
    /// Arabic..."), or an empty string when every character can be. Checked before a document is
    /// drawn, so that a name never comes out as boxes or blanks. The same rule (whyNotPrintable,
    /// with this library's fonts) decides what text Limber accepts at entry.
    std::string unprintable(std::string_view utf8) const;

    /// Why neither the built-in nor the fallback fonts have c (in regular and bold), or empty.
    std::string missing(char32_t c) const override;

private:
    static std::size_t index(FontFace face) { return face == FontFace::Bold ? 1 : 0; }
    static constexpr char32_t ADVANCE_LIMIT = 0x2200;

    std::array<std::string, 2> _builtInPaths;
    std::array<int, 2> _builtInFiles{-1, -1};
    std::array<std::vector<float>, 2> _advances;
    std::array<std::string, 2> _fallbackPaths;
    std::array<FontCoverage, 2> _fallbackCoverage;
};

} // namespace Limber
