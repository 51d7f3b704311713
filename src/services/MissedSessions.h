#pragma once

#include "domain/Clock.h"
#include "domain/DayLog.h"
#include "domain/ProgramSchedule.h"
#include "domain/Store.h"
#include "services/EventOutbox.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace Limber {

/// A run of days without practice in a program that is running.
struct MissedGap {
    std::optional<Date> lastSession; ///< the last day practised before the gap; none: never
    Date firstMissed;                ///< the gap's first day
    int daysMissed = 0;              ///< days of the gap the program was in force, today excluded
};

/// The program's gap on `today` when it is `minimumDays` days or more, with the "No sessions"
/// flag's reading of the day log: a day counts when the program is in force on it (inside a
/// version's start and end dates) and nothing was practised (a session with no unit done is
/// not practice); the gap starts the day after the last day practised, or on the program's
/// first day when nothing was; today is not counted (the patient may still practise). None
/// when the program does not run today or something was practised today.
std::optional<MissedGap> missedGap(const ProgramSchedule& schedule, const DayLog& days, Date today,
                                   int minimumDays);

/// The id of the sessions.missed event of a program's gap: the same whenever and wherever the
/// gap is found, "sessions.missed:<programId>:<last day practised, or none>".
std::string missedEventId(std::int64_t programId, const MissedGap& gap);

/// Writes one sessions.missed event per program and gap: for every patient in care (not
/// discharged) of every clinic, the newest program of the current episode with a gap of
/// `minimumDays` or more (missedGap) on the clinic's today (the clock's, clinic.timeZone).
/// Each event's id names its program and gap (missedEventId) and the outbox keeps one entry
/// per id and recipient, so that checking again, after a restart or from another instance on
/// the same database, writes nothing new; practice after the gap ends it, and the next gap
/// gets an event of its own. Runs its check on a thread of its own every `interval` (and once
/// at start) while it lives, when started; a failed check is logged and tried again.
class MissedSessions {
public:
    MissedSessions(Store& store, const Clock& clock, EventOutbox& outbox, int minimumDays,
                   std::chrono::milliseconds interval, bool start = true);
    /// Stops the thread after the check in progress.
    ~MissedSessions();
    MissedSessions(const MissedSessions&) = delete;
    MissedSessions& operator=(const MissedSessions&) = delete;

    /// One check of every clinic now; returns how many events it wrote (new ids only).
    std::size_t checkNow();

private:
    void loop();

    Store& _store;
    const Clock& _clock;
    EventOutbox& _outbox;
    int _minimumDays;
    std::chrono::milliseconds _interval;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
    std::thread _thread;
};

} // namespace Limber
