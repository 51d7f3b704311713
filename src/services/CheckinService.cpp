#include "CheckinService.h"

#include <Poco/Exception.h>

namespace Limber {

const Prescription* CheckinView::prescriptionToday() const {
    if (!program || versionToday == 0)
        return nullptr;
    const ProgramVersion* version = program->version(versionToday);
    return version ? &version->prescription : nullptr;
}

CheckinService::CheckinService(Store& store, const Clock& clock, PatientLinks& links,
                               SessionService& sessions)
    : _store(store), _clock(clock), _links(links), _sessions(sessions) {}

std::optional<CheckinView> CheckinService::open(const std::string& token) {
    std::optional<PatientLink> link = _links.resolve(token);
    if (!link)
        return std::nullopt;
    std::optional<Patient> patient = _store.patient(link->clinicId, link->patientId);
    if (!patient)
        return std::nullopt;
    CheckinView view;
    view.link = *link;
    view.patient = *patient;
    view.today = _clock.today();
    std::vector<Program> programs = _store.programsOfPatient(link->clinicId, link->patientId);
    if (!programs.empty()) {
        view.program = programs.back();
        if (const ProgramVersion* version = view.program->versionOn(view.today))
            view.versionToday = version->number;
    }
    view.todaySessions = _store.sessions(link->clinicId, link->patientId, view.today, view.today);
    return view;
}

Session CheckinService::log(const std::string& token, const SessionInput& input) {
    std::optional<PatientLink> link = _links.resolve(token);
    if (!link)
        throw Poco::NotFoundException("check-in link");
    return _sessions.log(link->clinicId, link->patientId, input, SessionSource::PatientLink);
}

} // namespace Limber
