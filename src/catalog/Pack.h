#pragma once

#include "domain/Exercise.h"

#include <string>
#include <vector>

namespace Limber {

/// A set of catalog entries loaded from one pack file (the built-in back-care pack, a clinic's
/// own, a plugin's). The file format is documented in README "Catalog packs".
struct Pack {
    std::string id;
    std::string name;
    std::string version;
    std::vector<std::string> languages; ///< languages every entry must be written in
    std::vector<Exercise> exercises;
    std::vector<EducationItem> education;
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
