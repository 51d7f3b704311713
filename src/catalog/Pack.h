#pragma once

#include "domain/Exercise.h"
#include "domain/ProgramTemplate.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// What a term classifies: the four facets a therapist filters the catalog by.
enum class TermKind { Strategy, Region, Position, Equipment };

/// The pack's name of a kind ("strategies", "regions", "positions", "equipment").
std::string_view toString(TermKind kind);
std::optional<TermKind> termKindFromString(std::string_view text);
inline constexpr TermKind TERM_KINDS[] = {TermKind::Strategy, TermKind::Region, TermKind::Position,
                                          TermKind::Equipment};

/// One word of a pack's vocabulary ("lower-back"), with its label per language ("Low back",
/// "Zona lumbar"). Entries may only use terms some loaded pack declares, so a typo never
/// creates a facet of its own.
struct Term {
    TermKind kind = TermKind::Strategy;
    std::string id;
    std::map<std::string, std::string> label; ///< by language code; "en" is always present

    /// The label in language, or English when that language is missing.
    const std::string& labelIn(const std::string& language) const;
};

/// A set of catalog entries loaded from one pack file (the built-in back-care pack, a clinic's
/// own, a plugin's). The file format is documented in README "Catalog packs".
struct Pack {
    std::string id;
    std::string name;
    std::string version;
    std::vector<std::string> languages; ///< languages every entry must be written in
    std::vector<Term> terms;
    std::vector<Exercise> exercises;
    std::vector<EducationItem> education;
    std::vector<ProgramTemplate> templates;
};

/// One thing wrong with a pack: where (file, entry id, field) and why.
struct PackProblem {
    std::string file;
    std::string entryId; ///< empty for the pack's own fields
    std::string field;
    std::string message;
    bool warning = false; ///< a warning does not stop the pack from loading

    /// "file: entry: field: message" (entry left out when empty).
    std::string toString() const;
};

} // namespace Limber
