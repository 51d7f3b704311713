#pragma once

// The plain data the fhir plugin maps to FHIR R4: what the host hands over about one patient
// of one clinic. No Limber types: ids are strings, dates "YYYY-MM-DD", instants epoch seconds.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace Limber::Fhir {

/// Where the resources live and whose codes they use.
struct Bases {
    /// The FHIR base of this Limber ("https://limber.example.org/fhir/r4"), for fullUrl.
    std::string fhirBase;
    /// The canonical base of Limber's own definitions (StructureDefinition, CodeSystem,
    /// ActivityDefinition): "https://limber.example.org/fhir/r4".
    std::string canonicalBase;
    /// The clinic's identifier system for its record numbers (a URI).
    std::string recordNumberSystem;
};

struct ClinicData {
    std::string id; ///< Limber's clinic id
    std::string name;
    std::string address;
    std::string phone;
};

struct TherapistData {
    std::string id; ///< Limber's user id
    std::string name;
};

struct PatientData {
    std::string id; ///< Limber's patient id
    std::string recordNumber;
    std::string name; ///< full name as printed
    std::string firstName;
    std::string language;  ///< BCP-47: "en", "es"
    std::string birthDate; ///< "YYYY-MM-DD"; empty: not given
    std::string phone;     ///< empty: not given
    std::string email;     ///< empty: not given
    std::string therapistId;
    std::int64_t createdAt = 0;
};

/// A catalog exercise at the revision a program prescribes.
struct ExerciseData {
    std::string id;   ///< lowercase with dashes
    int revision = 0; ///< 0: a pack's exercise
    std::string name;
    std::string type; ///< stretch, balance, strength, mobility
    std::vector<std::string> regions;
    std::vector<std::string> steps;
    std::string source;
};

/// The dose of one prescribed exercise, as Limber keeps it.
struct DoseData {
    std::string holdUnit; ///< "seconds", "breaths" or empty (no hold)
    int hold = 0;
    int reps = 1;
    int sets = 1;
    std::string side = "both";           ///< both, each, left, right
    std::string sideOrder = "alternate"; ///< alternate, one-side-first (only with side each)
    int sessionsPerDay = 1;
    int daysPerWeek = 7;
    int restSeconds = 0;
    std::string text; ///< the exercise and dose in words, in the patient's language
};

struct ItemData {
    std::string exerciseId;
    int exerciseRevision = 0;
    DoseData dose;
    std::string note;
};

struct VersionData {
    int number = 1;
    std::string title;
    std::string startDate;
    std::string endDate;
    std::string effectiveFrom;
    std::int64_t createdAt = 0;
    std::string authorId; ///< the therapist who saved it
    std::vector<ItemData> items;
};

struct ProgramData {
    std::string id;
    std::vector<VersionData> versions; ///< ascending by number, never empty
};

/// What was logged for one exercise of a program on one day, over the day's sessions.
struct ExerciseDayData {
    std::string programId;
    int version = 1;
    std::string date;
    std::string exerciseId;
    int sessionsDone = 0;       ///< sessions in which every side of the exercise was done
    int sessionsPrescribed = 0; ///< sessions a day the version prescribes for the exercise
    std::int64_t recordedAt = 0;
};

/// One pain score of one session (NPRS 0-10), before or after it.
struct PainData {
    std::string programId;
    int version = 1;
    std::string date;
    int slot = 1;
    bool beforeSession = true;
    int value = 0;
    std::int64_t recordedAt = 0;
};

/// Everything about one patient that becomes FHIR.
struct PatientRecord {
    Bases bases;
    std::string today; ///< the clinic's date, for CarePlan and ServiceRequest status
    ClinicData clinic;
    std::vector<TherapistData> therapists; ///< the patient's therapist and every author
    PatientData patient;
    std::vector<ExerciseData> exercises; ///< each exercise a version prescribes
    std::vector<ProgramData> programs;
    std::vector<ExerciseDayData> days;
    std::vector<PainData> pains;
};

} // namespace Limber::Fhir
