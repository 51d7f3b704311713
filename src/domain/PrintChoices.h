#pragma once

#include "Language.h"

#include <optional>
#include <string>
#include <string_view>

namespace Limber {

/// The paper handouts and reports print on. A clinic remembers the one it last chose.
enum class PaperSize { Letter, A4 };

/// The paper's name in addresses, forms, the API and the database: "letter" or "a4".
inline std::string_view paperSizeName(PaperSize paper) {
    return paper == PaperSize::A4 ? "a4" : "letter";
}

/// The paper named by name ("letter" or "a4", any case), or nullopt for anything else.
inline std::optional<PaperSize> paperSizeFromName(std::string_view name) {
    auto is = [name](std::string_view word) {
        if (name.size() != word.size())
            return false;
        for (std::size_t i = 0; i < name.size(); ++i)
            if ((name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]) != word[i])
                return false;
        return true;
    };
    if (is("letter"))
        return PaperSize::Letter;
    if (is("a4"))
        return PaperSize::A4;
    return std::nullopt;
}

/// Whether code may name a handout's language: one of SUPPORTED_LANGUAGES, or "" for the
/// patient's own. HANDOUT_LANGUAGE_RULE says so to whoever gave another.
inline bool isHandoutLanguage(std::string_view code) {
    return code.empty() || isSupportedLanguage(code);
}
inline constexpr const char* HANDOUT_LANGUAGE_RULE =
    "must be en or es (or empty for the patient's language)";

/// How a patient's handouts were last printed, offered again at the next print.
struct PatientPrintChoices {
    bool largePrint = false; ///< body text in large type
    /// The handout's language when it is not the patient's own (one of SUPPORTED_LANGUAGES);
    /// empty: the patient's own language, whatever it is at the time of printing.
    std::string language;

    bool operator==(const PatientPrintChoices&) const = default;
};

} // namespace Limber
