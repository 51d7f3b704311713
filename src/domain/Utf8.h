#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace Limber {

/// One character decoded from UTF-8 text.
struct Utf8Character {
    char32_t codePoint = 0; ///< U+FFFD for a malformed sequence
    std::size_t length = 1; ///< bytes it took (at least 1, so a loop always advances)
    bool valid = true;      ///< false for a malformed, overlong or surrogate sequence
};

/// Decodes the character starting at text[at] (at < text.size()).
Utf8Character decodeUtf8(std::string_view text, std::size_t at);

/// Appends codePoint to out as UTF-8.
void appendUtf8(std::string& out, char32_t codePoint);

} // namespace Limber
