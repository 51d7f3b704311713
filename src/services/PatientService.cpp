#include "PatientService.h"

#include "domain/Language.h"
#include "domain/ValidationException.h"

#include <Poco/Exception.h>
#include <Poco/String.h>

namespace Limber {

PatientService::PatientService(Store& store, const Clock& clock, PatientLinks& links)
    : _store(store), _clock(clock), _links(links) {}

Patient PatientService::create(const Actor& actor, const NewPatient& input) {
    FieldErrors errors;
    Patient patient;
    patient.clinicId = actor.clinicId;
    patient.therapistId = actor.userId;
    patient.name = Poco::trim(input.name);
    patient.firstName = Poco::trim(input.firstName);
    patient.recordNumber = Poco::trim(input.recordNumber);
    patient.language = Poco::trim(input.language);
    if (patient.name.empty() || patient.name.size() > 120)
        errors.add("name", "must be 1 to 120 characters");
    if (patient.firstName.empty())
        patient.firstName = patient.name.substr(0, patient.name.find(' '));
    if (patient.firstName.size() > 60)
        errors.add("firstName", "must be at most 60 characters");
    if (patient.recordNumber.empty() || patient.recordNumber.size() > 40)
        errors.add("recordNumber", "must be 1 to 40 characters");
    if (!isSupportedLanguage(patient.language))
        errors.add("language", "must be en (English) or es (Spanish)");
    errors.throwIfAny();
    patient.createdAt = _clock.nowSeconds();
    patient.id = _store.createPatient(patient, _links.draft(patient.clinicId, 0));
    return patient;
}

Patient PatientService::get(const Actor& actor, std::int64_t patientId) {
    std::optional<Patient> patient = _store.patient(actor.clinicId, patientId);
    if (!patient)
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    return *patient;
}

std::vector<Patient> PatientService::list(const Actor& actor) {
    return _store.patients(actor.clinicId);
}

} // namespace Limber
