#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace Limber {

/// The single-byte encodings PDF text is set in, in order of preference, and the byte each
/// character takes in each. Text switches encoding per run (Latin in WinAnsi, a Greek name in
/// CP1253, a Russian one in CP1251), which keeps fonts simple: libharu loads a simple font in a
/// fraction of the time a UTF-8 (CID) font takes and embeds it far smaller (TRAPS.md).
/// Built once from libharu's own tables, so it always agrees with what libharu writes.
class TextEncodings {
public:
    static constexpr std::size_t COUNT = 7;

    /// The tables, built on first use (thread-safe).
    static const TextEncodings& instance();

    /// libharu's name of encoding index ("WinAnsiEncoding", "CP1251", ...).
    static const char* name(std::size_t index);

    /// Bit i is set when encoding i has codePoint; 0 when none has it.
    std::uint8_t encodingsOf(char32_t codePoint) const {
        return codePoint < LIMIT ? _table[codePoint].mask : 0;
    }
    /// The byte of codePoint in encoding index; only meaningful when encodingsOf has that bit.
    unsigned char byteOf(char32_t codePoint, std::size_t index) const {
        return _table[codePoint].bytes[index];
    }
    /// Every character some encoding has, ascending.
    std::vector<char32_t> characters() const;

private:
    TextEncodings();

    /// Every character of the encodings is below this (the highest is U+2122).
    static constexpr char32_t LIMIT = 0x2200;
    struct Entry {
        std::uint8_t mask = 0;
        std::array<unsigned char, COUNT> bytes{};
    };
    std::vector<Entry> _table;
};

} // namespace Limber
