#include "CheckinService.h"

#include <Poco/Exception.h>

namespace Limber {

const Prescription* CheckinView::prescriptionOn(Date date) const {
    if (!program)
        return nullptr;
    const ProgramVersion* version = program->versionOn(date);
    return version ? &version->prescription : nullptr;
}

std::vector<const Session*> CheckinView::sessionsOn(Date date) const {
    std::vector<const Session*> list;
    for (const auto& session : sessions)
        if (session.date == date && (!program || session.programId == program->id))
            list.push_back(&session);
    return list;
}

CheckinService::CheckinService(Store& store, const Clock& clock, PatientLinks& links,
                               SessionService& sessions, AuditTrail& audit)
    : _store(store), _clock(clock), _links(links), _sessions(sessions), _audit(audit),
      _guesses(clock, {10, 1, 15 * 60, 60 * 60}, store, "checkin.guesses") {}

std::optional<PatientLink> CheckinService::resolve(const std::string& token,
                                                   const std::string& address) {
    std::int64_t wait = _guesses.waitSeconds(address);
    if (wait > 0)
        throw TooManyAttemptsException("Too many wrong links from this address; try again in " +
                                           std::to_string(wait) + " seconds.",
                                       wait);
    std::optional<PatientLink> link = _links.resolve(token);
    if (!link)
        _guesses.recordFailure(address);
    return link;
}

std::optional<std::string> CheckinService::enterByCode(const std::string& code,
                                                       const std::string& address) {
    std::int64_t wait = _guesses.waitSeconds(address);
    if (wait > 0)
        throw TooManyAttemptsException("Too many wrong codes from this address; try again in " +
                                           std::to_string(wait) + " seconds.",
                                       wait);
    std::optional<PatientLink> link = _links.resolveCode(code);
    if (!link) {
        _guesses.recordFailure(address);
        return std::nullopt;
    }
    return _links.tokenOf(*link);
}

Actor CheckinService::patientActor(const PatientLink& link, const std::string& address) {
    return {link.clinicId, 0,       Role::Therapist,
            "patient",     address, "link " + std::to_string(link.id)};
}

std::optional<PatientLink> CheckinService::enter(const std::string& token,
                                                 const std::string& address) {
    return resolve(token, address);
}

std::optional<CheckinView> CheckinService::open(const std::string& token,
                                                const std::string& address,
                                                std::optional<Date> day) {
    std::optional<PatientLink> link = resolve(token, address);
    if (!link)
        return std::nullopt;
    std::optional<Patient> patient = _store.patient(link->clinicId, link->patientId);
    if (!patient)
        return std::nullopt;
    CheckinView view;
    view.link = *link;
    view.patient = *patient;
    view.today = _clock.today();
    view.day = day.value_or(view.today);
    std::vector<Program> programs = _store.programsOfPatient(link->clinicId, link->patientId);
    if (!programs.empty())
        view.program = programs.back();
    view.sessions = _store.sessions(link->clinicId, link->patientId,
                                    std::min(view.day, view.today.plusDays(-6)), view.today);
    _audit.record(patientActor(*link, address), link->patientId, "checkin.view");
    return view;
}

LoggedSession CheckinService::log(const std::string& token, const std::string& address,
                                  const SessionInput& input) {
    std::optional<PatientLink> link = resolve(token, address);
    if (!link)
        throw Poco::NotFoundException("check-in link");
    return _sessions.log(patientActor(*link, address), link->patientId, input,
                         SessionSource::PatientLink);
}

} // namespace Limber
