#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace Limber {

/// Limits of the JSON parser.
struct JsonLimits {
    static constexpr std::size_t MAX_DEPTH = 64; ///< nested arrays and objects
};

/// Parses text as one JSON value (RFC 8259), strictly, for every JSON input Limber reads (API
/// bodies, program files, packs, figures): it refuses what other parsers let through or
/// guess at, so that nothing is silently changed:
///  - a key that appears twice in one object (Poco's parser keeps the last);
///  - a number out of range: integers beyond 64 bits are kept as a double (so that a field's
///    range check refuses them, never wrapped to 0-3 as a 64-bit conversion would), and a
///    number beyond a double's range is refused;
///  - strings that are not valid UTF-8, or that escape a lone surrogate;
///  - raw control characters in strings, trailing text, nesting deeper than MAX_DEPTH.
/// Objects keep their keys in the order of the text. Integers are Poco::Int64, other numbers
/// double, null an empty Var.
///
/// Throws ValidationException naming the place ("what" for syntax errors with line and
/// column; "items[2].dose" for a repeated key or a bad value) and the reason.
Poco::Dynamic::Var parseJson(std::string_view text, const std::string& what);

} // namespace Limber
