#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace Limber {

/// Which characters a TrueType font has glyphs for, read from its cmap table (formats 4 and
/// 12). libharu draws a missing character as an empty box without a word of warning, so text
/// is checked against this before anything is drawn.
class FontCoverage {
public:
    FontCoverage() = default;

    /// Reads the font file at path. Throws Poco::FileNotFoundException when it is missing and
    /// Poco::DataFormatException when it is not a TrueType font with a Unicode cmap.
    static FontCoverage ofFile(const std::string& path);
    /// The same for font bytes already in memory.
    static FontCoverage ofBytes(std::string_view font, const std::string& name);

    bool has(char32_t codePoint) const;
    bool empty() const { return _ranges.empty(); }

    /// The glyphs that are parts of parts: components of a composite glyph that is itself a
    /// component ("ễ" is "e" plus a circumflex-and-tilde glyph made of two more). libharu
    /// 2.3.0 embeds the parts of a glyph it prints but not their parts, so without these a
    /// letter loses its accents; PdfDocument::loadUtf8Font embeds them as well.
    const std::vector<std::uint16_t>& nestedComponents() const { return _nestedComponents; }

private:
    std::vector<std::pair<char32_t, char32_t>> _ranges; ///< inclusive, sorted, disjoint
    std::vector<std::uint16_t> _nestedComponents;       ///< sorted, unique
};

} // namespace Limber
