#include "FontCoverage.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <cstdint>

namespace Limber {

namespace {

/// Big-endian reads with bounds checks: a truncated font is an error, never a crash.
class FontBytes {
public:
    FontBytes(std::string_view bytes, const std::string& name) : _bytes(bytes), _name(name) {}

    std::uint32_t u16(std::size_t at) const {
        need(at, 2);
        return (byte(at) << 8) | byte(at + 1);
    }
    std::uint32_t u32(std::size_t at) const {
        need(at, 4);
        return (byte(at) << 24) | (byte(at + 1) << 16) | (byte(at + 2) << 8) | byte(at + 3);
    }
    [[noreturn]] void fail(const std::string& reason) const {
        throw Poco::DataFormatException(_name + ": not a usable TrueType font (" + reason + ")");
    }

private:
    std::uint32_t byte(std::size_t at) const { return static_cast<unsigned char>(_bytes[at]); }
    void need(std::size_t at, std::size_t count) const {
        if (at + count > _bytes.size() || at + count < at)
            fail("truncated");
    }

    std::string_view _bytes;
    const std::string& _name;
};

void addFormat4(const FontBytes& font, std::size_t table,
                std::vector<std::pair<char32_t, char32_t>>& ranges) {
    std::size_t segments = font.u16(table + 6) / 2;
    std::size_t ends = table + 14;
    std::size_t starts = ends + segments * 2 + 2;
    for (std::size_t i = 0; i < segments; ++i) {
        char32_t end = font.u16(ends + i * 2);
        char32_t start = font.u16(starts + i * 2);
        if (start == 0xFFFF || start > end)
            continue;
        // Segments whose glyph ids are all 0 (.notdef) would still look covered; fonts do not
        // ship such segments except the final 0xFFFF one, skipped above.
        ranges.emplace_back(start, end);
    }
}

void addFormat12(const FontBytes& font, std::size_t table,
                 std::vector<std::pair<char32_t, char32_t>>& ranges) {
    std::uint32_t groups = font.u32(table + 12);
    for (std::uint32_t i = 0; i < groups; ++i) {
        std::size_t group = table + 16 + static_cast<std::size_t>(i) * 12;
        char32_t start = font.u32(group);
        char32_t end = font.u32(group + 4);
        if (start <= end)
            ranges.emplace_back(start, end);
    }
}

/// The offset of the table tag in font, or 0.
std::size_t tableOffset(const FontBytes& font, std::uint32_t tag) {
    std::size_t tables = font.u16(4);
    for (std::size_t i = 0; i < tables; ++i) {
        std::size_t record = 12 + i * 16;
        if (font.u32(record) == tag)
            return font.u32(record + 8);
    }
    return 0;
}

/// The glyphs a composite glyph is made of (empty for a simple glyph).
std::vector<std::uint16_t> componentsOf(const FontBytes& font, std::size_t glyf, std::size_t start,
                                        std::size_t end) {
    std::vector<std::uint16_t> parts;
    if (end <= start || static_cast<std::int16_t>(font.u16(glyf + start)) >= 0)
        return parts;
    constexpr std::uint32_t WORDS = 0x0001, SCALE = 0x0008, MORE = 0x0020, XY_SCALE = 0x0040,
                            TWO_BY_TWO = 0x0080;
    std::size_t at = glyf + start + 10; // past numberOfContours and the bounding box
    for (int guard = 0; guard < 64; ++guard) {
        std::uint32_t flags = font.u16(at);
        parts.push_back(static_cast<std::uint16_t>(font.u16(at + 2)));
        at += 4 + ((flags & WORDS) ? 4 : 2);
        if (flags & SCALE)
            at += 2;
        else if (flags & XY_SCALE)
            at += 4;
        else if (flags & TWO_BY_TWO)
            at += 8;
        if (!(flags & MORE))
            break;
    }
    return parts;
}

/// Every glyph that is a component of a component (see nestedComponents).
std::vector<std::uint16_t> nestedComponentsOf(const FontBytes& font) {
    std::size_t head = tableOffset(font, 0x68656164); // 'head'
    std::size_t maxp = tableOffset(font, 0x6D617870); // 'maxp'
    std::size_t loca = tableOffset(font, 0x6C6F6361); // 'loca'
    std::size_t glyf = tableOffset(font, 0x676C7966); // 'glyf'
    if (!head || !maxp || !loca || !glyf)
        return {};
    const bool longOffsets = font.u16(head + 50) != 0;
    const std::size_t glyphs = font.u16(maxp + 4);
    auto offsetOf = [&](std::size_t glyph) -> std::size_t {
        return longOffsets ? font.u32(loca + glyph * 4) : font.u16(loca + glyph * 2) * 2u;
    };
    std::vector<std::vector<std::uint16_t>> parts(glyphs);
    for (std::size_t glyph = 0; glyph < glyphs; ++glyph)
        parts[glyph] = componentsOf(font, glyf, offsetOf(glyph), offsetOf(glyph + 1));
    std::vector<bool> nested(glyphs, false);
    // Parts of parts, to any depth: start from every composite's composite parts.
    std::vector<std::uint16_t> pending;
    for (const auto& list : parts)
        for (std::uint16_t part : list)
            if (part < glyphs && !parts[part].empty())
                pending.insert(pending.end(), parts[part].begin(), parts[part].end());
    while (!pending.empty()) {
        std::uint16_t glyph = pending.back();
        pending.pop_back();
        if (glyph >= glyphs || nested[glyph])
            continue;
        nested[glyph] = true;
        pending.insert(pending.end(), parts[glyph].begin(), parts[glyph].end());
    }
    std::vector<std::uint16_t> list;
    for (std::size_t glyph = 0; glyph < glyphs; ++glyph)
        if (nested[glyph])
            list.push_back(static_cast<std::uint16_t>(glyph));
    return list;
}

} // namespace

FontCoverage FontCoverage::ofFile(const std::string& path) {
    if (!Poco::File(path).exists())
        throw Poco::FileNotFoundException("font file " + path);
    Poco::FileInputStream in(path);
    std::string bytes;
    Poco::StreamCopier::copyToString(in, bytes);
    return ofBytes(bytes, path);
}

FontCoverage FontCoverage::ofBytes(std::string_view bytes, const std::string& name) {
    FontBytes font(bytes, name);
    std::uint32_t version = font.u32(0);
    if (version != 0x00010000 && version != 0x74727565) // 1.0 or 'true'; 'OTTO' is CFF
        font.fail("libharu reads TrueType outlines only");
    std::size_t tables = font.u16(4);
    std::size_t cmap = 0;
    for (std::size_t i = 0; i < tables; ++i) {
        std::size_t record = 12 + i * 16;
        if (font.u32(record) == 0x636D6170) // 'cmap'
            cmap = font.u32(record + 8);
    }
    if (cmap == 0)
        font.fail("no cmap table");
    // Prefer the full-repertoire subtable (3,10 or 0,4+, format 12), else the BMP one (3,1).
    std::size_t best = 0;
    int bestRank = 0;
    std::size_t subtables = font.u16(cmap + 2);
    for (std::size_t i = 0; i < subtables; ++i) {
        std::size_t record = cmap + 4 + i * 8;
        std::uint32_t platform = font.u16(record);
        std::uint32_t encoding = font.u16(record + 2);
        std::size_t offset = cmap + font.u32(record + 4);
        std::uint32_t format = font.u16(offset);
        int rank = 0;
        if (format == 12 && (platform == 0 || (platform == 3 && encoding == 10)))
            rank = 2;
        else if (format == 4 && (platform == 0 || (platform == 3 && encoding == 1)))
            rank = 1;
        if (rank > bestRank) {
            best = offset;
            bestRank = rank;
        }
    }
    if (bestRank == 0)
        font.fail("no Unicode cmap");
    FontCoverage coverage;
    if (bestRank == 2)
        addFormat12(font, best, coverage._ranges);
    else
        addFormat4(font, best, coverage._ranges);
    std::sort(coverage._ranges.begin(), coverage._ranges.end());
    coverage._nestedComponents = nestedComponentsOf(font);
    return coverage;
}

bool FontCoverage::has(char32_t codePoint) const {
    auto after = std::upper_bound(
        _ranges.begin(), _ranges.end(), codePoint,
        [](char32_t c, const std::pair<char32_t, char32_t>& range) { return c < range.first; });
    if (after == _ranges.begin())
        return false;
    --after;
    return codePoint >= after->first && codePoint <= after->second;
}

} // namespace Limber
