#include "HandoutService.h"

#include "ClinicCatalog.h"
#include "ProgramVersionLookup.h"

#include <Poco/Exception.h>

namespace Limber {

Handout composeHandout(const Catalog& catalog, const Prescription& prescription) {
    FieldErrors errors;
    errors.addAll(catalog.prescriptionErrors(prescription));
    errors.throwIfAny();
    Handout handout;
    handout.entries = catalog.entriesOwner();
    handout.prescription = prescription;
    for (const auto& item : prescription.items)
        handout.exercises.push_back(catalog.exercise(item.exerciseId));
    for (const auto& id : prescription.educationIds)
        handout.education.push_back(catalog.educationItem(id));
    return handout;
}

HandoutService::HandoutService(Store& store, const Clock& clock, const Catalog& catalog,
                               PatientLinks& links, AuditTrail& audit, const HandoutReport& report)
    : _store(store), _clock(clock), _catalog(catalog), _links(links), _audit(audit),
      _report(report) {}

std::string HandoutService::render(const Actor& actor, std::int64_t programId,
                                   std::optional<int> versionNumber,
                                   const HandoutOptions& options) {
    Handout handout = prepare(actor, programId, versionNumber);
    if (!options.language.empty())
        handout.language = options.language;
    return _report.render(handout, options);
}

Handout HandoutService::prepare(const Actor& actor, std::int64_t programId,
                                std::optional<int> versionNumber) {
    ProgramVersionOfPatient found =
        findProgramVersion(_store, actor.clinicId, programId, versionNumber);
    const Prescription& prescription = found.version().prescription;
    // The clinic's exercises at the revisions this version prescribed; the handout keeps
    // them alive (Handout::entries).
    Catalog catalog = prescriptionCatalog(_store, _catalog, actor.clinicId, prescription);
    Handout handout = composeHandout(catalog, prescription);
    addPatient(handout, actor, found.patient);
    handout.version = found.versionNumber;
    _report.check(handout);
    _audit.record(actor, found.patient.id, "handout.print",
                  "program " + std::to_string(programId) + " version " +
                      std::to_string(found.versionNumber));
    return handout;
}

void HandoutService::addPatient(Handout& handout, const Actor& actor, const Patient& patient) {
    handout.clinic = _store.clinic(actor.clinicId).value_or(Clinic{});
    if (auto therapist = _store.user(patient.therapistId))
        handout.therapistName = therapist->name;
    handout.patient = patient;
    handout.language = patient.language;
    if (auto printed = _links.currentForPrinting(actor.clinicId, patient.id)) {
        handout.checkinUrl = printed->url;
        handout.checkinCode = printed->code;
        handout.codeEntryUrl = _links.codeEntryAddress();
    }
    handout.printedOn = _clock.today();
}

std::string HandoutService::preview(const Actor& actor, std::int64_t patientId,
                                    const Prescription& prescription,
                                    const HandoutOptions& options) {
    std::optional<Patient> patient = _store.patient(actor.clinicId, patientId);
    if (!patient)
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    Catalog catalog = clinicCatalog(_store, _catalog, actor.clinicId);
    FieldErrors errors;
    errors.addAll(prescriptionErrors(prescription));
    errors.addAll(catalog.prescriptionErrors(prescription));
    errors.throwIfAny();
    Handout handout = composeHandout(catalog, prescription);
    addPatient(handout, actor, *patient);
    if (!options.language.empty())
        handout.language = options.language;
    handout.version = 0;
    handout.preview = true;
    _report.check(handout);
    std::string pdf = _report.render(handout, options);
    _audit.record(actor, patient->id, "handout.preview", "a program not saved yet");
    return pdf;
}

std::vector<DueHandout> HandoutService::dueOn(Date day, std::optional<std::int64_t> clinicId) {
    std::vector<DueHandout> due;
    for (const Clinic& clinic : _store.clinics()) {
        if (clinicId && clinic.id != *clinicId)
            continue;
        for (const Patient& patient : _store.patients(clinic.id))
            for (const Program& program : _store.programsOfPatient(clinic.id, patient.id))
                if (program.current().effectiveFrom == day)
                    due.push_back({clinic.id, program.id, program.current().number, patient});
    }
    return due;
}

} // namespace Limber
