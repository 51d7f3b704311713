#pragma once

#include <array>
#include <string_view>

namespace Limber {

/// Languages Limber prints and shows to patients. English is the fallback for any text.
inline constexpr std::array<std::string_view, 2> SUPPORTED_LANGUAGES{"en", "es"};

inline bool isSupportedLanguage(std::string_view code) {
    for (auto supported : SUPPORTED_LANGUAGES)
        if (supported == code)
            return true;
    return false;
}

} // namespace Limber
