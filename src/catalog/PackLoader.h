#pragma once

#include "Pack.h"

#include <Poco/Exception.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

class Catalog;

/// What loading a pack found: the pack when it has no errors, and every problem.
struct PackLoadResult {
    std::optional<Pack> pack;
    std::string packId; ///< the pack's id as the file gives it, even when the pack has errors
    std::vector<PackProblem> problems;

    bool hasErrors() const;
};

/// How strict to be with a pack, and what else it may refer to.
struct PackRules {
    /// A missing translation of one of the pack's languages is an error (built-in pack) rather
    /// than a warning (a clinic's own pack).
    bool requireAllLanguages = true;
    /// The catalog the pack joins (the built-in pack, for a clinic's pack): its terms,
    /// exercises and education items may be used by the pack's entries and templates, and its
    /// ids may not be taken again. Null: the pack must stand on its own.
    const Catalog* context = nullptr;
    /// Whether terms, links and ids are checked against the pack and the context. Off only to
    /// read back an entry that was checked when it was saved (a clinic's stored revision), so
    /// a later change to the catalog never makes an old revision unreadable.
    bool checkReferences = true;
};

/// Thrown when a pack that must load (at start-up) has errors. The message is the first
/// problem; problems() lists all.
class PackException : public Poco::DataFormatException {
public:
    explicit PackException(std::vector<PackProblem> problems);
    const std::vector<PackProblem>& problems() const { return _problems; }
    Poco::Exception* clone() const override { return new PackException(*this); }
    void rethrow() const override { throw *this; }

private:
    std::vector<PackProblem> _problems;
};

/// Parses and validates pack JSON. fileName is used in problems only.
PackLoadResult loadPack(std::string_view json, const std::string& fileName, PackRules rules);

/// Reads and loads the pack file at path; a file that cannot be read is a problem too.
PackLoadResult loadPackFile(const std::string& path, PackRules rules);

/// Loads a pack and throws PackException when it has errors.
Pack loadPackOrThrow(std::string_view json, const std::string& fileName, PackRules rules);

/// What validating one exercise entry found: the exercise when it has no errors, and every
/// problem (filed under `where`, the entry's id and the field).
struct ExerciseEntryResult {
    std::optional<Exercise> exercise;
    std::vector<PackProblem> problems;

    bool hasErrors() const;
};

/// Validates one exercise written as a pack's exercise entry (a clinic's own exercise) with
/// exactly the rules loadPack applies to a pack's exercises. Its terms, regression and
/// progression must be in rules.context (required); languages are the languages it should be
/// written in ("en" always). Its id may not be one of a pack's entries in the context.
ExerciseEntryResult loadExerciseEntry(std::string_view json, const std::string& where,
                                      const std::vector<std::string>& languages, PackRules rules);

/// The text of one exercise entry (its source, and its name, aliases, steps, cues, mistakes,
/// precautions, easier and harder way in every language it is written in) checked against the
/// text rule exactly as loadExerciseEntry reads it, without its terms or links: for finding
/// text that an earlier version stored. Fields are the entry's JSON paths ("text.en.name").
std::vector<FieldError> exerciseEntryTextErrors(std::string_view json);

} // namespace Limber
