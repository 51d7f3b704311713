#include "PatientService.h"

#include "domain/Language.h"
#include "domain/TextRule.h"
#include "domain/ValidationException.h"

#include <Poco/Exception.h>
#include <Poco/String.h>

#include <algorithm>

namespace Limber {

std::optional<PatientOrder> patientOrderFromString(const std::string& text) {
    if (text == "name")
        return PatientOrder::Name;
    if (text == "record")
        return PatientOrder::RecordNumber;
    if (text == "newest")
        return PatientOrder::Newest;
    return std::nullopt;
}

PatientService::PatientService(Store& store, const Clock& clock, PatientLinks& links,
                               AuditTrail& audit)
    : _store(store), _clock(clock), _links(links), _audit(audit) {}

Patient PatientService::create(const Actor& actor, const NewPatient& input) {
    FieldErrors errors;
    Patient patient;
    patient.clinicId = actor.clinicId;
    patient.therapistId = actor.userId;
    patient.name = checkedField(errors, "name", input.name, TextKind::Name, 120);
    patient.firstName = checkedField(errors, "firstName", input.firstName, TextKind::Name, 60);
    patient.recordNumber =
        checkedField(errors, "recordNumber", input.recordNumber, TextKind::Name, 40);
    patient.language = Poco::trim(input.language);
    if (Poco::trim(patient.name).empty())
        errors.add("name", "must be 1 to 120 characters");
    if (errors.empty() && patient.firstName.empty())
        patient.firstName = patient.name.substr(0, patient.name.find(' '));
    if (Poco::trim(patient.recordNumber).empty())
        errors.add("recordNumber", "must be 1 to 40 characters");
    if (!isSupportedLanguage(patient.language))
        errors.add("language", "must be en (English) or es (Spanish)");
    errors.throwIfAny();
    patient.createdAt = _clock.nowSeconds();
    PatientLink firstLink = _links.draft(patient.clinicId, 0);
    _store.atomically([&] {
        patient.id = _store.createPatient(patient, firstLink);
        _audit.record(actor, patient.id, "patient.create", "record " + patient.recordNumber);
    });
    return patient;
}

Patient PatientService::get(const Actor& actor, std::int64_t patientId) {
    std::optional<Patient> patient = _store.patient(actor.clinicId, patientId);
    if (!patient)
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    _audit.record(actor, patient->id, "patient.view");
    return *patient;
}

std::vector<Patient> PatientService::list(const Actor& actor, PatientOrder order) {
    std::vector<Patient> list = _store.patients(actor.clinicId);
    if (order == PatientOrder::RecordNumber)
        std::stable_sort(list.begin(), list.end(), [](const Patient& a, const Patient& b) {
            return a.recordNumber < b.recordNumber;
        });
    else if (order == PatientOrder::Newest)
        std::stable_sort(list.begin(), list.end(),
                         [](const Patient& a, const Patient& b) { return a.id > b.id; });
    _audit.record(actor, std::nullopt, "patient.list", std::to_string(list.size()) + " patients");
    return list;
}

void PatientService::requireInClinic(const Actor& actor, std::int64_t patientId) {
    if (!_store.patient(actor.clinicId, patientId))
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
}

std::vector<PatientLink> PatientService::links(const Actor& actor, std::int64_t patientId) {
    if (!_store.patient(actor.clinicId, patientId))
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    return _store.patientLinks(actor.clinicId, patientId);
}

PatientLink PatientService::createLink(const Actor& actor, std::int64_t patientId,
                                       std::optional<int> lifetimeDays) {
    if (lifetimeDays && (*lifetimeDays < 0 || *lifetimeDays > 3660))
        throw ValidationException("days", "must be from 0 (never expires) to 3660");
    if (!_store.patient(actor.clinicId, patientId))
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    PatientLink link;
    _store.atomically([&] {
        link = _links.create(actor.clinicId, patientId, lifetimeDays);
        _audit.record(actor, patientId, "link.create", "link " + std::to_string(link.id));
    });
    return link;
}

void PatientService::revokeLink(const Actor& actor, std::int64_t patientId, std::int64_t linkId) {
    _store.atomically([&] {
        if (!_store.revokePatientLink(actor.clinicId, patientId, linkId, _clock.nowSeconds()))
            throw Poco::NotFoundException("link " + std::to_string(linkId));
        _audit.record(actor, patientId, "link.revoke", "link " + std::to_string(linkId));
    });
}

} // namespace Limber
