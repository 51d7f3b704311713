#pragma once

#include "Actor.h"
#include "AuditTrail.h"
#include "catalog/Catalog.h"
#include "domain/Clock.h"
#include "domain/Store.h"

#include <string>
#include <vector>

namespace Limber {

/// A saved revision of a clinic's exercise and what the therapist should know about it
/// (missing translations, a default dose outside the guardrails).
struct SavedExercise {
    Exercise exercise;
    std::vector<FieldError> warnings;
};

/// One revision of a clinic's exercise, with who saved it and when.
struct ExerciseRevisionInfo {
    Exercise exercise;
    std::int64_t createdAt = 0;
    std::int64_t createdBy = 0;
    std::string createdByName;
};

/// A clinic's own exercises. Every user of the clinic sees them in the catalog; only the
/// clinic's admins add and edit them. Entries of the packs (the built-in one included) are
/// read-only: an admin copies one to adapt it. Every save is a new revision, validated by the
/// pack loader exactly like a pack's exercise, and audited; old revisions stay, so a program
/// version prints the revision it prescribed. Another clinic never sees them.
class ClinicExerciseService {
public:
    ClinicExerciseService(Store& store, const Clock& clock, const Catalog& shared,
                          AuditTrail& audit);

    const Catalog& shared() const { return _shared; }

    /// The actor's clinic's catalog: the packs plus its own exercises at their newest revision.
    Catalog catalog(const Actor& actor) const;

    /// The catalog a prescription of the actor's clinic prints from (the revisions it names).
    Catalog catalogFor(const Actor& actor, const Prescription& prescription) const;

    /// Every revision of one of the clinic's exercises, oldest first. Throws
    /// Poco::NotFoundException when the clinic has no such exercise.
    std::vector<ExerciseRevisionInfo> history(const Actor& actor, const std::string& id) const;

    /// Adds a new exercise of the clinic (revision 1). Admins only (Poco::NoPermissionException
    /// otherwise). Throws ValidationException naming each bad field as the pack entry names it
    /// ("defaultDose.reps", "text.es.steps"; "figure" for a drawing the figure library does
    /// not have), Poco::ExistsException when the id is an entry
    /// of a pack or already one of the clinic's.
    SavedExercise create(const Actor& actor, const Exercise& exercise);

    /// An id for a new exercise named name (exerciseIdFromName) that no exercise the clinic
    /// sees has yet: "wall-sit", else "wall-sit-2", "wall-sit-3"...
    std::string unusedIdFor(const Actor& actor, const std::string& name) const;

    /// Saves exercise as the next revision of the clinic's exercise id. basedOn is the
    /// revision the admin edited: Poco::ExistsException when another edit was saved since
    /// (nothing is overwritten). Poco::NotFoundException when the clinic has no such exercise
    /// (a pack's exercise is read-only: copy it). Otherwise as create().
    SavedExercise update(const Actor& actor, const std::string& id, const Exercise& exercise,
                         int basedOn);

    /// A draft copy of an exercise of the catalog under newId, for an admin to adapt and then
    /// create(). Not saved. Throws Poco::NotFoundException when there is no such exercise.
    Exercise copyOf(const Actor& actor, const std::string& sourceId,
                    const std::string& newId) const;

private:
    SavedExercise save(const Actor& actor, const Exercise& exercise, int revision,
                       const std::string& action);

    Store& _store;
    const Clock& _clock;
    const Catalog& _shared;
    AuditTrail& _audit;
};

} // namespace Limber
