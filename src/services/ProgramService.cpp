#include "ProgramService.h"

#include "ClinicCatalog.h"

#include <Poco/Exception.h>

#include <algorithm>

namespace Limber {

ProgramService::ProgramService(Store& store, const Clock& clock, const Catalog& catalog,
                               AuditTrail& audit, EventOutbox* outbox)
    : _store(store), _clock(clock), _catalog(catalog), _audit(audit), _outbox(outbox) {}

void ProgramService::recordProgramEvent(const char* type, std::int64_t patientId,
                                        std::int64_t programId, int version,
                                        std::int64_t clinicId) {
    if (!_outbox || !_outbox->active())
        return;
    PluginEvent event;
    event.type = type;
    event.clinicId = clinicId;
    event.patientId = patientId;
    event.data = {{"programId", programId}, {"version", std::int64_t{version}}};
    _outbox->record(event);
}

void ProgramService::validate(const Actor& actor, const Prescription& prescription) const {
    checked(actor, prescription);
}

Prescription ProgramService::checked(const Actor& actor, const Prescription& prescription) const {
    Catalog catalog = clinicCatalog(_store, _catalog, actor.clinicId);
    FieldErrors errors;
    errors.addAll(prescriptionErrors(prescription));
    errors.addAll(catalog.prescriptionErrors(prescription));
    errors.throwIfAny();
    return pinRevisions(catalog, prescription);
}

std::vector<PrescriptionWarning> ProgramService::warnings(const Actor& actor,
                                                          const Prescription& prescription) const {
    return prescriptionCatalog(_store, _catalog, actor.clinicId, prescription)
        .warnings(prescription);
}

std::vector<PrescriptionWarning> ProgramService::warnings(const Prescription& prescription) const {
    return _catalog.warnings(prescription);
}

namespace {

/// Throws Poco::IllegalStateException for a discharged patient: programs change in care only.
void requireInCare(const Patient& patient) {
    if (patient.discharged())
        throw Poco::IllegalStateException(
            "the patient is discharged: re-admit the patient to change the program");
}

} // namespace

SavedProgram ProgramService::create(const Actor& actor, std::int64_t patientId,
                                    const Prescription& prescription) {
    // Scope first: another clinic's id answers 404 whatever the body, so answers never tell
    // which ids exist elsewhere.
    std::optional<Patient> patient = _store.patient(actor.clinicId, patientId);
    if (!patient)
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    requireInCare(*patient);
    ProgramVersion first;
    first.prescription = checked(actor, prescription);
    first.effectiveFrom = prescription.startDate;
    first.createdAt = _clock.nowSeconds();
    first.createdBy = actor.userId;
    std::int64_t id = 0;
    _store.atomically([&] {
        id = _store.createProgram(actor.clinicId, patientId, first);
        _audit.record(actor, patientId, "program.create", "program " + std::to_string(id));
        recordProgramEvent(EventTypes::PROGRAM_SAVED, patientId, id, 1, actor.clinicId);
    });
    return {load(actor, id), warnings(actor, first.prescription)};
}

SavedProgram ProgramService::revise(const Actor& actor, std::int64_t programId,
                                    const Prescription& prescription) {
    Program existing = load(actor, programId);
    if (std::optional<Patient> patient = _store.patient(actor.clinicId, existing.patientId)) {
        requireInCare(*patient);
        if (patient->episode != existing.episode)
            throw Poco::IllegalStateException(
                "the program belongs to an earlier episode of care: start a new program");
    }
    ProgramVersion next;
    next.prescription = checked(actor, prescription);
    next.effectiveFrom = std::max(_clock.today(), prescription.startDate);
    next.createdAt = _clock.nowSeconds();
    next.createdBy = actor.userId;
    _store.atomically([&] {
        int number = _store.addProgramVersion(actor.clinicId, programId, next);
        _audit.record(actor, existing.patientId, "program.revise",
                      "program " + std::to_string(programId) + " version " +
                          std::to_string(number));
        recordProgramEvent(EventTypes::PROGRAM_REVISED, existing.patientId, programId, number,
                           actor.clinicId);
    });
    return {load(actor, programId), warnings(actor, next.prescription)};
}

SavedProgram ProgramService::save(const Actor& actor, std::int64_t patientId,
                                  const Prescription& prescription) {
    if (auto existing = current(actor, patientId))
        return revise(actor, existing->id, prescription);
    return create(actor, patientId, prescription);
}

Program ProgramService::load(const Actor& actor, std::int64_t programId) {
    std::optional<Program> program = _store.program(actor.clinicId, programId);
    if (!program)
        throw Poco::NotFoundException("program " + std::to_string(programId));
    return *program;
}

Program ProgramService::get(const Actor& actor, std::int64_t programId) {
    Program program = load(actor, programId);
    _audit.record(actor, program.patientId, "program.view", "program " + std::to_string(programId));
    return program;
}

Prescription ProgramService::copyOf(const Actor& actor, std::int64_t sourcePatientId,
                                    Date startDate) {
    std::optional<Program> program = current(actor, sourcePatientId);
    if (!program)
        throw Poco::NotFoundException("patient " + std::to_string(sourcePatientId) +
                                      " has no program to copy");
    Prescription copy = program->current().prescription;
    int days = copy.startDate.daysUntil(copy.endDate);
    copy.startDate = startDate;
    copy.endDate = startDate.plusDays(days);
    _audit.record(actor, sourcePatientId, "program.copy",
                  "program " + std::to_string(program->id) + " version " +
                      std::to_string(program->current().number));
    return copy;
}

std::optional<Program> ProgramService::current(const Actor& actor, std::int64_t patientId) {
    std::vector<Program> programs = _store.programsOfPatient(actor.clinicId, patientId);
    if (programs.empty())
        return std::nullopt;
    return programs.back();
}

} // namespace Limber
