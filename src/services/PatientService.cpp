#include "PatientService.h"

#include "domain/Language.h"
#include "domain/TextRule.h"
#include "domain/ValidationException.h"

#include <Poco/Exception.h>
#include <Poco/String.h>

#include <algorithm>
#include <functional>
#include <regex>

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
                               AuditTrail& audit, EventOutbox* outbox)
    : _store(store), _clock(clock), _links(links), _audit(audit), _outbox(outbox) {}

namespace {

const std::regex EMAIL("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
const std::regex PHONE("[+]?[0-9 ().\\-/]+");

/// "name: 'Jose' -> 'José'" for each field whose value changed.
void describeChange(std::string& changes, const char* field, const std::string& before,
                    const std::string& after) {
    if (before == after)
        return;
    changes += (changes.empty() ? "" : "; ") + std::string(field) + ": '" + before + "' -> '" +
               after + "'";
}

} // namespace

void applyPatientDetails(const PatientDetails& input, Date today, Patient& patient) {
    FieldErrors errors;
    std::string name =
        checkedField(errors, "name", input.name, TextKind::Name, PatientLimits::MAX_NAME);
    std::string firstName = checkedField(errors, "firstName", input.firstName, TextKind::Name,
                                         PatientLimits::MAX_FIRST_NAME);
    std::string recordNumber = checkedField(errors, "recordNumber", input.recordNumber,
                                            TextKind::Name, PatientLimits::MAX_RECORD_NUMBER);
    std::string language = Poco::trim(input.language);
    // Each optional field's format is checked once its text passed the text rule.
    auto textOk = [&errors](const std::function<void()>& check) {
        const std::size_t before = errors.list().size();
        check();
        return errors.list().size() == before;
    };
    std::string birthDate, phone, email;
    const bool birthDateOk = textOk([&] {
        birthDate = checkedField(errors, "birthDate", input.birthDate, TextKind::Plain,
                                 PatientLimits::MAX_BIRTH_DATE);
    });
    const bool phoneOk = textOk([&] {
        phone =
            checkedField(errors, "phone", input.phone, TextKind::Name, PatientLimits::MAX_PHONE);
    });
    const bool emailOk = textOk([&] {
        email = Poco::toLower(
            checkedField(errors, "email", input.email, TextKind::Plain, PatientLimits::MAX_EMAIL));
    });
    if (Poco::trim(name).empty())
        errors.add("name", "must be 1 to 120 characters");
    if (errors.empty() && firstName.empty())
        firstName = name.substr(0, name.find(' '));
    if (Poco::trim(recordNumber).empty())
        errors.add("recordNumber", "must be 1 to 40 characters");
    if (!isSupportedLanguage(language))
        errors.add("language", "must be en (English) or es (Spanish)");
    if (birthDateOk && !birthDate.empty()) {
        static const std::regex ISO_DATE("[0-9]{4}-[0-9]{2}-[0-9]{2}");
        if (!std::regex_match(birthDate, ISO_DATE))
            errors.add("birthDate", "must be a date written YYYY-MM-DD, such as 1956-03-14");
        else if (birthDate < "1900")
            errors.add("birthDate", "must be in 1900 or later");
        else
            try {
                if (Date::parse(birthDate) > today)
                    errors.add("birthDate", "must not be in the future");
            } catch (const Poco::InvalidArgumentException&) {
                errors.add("birthDate", "is not a day of the calendar");
            }
    }
    if (phoneOk && !phone.empty()) {
        const auto digits =
            std::count_if(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!std::regex_match(phone, PHONE) || digits < 5 || digits > 15)
            errors.add("phone", "must be 5 to 15 digits, with +, spaces, dashes, dots or "
                                "brackets if wanted, such as +1 555 010 2030");
    }
    if (emailOk && !email.empty() && !std::regex_match(email, EMAIL))
        errors.add("email", "must be an email address such as name@example.com");
    errors.throwIfAny();
    patient.name = name;
    patient.firstName = firstName;
    patient.recordNumber = recordNumber;
    patient.language = language;
    patient.birthDate = birthDate;
    patient.phone = phone;
    patient.email = email;
}

Patient PatientService::create(const Actor& actor, const NewPatient& input) {
    Patient patient;
    patient.clinicId = actor.clinicId;
    patient.therapistId = actor.userId;
    applyPatientDetails(input, _clock.today(), patient);
    patient.createdAt = _clock.nowSeconds();
    patient.admittedAt = patient.createdAt;
    PatientLink firstLink = _links.draft(patient.clinicId, 0);
    _store.atomically([&] {
        patient.id = _store.createPatient(patient, firstLink);
        _audit.record(actor, patient.id, "patient.create", "record " + patient.recordNumber);
    });
    return patient;
}

Patient PatientService::require(const Actor& actor, std::int64_t patientId) {
    std::optional<Patient> patient = _store.patient(actor.clinicId, patientId);
    if (!patient)
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    return *patient;
}

Patient PatientService::update(const Actor& actor, std::int64_t patientId,
                               const PatientDetails& input) {
    Patient before = require(actor, patientId);
    Patient after = before;
    applyPatientDetails(input, _clock.today(), after);
    std::string changes;
    describeChange(changes, "name", before.name, after.name);
    describeChange(changes, "firstName", before.firstName, after.firstName);
    describeChange(changes, "recordNumber", before.recordNumber, after.recordNumber);
    describeChange(changes, "language", before.language, after.language);
    describeChange(changes, "birthDate", before.birthDate, after.birthDate);
    describeChange(changes, "phone", before.phone, after.phone);
    describeChange(changes, "email", before.email, after.email);
    if (changes.empty())
        return after;
    _store.atomically([&] {
        _store.updatePatient(after);
        _audit.record(actor, patientId, "patient.edit", changes);
    });
    return after;
}

Patient PatientService::discharge(const Actor& actor, std::int64_t patientId) {
    Patient patient = require(actor, patientId);
    if (patient.discharged())
        throw Poco::IllegalStateException("the patient was discharged already");
    const std::int64_t now = _clock.nowSeconds();
    const Date today = _clock.today();
    patient.dischargedAt = now;
    _store.atomically([&] {
        _store.updatePatient(patient);
        for (const auto& link : _store.patientLinks(actor.clinicId, patientId))
            if (!link.revokedAt)
                _store.revokePatientLink(actor.clinicId, patientId, link.id, now);
        std::vector<Program> programs = _store.programsOfPatient(actor.clinicId, patientId);
        if (!programs.empty() && programs.back().current().prescription.endDate > today) {
            // The program ends today: a new version, so the prescription as it was is kept.
            ProgramVersion ended = programs.back().current();
            ended.prescription.startDate = std::min(ended.prescription.startDate, today);
            ended.prescription.endDate = today;
            ended.effectiveFrom = today;
            ended.createdAt = now;
            ended.createdBy = actor.userId;
            int number = _store.addProgramVersion(actor.clinicId, programs.back().id, ended);
            _audit.record(actor, patientId, "program.end",
                          "program " + std::to_string(programs.back().id) + " version " +
                              std::to_string(number) + " ends " + today.toString());
        }
        _audit.record(actor, patientId, "patient.discharge",
                      "episode " + std::to_string(patient.episode));
        if (_outbox && _outbox->active()) {
            PluginEvent discharged;
            discharged.type = EventTypes::PATIENT_DISCHARGED;
            discharged.clinicId = actor.clinicId;
            discharged.patientId = patientId;
            discharged.data = {{"episode", std::int64_t{patient.episode}}};
            _outbox->record(discharged);
        }
    });
    return patient;
}

Patient PatientService::readmit(const Actor& actor, std::int64_t patientId) {
    Patient patient = require(actor, patientId);
    if (!patient.discharged())
        throw Poco::IllegalStateException("the patient is in care: discharge before re-admitting");
    const PastEpisode ended{actor.clinicId, patientId, patient.episode, patient.admittedAt,
                            *patient.dischargedAt};
    patient.episode += 1;
    patient.admittedAt = _clock.nowSeconds();
    patient.dischargedAt.reset();
    _store.atomically([&] {
        _store.addPastEpisode(ended);
        _store.updatePatient(patient);
        PatientLink link = _links.create(actor.clinicId, patientId, std::nullopt);
        _audit.record(actor, patientId, "patient.readmit",
                      "episode " + std::to_string(patient.episode) + ", link " +
                          std::to_string(link.id));
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
    return listRead(actor, _store.patients(actor.clinicId), order);
}

std::vector<Patient> PatientService::listRead(const Actor& actor, std::vector<Patient> list,
                                              PatientOrder order) {
    if (order == PatientOrder::RecordNumber)
        std::stable_sort(list.begin(), list.end(), [](const Patient& a, const Patient& b) {
            return a.recordNumber < b.recordNumber;
        });
    else if (order == PatientOrder::Newest)
        std::stable_sort(list.begin(), list.end(),
                         [](const Patient& a, const Patient& b) { return a.id > b.id; });
    recordList(actor, list.size());
    return list;
}

void PatientService::recordList(const Actor& actor, std::size_t count) {
    _audit.record(actor, std::nullopt, "patient.list", std::to_string(count) + " patients");
}

Patient PatientService::requireInClinic(const Actor& actor, std::int64_t patientId) {
    std::optional<Patient> patient = _store.patient(actor.clinicId, patientId);
    if (!patient)
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    return *patient;
}

std::vector<PatientLink> PatientService::links(const Actor& actor, std::int64_t patientId) {
    if (!_store.patient(actor.clinicId, patientId))
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    return _store.patientLinks(actor.clinicId, patientId);
}

std::vector<PatientLink> PatientService::links(const Actor& actor, const Patient& patient) {
    if (patient.clinicId != actor.clinicId)
        throw Poco::NotFoundException("patient " + std::to_string(patient.id));
    return _store.patientLinks(actor.clinicId, patient.id);
}

PatientLink PatientService::createLink(const Actor& actor, std::int64_t patientId,
                                       std::optional<int> lifetimeDays) {
    if (lifetimeDays && (*lifetimeDays < 0 || *lifetimeDays > 3660))
        throw ValidationException("days", "must be from 0 (never expires) to 3660");
    if (require(actor, patientId).discharged())
        throw Poco::IllegalStateException(
            "the patient is discharged: re-admit the patient to give a new link");
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

std::vector<EarlierEpisode> PatientService::earlierEpisodes(const Actor& actor,
                                                            const Patient& patient) {
    if (patient.clinicId != actor.clinicId)
        throw Poco::NotFoundException("patient " + std::to_string(patient.id));
    return earlierEpisodesOf(patient);
}

std::vector<EarlierEpisode> PatientService::earlierEpisodesOf(const Patient& patient) {
    const std::int64_t clinicId = patient.clinicId;
    const std::int64_t patientId = patient.id;
    if (patient.episode <= 1)
        return {};
    // Every episode before the current one is listed, dates recorded or not.
    std::vector<EarlierEpisode> list(static_cast<std::size_t>(patient.episode - 1));
    for (std::size_t i = 0; i < list.size(); ++i)
        list[i].episode = static_cast<int>(i) + 1;
    for (const PastEpisode& each : _store.pastEpisodes(clinicId, patientId))
        if (each.episode >= 1 && each.episode < patient.episode) {
            EarlierEpisode& episode = list[static_cast<std::size_t>(each.episode - 1)];
            episode.admittedAt = each.admittedAt;
            episode.dischargedAt = each.dischargedAt;
        }
    for (Program& program : _store.programsOfEarlierEpisodes(clinicId, patientId))
        if (program.episode >= 1 && program.episode < patient.episode)
            list[static_cast<std::size_t>(program.episode - 1)].programs.push_back(
                std::move(program));
    return list;
}

EpisodeRecord PatientService::earlierEpisode(const Actor& actor, std::int64_t patientId,
                                             std::int64_t episode) {
    std::optional<Patient> patient = _store.patient(actor.clinicId, patientId);
    if (!patient)
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    std::vector<EarlierEpisode> list = earlierEpisodesOf(*patient);
    if (episode < 1 || static_cast<std::uint64_t>(episode) > list.size())
        throw Poco::NotFoundException("episode " + std::to_string(episode) + " of patient " +
                                      std::to_string(patientId));
    EpisodeRecord record{*patient, std::move(list[static_cast<std::size_t>(episode - 1)]), {}};
    const Date today = _clock.today();
    std::size_t sessionCount = 0;
    for (const Program& program : record.episode.programs) {
        const Date start = program.versions.front().prescription.startDate;
        const Date end = program.current().prescription.endDate;
        // A program's sessions all lie between its start and its end.
        std::vector<Session> sessions =
            _store.sessions(actor.clinicId, patientId, start, std::min(end, today));
        std::erase_if(sessions, [&](const Session& s) { return s.programId != program.id; });
        AdherenceSummary summary = adherenceAsOf(program, sessions, start, end, today);
        sessionCount += sessions.size();
        record.programs.push_back({program, std::move(sessions), std::move(summary)});
    }
    _audit.record(actor, patientId, "patient.episode.view",
                  "episode " + std::to_string(episode) + ", " +
                      std::to_string(record.programs.size()) + " programs, " +
                      std::to_string(sessionCount) + " sessions");
    return record;
}

} // namespace Limber
