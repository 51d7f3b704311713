#include "SessionService.h"

#include <Poco/Exception.h>

#include <algorithm>

namespace Limber {

namespace {

std::string weekdayName(Date day) {
    static const char* NAMES[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                  "Friday", "Saturday", "Sunday"};
    return NAMES[day.weekday() - 1];
}

/// Every unit the version prescribes for the slot, done: a paper box says "did my exercises".
std::vector<SessionEntry> allDone(const Prescription& prescription, int slot) {
    std::vector<SessionEntry> entries;
    for (const auto& item : prescription.items) {
        if (slot > item.dose.sessionsPerDay)
            continue;
        if (item.dose.side == Side::Each) {
            entries.push_back({item.exerciseId, Side::Left, true});
            entries.push_back({item.exerciseId, Side::Right, true});
        } else {
            entries.push_back({item.exerciseId, item.dose.side, true});
        }
    }
    return entries;
}

} // namespace

SessionService::SessionService(Store& store, const Clock& clock, AuditTrail& audit,
                               EventOutbox* outbox)
    : _store(store), _clock(clock), _audit(audit), _outbox(outbox) {}

std::optional<Program> SessionService::currentProgram(std::int64_t clinicId,
                                                      std::int64_t patientId) {
    std::vector<Program> programs = _store.programsOfPatient(clinicId, patientId);
    if (programs.empty())
        return std::nullopt;
    return programs.back();
}

LoggedSession SessionService::log(const Actor& actor, std::int64_t patientId,
                                  const SessionInput& input, SessionSource source) {
    std::optional<Patient> patient = _store.patient(actor.clinicId, patientId);
    if (!patient)
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    return log(actor, *patient, input, source);
}

LoggedSession SessionService::log(const Actor& actor, const Patient& patient,
                                  const SessionInput& input, SessionSource source) {
    const std::int64_t clinicId = actor.clinicId;
    const std::int64_t patientId = patient.id;
    if (patient.clinicId != clinicId)
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
    if (input.submissionId.size() > SessionLimits::MAX_SUBMISSION_ID)
        throw ValidationException(
            "submissionId",
            "must be at most " + std::to_string(SessionLimits::MAX_SUBMISSION_ID) + " characters");
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
    session.submissionId = input.submissionId;
    completeSession(session, version->prescription);
    SavedSession saved;
    const bool notify = _outbox && _outbox->active();
    const FlagRules rules = notify ? _store.flagRules(clinicId) : FlagRules{};
    const int painHigh = rules.painHigh;
    _store.atomically([&] {
        saved = _store.saveSession(session);
        if (saved.repeated)
            return;
        _audit.record(actor, patientId, "session.log",
                      session.date.toString() + " slot " + std::to_string(session.slot) + " from " +
                          std::string(toString(source)));
        if (notify) {
            recordSessionEvents(session, saved.id, painHigh);
            // pain.rising: the RisingPain flag (flagsFor, the clinic's rules) turns on with this
            // session, i.e. it is raised today with the session and was not without it.
            std::vector<Session> recent =
                _store.sessions(clinicId, patientId, today.plusDays(-30), today);
            std::erase_if(recent, [&](const Session& s) { return s.programId != program->id; });
            const ProgramSchedule schedule = ProgramSchedule::of(*program);
            auto rising = [&](const std::vector<Session>& sessions) {
                for (const auto& flag :
                     flagsFor(schedule, DayLog::fromSessions(sessions), today, rules))
                    if (flag.kind == FlagKind::RisingPain)
                        return true;
                return false;
            };
            const bool risingNow = rising(recent);
            std::erase_if(recent, [&](const Session& s) { return s.id == saved.id; });
            if (risingNow && !rising(recent)) {
                PluginEvent event;
                event.type = EventTypes::PAIN_RISING;
                event.clinicId = clinicId;
                event.patientId = patientId;
                event.data = {{"sessionId", saved.id},
                              {"sessionDate", session.date.toString()},
                              {"programId", program->id},
                              {"rise", std::int64_t{rules.painRise}}};
                _outbox->record(event);
            }
        }
    });
    session.id = saved.id;
    if (saved.repeated) {
        // The first arrival was recorded (and audited); hand back what is stored now.
        for (const auto& stored : _store.sessions(clinicId, patientId, input.date, input.date))
            if (stored.id == saved.id)
                return {stored, true};
        return {session, true};
    }
    return {session, false};
}

void SessionService::recordSessionEvents(const Session& session, std::int64_t sessionId,
                                         int painHigh) {
    PluginEvent logged;
    logged.type = EventTypes::SESSION_LOGGED;
    logged.clinicId = session.clinicId;
    logged.patientId = session.patientId;
    logged.data = {{"sessionId", sessionId},
                   {"sessionDate", session.date.toString()},
                   {"source", std::string(toString(session.source))}};
    if (session.painBefore)
        logged.data.push_back({"painBefore", std::int64_t{*session.painBefore}});
    if (session.painAfter)
        logged.data.push_back({"painAfter", std::int64_t{*session.painAfter}});
    _outbox->record(logged);
    int worst = std::max(session.painBefore.value_or(-1), session.painAfter.value_or(-1));
    if (worst >= painHigh) {
        PluginEvent pain;
        pain.type = EventTypes::PAIN_THRESHOLD;
        pain.clinicId = session.clinicId;
        pain.patientId = session.patientId;
        pain.data = {{"sessionId", sessionId},
                     {"sessionDate", session.date.toString()},
                     {"pain", std::int64_t{worst}},
                     {"threshold", std::int64_t{painHigh}}};
        _outbox->record(pain);
    }
}

PaperWeekResult SessionService::logPaperWeek(const Actor& actor, std::int64_t patientId,
                                             const PaperWeekInput& input) {
    const std::int64_t clinicId = actor.clinicId;
    if (!_store.patient(clinicId, patientId))
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    std::optional<Program> program = currentProgram(clinicId, patientId);
    if (!program)
        throw Poco::NotFoundException("the patient has no program to log sessions for");
    const Date today = _clock.today();
    const Date anchor = program->versions.front().prescription.startDate;

    FieldErrors errors;
    int offset = anchor.daysUntil(input.weekStart);
    if (offset < 0 || offset % 7 != 0)
        errors.add("weekStart", "must be the first day of a program week: the program started "
                                "on " +
                                    weekdayName(anchor) + " " + anchor.toString() +
                                    ", so weeks start on " + weekdayName(anchor) + "s");
    if (input.daysDone.size() != 7)
        errors.add("days", "must give 7 days (got " + std::to_string(input.daysDone.size()) + ")");
    if (input.pain && (*input.pain < 0 || *input.pain > SessionLimits::MAX_PAIN))
        errors.add("pain", "must be between 0 and 10 (got " + std::to_string(*input.pain) + ")");
    if (input.note.size() > SessionLimits::MAX_NOTE)
        errors.add("note",
                   "must be at most " + std::to_string(SessionLimits::MAX_NOTE) + " characters");
    errors.throwIfAny();
    for (int i = 0; i < 7; ++i) {
        Date day = input.weekStart.plusDays(i);
        int count = input.daysDone[static_cast<std::size_t>(i)];
        std::string field = "days[" + std::to_string(i) + "]";
        const ProgramVersion* version = program->versionOn(day);
        if (count < 0)
            errors.add(field, "cannot be negative (got " + std::to_string(count) + ")");
        else if (count == 0)
            continue;
        else if (day > today)
            errors.add(field,
                       day.toString() + " is in the future (today is " + today.toString() + ")");
        else if (!version)
            errors.add(field, day.toString() + " is outside the program");
        else if (count > sessionsPerDay(version->prescription))
            errors.add(field, "the program has " +
                                  std::to_string(sessionsPerDay(version->prescription)) +
                                  " session(s) a day on " + day.toString() + " (got " +
                                  std::to_string(count) + ")");
    }
    errors.throwIfAny();

    std::vector<Session> existing =
        _store.sessions(clinicId, patientId, input.weekStart, input.weekStart.plusDays(6));
    std::vector<Session> paper;
    std::vector<SessionPlace> removals;
    PaperWeekResult result;
    auto paperSession = [&](Date day, int slot, const ProgramVersion& version, bool practised) {
        Session session;
        session.clinicId = clinicId;
        session.patientId = patientId;
        session.programId = program->id;
        session.programVersion = version.number;
        session.date = day;
        session.slot = slot;
        session.painBefore = input.pain;
        session.note = paper.empty() ? input.note : "";
        session.source = SessionSource::Paper;
        if (practised)
            session.entries = allDone(version.prescription, slot);
        session.recordedAt = _clock.nowSeconds();
        completeSession(session, version.prescription);
        paper.push_back(std::move(session));
    };
    bool anyTicked = false;
    bool anyOther = false;
    for (int i = 0; i < 7; ++i) {
        Date day = input.weekStart.plusDays(i);
        int count = input.daysDone[static_cast<std::size_t>(i)];
        std::vector<int> otherSlots;
        std::vector<int> paperSlots;
        for (const auto& session : existing)
            if (session.programId == program->id && session.date == day)
                (session.source == SessionSource::Paper ? paperSlots : otherSlots)
                    .push_back(session.slot);
        result.kept += static_cast<int>(otherSlots.size());
        anyOther = anyOther || !otherSlots.empty();
        anyTicked = anyTicked || count > 0;
        std::vector<int> chosen;
        if (const ProgramVersion* version = program->versionOn(day)) {
            int slots = sessionsPerDay(version->prescription);
            int needed = count - static_cast<int>(otherSlots.size());
            for (int slot = 1; slot <= slots && needed > 0; ++slot)
                if (std::find(otherSlots.begin(), otherSlots.end(), slot) == otherSlots.end()) {
                    chosen.push_back(slot);
                    --needed;
                }
            for (int slot : chosen)
                paperSession(day, slot, *version, true);
        }
        for (int slot : paperSlots)
            if (std::find(chosen.begin(), chosen.end(), slot) == chosen.end())
                removals.push_back({program->id, day, slot});
    }
    if (input.pain && !anyTicked && !anyOther) {
        Date last = std::min(input.weekStart.plusDays(6), today);
        for (Date day = last; day >= input.weekStart; day = day.plusDays(-1))
            if (const ProgramVersion* version = program->versionOn(day)) {
                std::erase_if(removals, [&](const SessionPlace& place) {
                    return place.date == day && place.slot == 1;
                });
                paperSession(day, 1, *version, false);
                break;
            }
    }
    result.logged = static_cast<int>(paper.size());
    result.removed = static_cast<int>(removals.size());
    _store.atomically([&] {
        _store.saveSessions(paper, removals);
        _audit.record(actor, patientId, "session.paper",
                      "week of " + input.weekStart.toString() + ": " +
                          std::to_string(result.logged) + " logged, " +
                          std::to_string(result.removed) + " removed");
    });
    return result;
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
    const Date anchor = program->versions.front().prescription.startDate;
    const Date today = _clock.today();
    Date start = from.value_or(anchor);
    Date end = std::min(to.value_or(program->current().prescription.endDate), today);
    // Flags look at the last two weeks and the streak back to the program's start.
    Date loadFrom = std::min({start, anchor, today.plusDays(-30)});
    std::vector<Session> sessions = _store.sessions(clinicId, patientId, loadFrom, today);
    std::erase_if(sessions, [&](const Session& s) { return s.programId != program->id; });
    DayLog days = DayLog::fromSessions(sessions);
    PatientAdherence result{*program, adherenceAsOf(*program, sessions, start, end, today), {}};
    // A discharged patient raises no flag.
    std::optional<Patient> patient = _store.patient(clinicId, patientId);
    if (patient && !patient->discharged())
        result.flags =
            flagsFor(ProgramSchedule::of(*program), days, today, _store.flagRules(clinicId));
    return result;
}

std::shared_ptr<const ProgramOverview>
SessionService::overview(const Actor& actor, const Patient& patient,
                         std::optional<std::int64_t> generation) {
    const std::int64_t clinicId = actor.clinicId;
    const std::int64_t patientId = patient.id;
    if (patient.clinicId != clinicId)
        throw Poco::NotFoundException("patient " + std::to_string(patientId));
    const Date today = _clock.today();
    // Audited as list() is, whether read now or kept.
    auto recordList = [&](const Program& program) {
        _audit.record(actor, patientId, "session.list",
                      program.current().prescription.startDate.toString() + " to " +
                          today.toString());
    };
    if (!generation)
        generation = _store.dataGeneration(clinicId);
    if (generation) {
        std::lock_guard lock(_keptMutex);
        for (auto kept = _kept.begin(); kept != _kept.end(); ++kept)
            if (kept->generation == *generation && kept->patientId == patientId &&
                kept->episode == patient.episode && kept->discharged == patient.discharged() &&
                kept->today == today) {
                _kept.splice(_kept.begin(), _kept, kept);
                if (kept->overview)
                    recordList(kept->overview->adherence.program);
                return kept->overview;
            }
    }
    std::shared_ptr<const ProgramOverview> read = readOverview(patient, today, recordList);
    if (generation) {
        // Overviews of the patient at an earlier generation can never be given again.
        std::lock_guard lock(_keptMutex);
        std::erase_if(_kept, [&](const KeptOverview& kept) {
            return kept.patientId == patientId && kept.generation != *generation;
        });
        _kept.push_front(
            {*generation, patientId, patient.episode, patient.discharged(), today, read});
        if (_kept.size() > OVERVIEWS_KEPT)
            _kept.pop_back();
    }
    return read;
}

std::shared_ptr<const ProgramOverview>
SessionService::readOverview(const Patient& patient, Date today,
                             const std::function<void(const Program&)>& recordList) {
    const std::int64_t clinicId = patient.clinicId;
    const std::int64_t patientId = patient.id;
    std::optional<Program> program = currentProgram(clinicId, patientId);
    if (!program)
        return nullptr;
    // adherence()'s period and load, and list()'s period, from one read covering both.
    const Date anchor = program->versions.front().prescription.startDate;
    const Date end = std::min(program->current().prescription.endDate, today);
    const Date loadFrom = std::min(anchor, today.plusDays(-30));
    const Date listFrom = program->current().prescription.startDate;
    recordList(*program);
    std::vector<Session> read =
        _store.sessions(clinicId, patientId, std::min(loadFrom, listFrom), today);
    std::vector<Session> ofProgram;
    for (const auto& session : read)
        if (session.date >= loadFrom && session.programId == program->id)
            ofProgram.push_back(session);
    auto result = std::make_shared<ProgramOverview>();
    std::erase_if(read, [&](const Session& s) { return s.date < listFrom; });
    result->sessions = std::move(read);
    result->rules = _store.flagRules(clinicId);
    result->adherence.summary = adherenceAsOf(*program, ofProgram, anchor, end, today);
    // A discharged patient raises no flag.
    if (!patient.discharged())
        result->adherence.flags = flagsFor(ProgramSchedule::of(*program),
                                           DayLog::fromSessions(ofProgram), today, result->rules);
    result->adherence.program = std::move(*program);
    return result;
}

const ProgramVersion* SessionService::versionToday(const Program& program) const {
    return program.versionOn(_clock.today());
}

} // namespace Limber
