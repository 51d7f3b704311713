#include "MissedSessions.h"

#include "plugins/EventDocument.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <algorithm>

namespace Limber {

std::optional<MissedGap> missedGap(const ProgramSchedule& schedule, const DayLog& days, Date today,
                                   int minimumDays) {
    if (schedule.versions.empty() || !schedule.on(today) || days.logged(today))
        return std::nullopt;
    const Date anchor = schedule.anchor();
    MissedGap gap;
    gap.lastSession = days.lastLogged(today);
    gap.firstMissed = gap.lastSession ? std::max(gap.lastSession->plusDays(1), anchor) : anchor;
    for (Date day = gap.firstMissed; day < today; day = day.plusDays(1))
        if (schedule.on(day))
            ++gap.daysMissed;
    if (gap.daysMissed < minimumDays)
        return std::nullopt;
    return gap;
}

std::string missedEventId(std::int64_t programId, const MissedGap& gap) {
    return std::string(EventTypes::SESSIONS_MISSED) + ":" + std::to_string(programId) + ":" +
           (gap.lastSession ? gap.lastSession->toString() : "none");
}

MissedSessions::MissedSessions(Store& store, const Clock& clock, EventOutbox& outbox,
                               int minimumDays, std::chrono::milliseconds interval, bool start)
    : _store(store), _clock(clock), _outbox(outbox), _minimumDays(minimumDays),
      _interval(interval) {
    if (start)
        _thread = std::thread([this] { loop(); });
}

MissedSessions::~MissedSessions() {
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

std::size_t MissedSessions::checkNow() {
    if (!_outbox.active())
        return 0;
    const Date today = _clock.today();
    std::size_t written = 0;
    for (const Clinic& clinic : _store.clinics())
        for (const CaseloadEntry& entry : *_store.caseload(clinic.id)) {
            if (entry.patient.discharged() || !entry.program)
                continue;
            std::optional<MissedGap> gap =
                missedGap(*entry.program, entry.days, today, _minimumDays);
            if (!gap)
                continue;
            PluginEvent event;
            event.id = missedEventId(entry.program->programId, *gap);
            event.type = EventTypes::SESSIONS_MISSED;
            event.clinicId = clinic.id;
            event.patientId = entry.patient.id;
            event.data.emplace_back("programId", entry.program->programId);
            if (gap->lastSession)
                event.data.emplace_back("lastSessionDate", gap->lastSession->toString());
            event.data.emplace_back("firstMissedDate", gap->firstMissed.toString());
            event.data.emplace_back("daysMissed", std::int64_t{gap->daysMissed});
            event.data.emplace_back("minimumDays", std::int64_t{_minimumDays});
            bool added = false;
            _store.atomically([&] { added = _outbox.recordOnce(event); }); // all recipients or none
            if (added)
                ++written;
        }
    return written;
}

void MissedSessions::loop() {
    Poco::Logger& log = Poco::Logger::get("limber.plugins");
    std::unique_lock lock(_mutex);
    while (!_stopping) {
        lock.unlock();
        try {
            checkNow();
        } catch (const Poco::Exception& error) {
            log.warning("sessions.missed check failed, trying again later: " + error.displayText());
        } catch (const std::exception& error) {
            log.warning(std::string("sessions.missed check failed, trying again later: ") +
                        error.what());
        }
        lock.lock();
        _wake.wait_for(lock, _interval, [this] { return _stopping; });
    }
}

} // namespace Limber
