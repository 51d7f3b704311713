#pragma once

#include "Actor.h"
#include "AuditTrail.h"
#include "EventOutbox.h"
#include "catalog/Catalog.h"
#include "domain/Clock.h"
#include "domain/Store.h"

#include <optional>
#include <vector>

namespace Limber {

/// A saved program and the guardrails its current version trips (shown, not enforced).
struct SavedProgram {
    Program program;
    std::vector<PrescriptionWarning> warnings;
};

/// Building and revising patients' programs from the catalog.
class ProgramService {
public:
    /// outbox (optional) receives the program.saved and program.revised events.
    ProgramService(Store& store, const Clock& clock, const Catalog& catalog, AuditTrail& audit,
                   EventOutbox* outbox = nullptr);

    /// Throws ValidationException listing every problem of the prescription, including
    /// exercises and education items the clinic's catalog does not have.
    void validate(const Actor& actor, const Prescription& prescription) const;

    /// Starts a new program for the patient (version 1, in force from its start date). Each
    /// item of a clinic's own exercise records the revision in force, so the version keeps
    /// printing what was prescribed when the exercise is edited later.
    SavedProgram create(const Actor& actor, std::int64_t patientId,
                        const Prescription& prescription);

    /// Saves prescription as the next version of the program, in force from today (or from its
    /// start date when that is later). Earlier versions are kept.
    SavedProgram revise(const Actor& actor, std::int64_t programId,
                        const Prescription& prescription);

    /// Revises the patient's current program, or starts one when there is none.
    SavedProgram save(const Actor& actor, std::int64_t patientId, const Prescription& prescription);

    /// Throws Poco::NotFoundException unless the program is in the actor's clinic; not audited.
    void requireInClinic(const Actor& actor, std::int64_t programId) { load(actor, programId); }

    /// Throws Poco::NotFoundException when the program is not in the actor's clinic. Audited
    /// as a view of the patient's program.
    Program get(const Actor& actor, std::int64_t programId);

    /// The patient's newest program, if any (not audited: callers show it as part of a
    /// patient view that is).
    std::optional<Program> current(const Actor& actor, std::int64_t patientId);

    /// The current prescription of another patient's program, to start a program from: the
    /// same exercises, doses, notes and advice, moved to start on startDate and last as long.
    /// Throws Poco::NotFoundException when the patient is not in the actor's clinic or has no
    /// program. Audited as a view of that patient's program ("program.copy").
    Prescription copyOf(const Actor& actor, std::int64_t sourcePatientId, Date startDate);

    /// Guardrails a prescription of the actor's clinic trips (shown, not enforced).
    std::vector<PrescriptionWarning> warnings(const Actor& actor,
                                              const Prescription& prescription) const;
    /// The same for a prescription of pack exercises only (no clinic's own exercises).
    std::vector<PrescriptionWarning> warnings(const Prescription& prescription) const;

private:
    /// Validates prescription against the clinic's catalog and pins its revisions.
    Prescription checked(const Actor& actor, const Prescription& prescription) const;
    Program load(const Actor& actor, std::int64_t programId);

    Store& _store;
    const Clock& _clock;
    const Catalog& _catalog;
    /// Inside the program's transaction: type (program.saved or program.revised).
    void recordProgramEvent(const char* type, std::int64_t patientId, std::int64_t programId,
                            int version, std::int64_t clinicId);

    AuditTrail& _audit;
    EventOutbox* _outbox;
};

} // namespace Limber
