#pragma once

#include "Pack.h"
#include "domain/Dose.h"
#include "domain/Program.h"

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

/// Every entry a therapist can prescribe, from all loaded packs. Read-only once built; safe to
/// share between threads.
class Catalog {
public:
    /// Adds the pack's entries. Throws Poco::ExistsException when an id is already taken.
    void addPack(const Pack& pack);

    const std::vector<Pack>& packs() const { return _packs; }
    const Exercise* exercise(const std::string& id) const;
    const EducationItem* educationItem(const std::string& id) const;
    /// All exercises, in pack order.
    std::vector<const Exercise*> exercises() const;
    std::vector<const EducationItem*> educationItems() const;

    /// The default dose of an exercise; nullopt when id is not an exercise.
    std::optional<Dose> defaultDose(const std::string& id) const;

    /// Errors only the catalog can see: exercise and education ids that are not in it.
    std::vector<FieldError> prescriptionErrors(const Prescription& prescription) const;

    /// Guardrails the therapist should see: dose warnings of every item, and too many
    /// exercises in a session.
    std::vector<PrescriptionWarning> warnings(const Prescription& prescription) const;

private:
    std::vector<Pack> _packs;
};

/// The built-in back-care pack, compiled into the program.
std::string_view builtInPackJson();

/// A catalog holding the built-in pack. Throws PackException if the pack is invalid.
Catalog loadBuiltInCatalog();

} // namespace Limber
