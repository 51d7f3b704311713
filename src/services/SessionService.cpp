#include "SessionService.h"

#include <Poco/Exception.h>

#include <algorithm>

namespace Limber {

SessionService::SessionService(Store& store, const Clock& clock, AuditTrail& audit)
    : _store(store), _clock(clock), _audit(audit) {}

std::optional<Program> SessionService::currentProgram(std::int64_t clinicId,
                                                      std::int64_t patientId) {
    std::vector<Program> programs = _store.programsOfPatient(clinicId, patientId);
    if (programs.empty())
        return std::nullopt;
    return programs.back();
}

Session SessionService::log(const Actor& actor, std::int64_t patientId, const SessionInput& input,
                            SessionSource source) {
    const std::int64_t clinicId = actor.clinicId;
    if (!_store.patient(clinicId, patientId))
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    std::optional<Program> program = currentProgram(clinicId, patientId);
    if (!program)
        throw Poco::NotFoundException("the patient has no program to log sessions for");
    Date today = _clock.today();
    if (input.date > today)
        throw ValidationException("date",
                                  "cannot be in the future (today is " + today.toString() + ")");
    const ProgramVersion* version = program->versionOn(input.date);
    if (!version) {
        const Prescription& p = program->current().prescription;
        throw ValidationException("date", "must be inside the program, " + p.startDate.toString() +
                                              " to " + p.endDate.toString());
    }
    Session session;
    session.clinicId = clinicId;
    session.patientId = patientId;
    session.programId = program->id;
    session.programVersion = version->number;
    session.date = input.date;
    session.slot = input.slot;
    session.painBefore = input.painBefore;
    session.painAfter = input.painAfter;
    session.difficulty = input.difficulty;
    session.note = input.note;
    session.source = source;
    session.entries = input.entries;
    session.recordedAt = _clock.nowSeconds();
    completeSession(session, version->prescription);
    session.id = _store.saveSession(session);
    _audit.record(actor, patientId, "session.log",
                  session.date.toString() + " slot " + std::to_string(session.slot) + " from " +
                      std::string(toString(source)));
    return session;
}

std::vector<Session> SessionService::list(const Actor& actor, std::int64_t patientId, Date from,
                                          Date to) {
    if (!_store.patient(actor.clinicId, patientId))
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    _audit.record(actor, patientId, "session.list", from.toString() + " to " + to.toString());
    return _store.sessions(actor.clinicId, patientId, from, to);
}

std::optional<PatientAdherence> SessionService::adherence(std::int64_t clinicId,
                                                          std::int64_t patientId,
                                                          std::optional<Date> from,
                                                          std::optional<Date> to) {
    std::optional<Program> program = currentProgram(clinicId, patientId);
    if (!program)
        return std::nullopt;
    Date start = from.value_or(program->versions.front().prescription.startDate);
    const Date today = _clock.today();
    Date end = std::min(to.value_or(program->current().prescription.endDate), today);
    std::vector<Session> sessions = _store.sessions(clinicId, patientId, start, end);
    // Today is still in progress: it counts once something is logged on it.
    bool loggedToday = !sessions.empty() && sessions.back().date == today;
    if (end == today && !loggedToday && start < today)
        end = today.plusDays(-1);
    return PatientAdherence{*program, computeAdherence(*program, sessions, start, end)};
}

const ProgramVersion* SessionService::versionToday(const Program& program) const {
    return program.versionOn(_clock.today());
}

} // namespace Limber
