#pragma once

#include "Date.h"
#include "Dose.h"
#include "ValidationException.h"

#include <cstdint>
#include <string>
#include <vector>

namespace Limber {

/// One exercise of a program, with its dose and the therapist's note for the patient.
struct ProgramItem {
    std::string exerciseId;
    Dose dose;
    std::string note;
    /// The revision of a clinic's own exercise in force when the version was saved, so the
    /// version keeps printing the text it was prescribed with; 0 for a pack's exercise.
    int exerciseRevision = 0;
    bool operator==(const ProgramItem&) const = default;
};

/// What a therapist prescribes; the shape of the program JSON file's body.
struct Prescription {
    std::string title;
    Date startDate;
    Date endDate;
    std::vector<ProgramItem> items;
    std::vector<std::string> educationIds;
    std::string notes;
    bool operator==(const Prescription&) const = default;
};

/// Structural limits of a prescription (refused beyond them).
struct PrescriptionLimits {
    static constexpr std::size_t MAX_TITLE = 120;
    static constexpr std::size_t MAX_ITEMS = 30;
    static constexpr std::size_t MAX_EDUCATION = 20;
    static constexpr std::size_t MAX_NOTE = 1000;
    static constexpr int MAX_DAYS = 366;
    /// Above this many exercises a session the therapist is warned (CLINICAL.md).
    static constexpr std::size_t WARN_ITEMS = 8;
};

/// Errors of a prescription that need no catalog: title, dates, counts, doses, notes.
/// Fields are the program JSON paths: "title", "items[2].dose.reps".
std::vector<FieldError> prescriptionErrors(const Prescription& prescription);

/// One saved state of a program. An edit makes a new version; old ones are kept.
struct ProgramVersion {
    int number = 1;
    Date effectiveFrom; ///< the first day this version is in force
    Prescription prescription;
    std::int64_t createdAt = 0;
    std::int64_t createdBy = 0;
};

/// A patient's prescription with its history of versions (ascending by number, never empty).
struct Program {
    std::int64_t id = 0;
    std::int64_t clinicId = 0;
    std::int64_t patientId = 0;
    int episode = 1; ///< the patient's episode of care it was started in (Patient::episode)
    std::vector<ProgramVersion> versions;

    const ProgramVersion& current() const { return versions.back(); }
    /// The version in force on day: the latest whose effectiveFrom is on or before day; the
    /// first version for days before any. Returns nullptr when day is outside that version's
    /// start and end dates.
    const ProgramVersion* versionOn(Date day) const;
    /// The version with this number, or nullptr.
    const ProgramVersion* version(int number) const;
};

/// Program-level frequency: the most demanding item's days a week and sessions a day.
int practiceDaysPerWeek(const Prescription& prescription);
int sessionsPerDay(const Prescription& prescription);

} // namespace Limber
