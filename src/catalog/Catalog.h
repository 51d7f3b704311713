#pragma once

#include "CatalogSearch.h"
#include "Pack.h"
#include "domain/Dose.h"
#include "domain/Program.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// A dose warning of one program item, for the therapist.
struct PrescriptionWarning {
    std::string field; ///< "items[2].dose.holdSeconds", or "items" for program-wide warnings
    std::string code;
    std::string message;
};

/// Every entry a therapist can prescribe: the loaded packs and, in a clinic's catalog, the
/// clinic's own exercises. Read-only once built; safe to share between threads. Copies are
/// cheap: the packs themselves are shared, never copied.
class Catalog {
public:
    /// Adds the pack's entries. Throws Poco::ExistsException when an entry or template id is
    /// already taken. A term another pack already declares keeps the first pack's labels.
    void addPack(const Pack& pack);

    /// This catalog plus a clinic's own exercises (revision > 0), which take precedence over
    /// a pack's exercise of the same id within the clinic.
    Catalog withOwnExercises(std::vector<Exercise> own) const;

    const std::vector<std::shared_ptr<const Pack>>& packs() const { return _packs; }
    /// An owner of every entry this catalog points to: hold it to use the entries after the
    /// catalog itself is gone (a handout made from a clinic's catalog does).
    std::shared_ptr<const void> entriesOwner() const {
        return std::make_shared<const Catalog>(*this);
    }
    const Exercise* exercise(const std::string& id) const;
    const EducationItem* educationItem(const std::string& id) const;
    const ProgramTemplate* programTemplate(const std::string& id) const;
    const Term* term(TermKind kind, const std::string& id) const;
    /// Whether id names any entry (exercise or education item).
    bool hasEntry(const std::string& id) const;

    /// All exercises: the packs' in pack order, then the clinic's own.
    std::vector<const Exercise*> exercises() const;
    /// The exercises query asks for, in the order of exercises().
    std::vector<const Exercise*> find(const ExerciseQuery& query) const;
    std::vector<const EducationItem*> educationItems() const;
    std::vector<const ProgramTemplate*> templates() const;
    /// The terms of a kind, in the order the packs declare them.
    std::vector<const Term*> terms(TermKind kind) const;

    /// The default dose of an exercise; nullopt when id is not an exercise.
    std::optional<Dose> defaultDose(const std::string& id) const;

    /// Errors only the catalog can see: exercise and education ids that are not in it.
    std::vector<FieldError> prescriptionErrors(const Prescription& prescription) const;

    /// Guardrails the therapist should see: dose warnings of every item, and too many
    /// exercises in a session.
    std::vector<PrescriptionWarning> warnings(const Prescription& prescription) const;

private:
    std::vector<std::shared_ptr<const Pack>> _packs;
    std::shared_ptr<const std::vector<Exercise>> _own;
    std::map<std::string, const Exercise*> _exercises;
    std::map<std::string, const EducationItem*> _education;
    std::map<std::string, const ProgramTemplate*> _templates;
    std::map<std::pair<TermKind, std::string>, const Term*> _terms;
};

/// The built-in back-care pack, compiled into the program.
std::string_view builtInPackJson();

/// A catalog holding the built-in pack. Throws PackException if the pack is invalid.
Catalog loadBuiltInCatalog();

/// The label of an exercise type in language ("Stretch", "Estiramiento").
std::string typeLabel(ExerciseType type, const std::string& language);

} // namespace Limber
