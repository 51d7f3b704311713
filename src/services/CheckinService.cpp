#include "CheckinService.h"

#include <Poco/Exception.h>

#include <algorithm>

namespace Limber {

const Prescription* CheckinView::prescriptionOn(Date date) const {
    if (!program)
        return nullptr;
    const ProgramVersion* version = program->versionOn(date);
    return version ? &version->prescription : nullptr;
}

std::vector<const Session*> CheckinView::sessionsOfDay() const {
    std::vector<const Session*> list;
    for (const auto& session : daySessions)
        if (!program || session.programId == program->id)
            list.push_back(&session);
    return list;
}

bool CheckinView::loggedOn(Date date) const {
    return std::binary_search(loggedDays.begin(), loggedDays.end(), date);
}

CheckinService::CheckinService(Store& store, const Clock& clock, PatientLinks& links,
                               SessionService& sessions, AuditTrail& audit)
    : _store(store), _clock(clock), _links(links), _sessions(sessions), _audit(audit),
      _guesses(clock, {10, 1, 15 * 60, 60 * 60}, store, "checkin.guesses") {}

void CheckinService::refuseWhileThrottled(std::int64_t waitSeconds) {
    if (waitSeconds > 0)
        throw TooManyAttemptsException("Too many wrong links from this address; try again in " +
                                           std::to_string(waitSeconds) + " seconds.",
                                       waitSeconds);
}

std::optional<PatientLink> CheckinService::resolve(const std::string& token,
                                                   const std::string& address) {
    refuseWhileThrottled(_guesses.waitSeconds(address));
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
    // A working link, its patient and the address's wrong-link count come in one read; the
    // count is still judged before the link is used, as resolve() does.
    std::optional<PatientLinkEntry> entry = _links.resolveEntry(token, _guesses.storedKey(address));
    if (entry) {
        refuseWhileThrottled(_guesses.waitSeconds(entry->throttle));
    } else {
        // No working link: resolve() judges the count, counts the wrong guess and answers as
        // for any other request (a link that began to work since gets its patient read).
        std::optional<PatientLink> link = resolve(token, address);
        if (!link)
            return std::nullopt;
        std::optional<Patient> patient = _store.patient(link->clinicId, link->patientId);
        if (!patient)
            return std::nullopt;
        entry = PatientLinkEntry{*link, *patient, std::nullopt, std::nullopt};
    }
    CheckinView view;
    view.link = std::move(entry->link);
    view.patient = std::move(entry->patient);
    view.today = _clock.today();
    view.day = day.value_or(view.today);
    // The generation was read with the link or just before these reads: what they read is at
    // least as new, and while it stays the same nothing of the clinic changed.
    const std::optional<std::int64_t> generation = entry->generation;
    view.generation = generation;
    auto keptFor = [&](const KeptDay& kept) {
        return kept.patientId == view.patient.id && kept.generation == *generation &&
               kept.today == view.today && kept.day == view.day;
    };
    bool found = false;
    if (generation) {
        std::lock_guard lock(_keptMutex);
        if (auto kept = std::find_if(_kept.begin(), _kept.end(), keptFor); kept != _kept.end()) {
            _kept.splice(_kept.begin(), _kept, kept);
            view.program = kept->program;
            view.loggedDays = kept->loggedDays;
            view.daySessions = kept->daySessions;
            found = true;
        }
    }
    if (!found) {
        std::vector<Program> programs =
            _store.programsOfPatient(view.link.clinicId, view.link.patientId);
        if (!programs.empty())
            view.program = std::move(programs.back());
        // The week's overview needs only the days logged; the day shown, its sessions in full.
        if (view.program)
            view.loggedDays =
                _store.sessionDays(view.link.clinicId, view.link.patientId, view.program->id,
                                   view.today.plusDays(-6), view.today);
        if (view.day <= view.today)
            view.daySessions =
                _store.sessions(view.link.clinicId, view.link.patientId, view.day, view.day);
    }
    if (!found && generation) {
        // Reads of the patient at an earlier generation can never be given again.
        std::lock_guard lock(_keptMutex);
        std::erase_if(_kept, [&](const KeptDay& kept) {
            return kept.patientId == view.patient.id && kept.generation != *generation;
        });
        _kept.push_front({view.patient.id, *generation, view.today, view.day, view.program,
                          view.loggedDays, view.daySessions});
        if (_kept.size() > DAYS_KEPT)
            _kept.pop_back();
    }
    // Recorded once everything shown has been read (a read that fails records no view); within
    // a request the entry commits while the page is rendered.
    _audit.record(patientActor(view.link, address), view.link.patientId, "checkin.view");
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
