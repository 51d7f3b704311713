#pragma once

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

private:
    std::vector<std::pair<char32_t, char32_t>> _ranges; ///< inclusive, sorted, disjoint
};

} // namespace Limber
