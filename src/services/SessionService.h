#pragma once

#include "Actor.h"
#include "AuditTrail.h"
#include "EventOutbox.h"
#include "domain/Adherence.h"
#include "domain/AdherenceFlags.h"
#include "domain/Clock.h"
#include "domain/Store.h"

#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// What is logged for one practice, before it is checked and stored.
struct SessionInput {
    Date date;
    int slot = 1;
    std::optional<int> painBefore;
    std::optional<int> painAfter;
    Difficulty difficulty = Difficulty::NotSaid;
    std::string note;
    std::vector<SessionEntry> entries;
    /// The client's id for this submission; the same id twice records once. Empty: none.
    std::string submissionId;
};

/// What logging did: the session as stored, and whether it was a repeat of a submission
/// already recorded (then nothing changed).
struct LoggedSession {
    Session session;
    bool repeated = false;
};

/// One row of the printed log sheet: a program week, a box per day, the week's pain.
struct PaperWeekInput {
    Date weekStart;            ///< the first day of a program week
    std::vector<int> daysDone; ///< 7 numbers: sessions ticked each day (0 for an empty box)
    std::optional<int> pain;   ///< the week's pain, 0-10
    std::string note;
};

/// What entering a paper week did.
struct PaperWeekResult {
    int logged = 0;  ///< paper sessions written (new or replaced)
    int removed = 0; ///< paper sessions no longer ticked, removed
    int kept = 0;    ///< sessions the patient had logged through the link, left as they were
};

/// A patient's current program, its adherence over a period and its flags today.
struct PatientAdherence {
    Program program;
    AdherenceSummary summary;
    std::vector<AdherenceFlag> flags;
};

/// What the patient page shows of a patient's current program, from one read of the sessions.
struct ProgramOverview {
    PatientAdherence adherence; ///< as adherence() gives it over the whole program
    std::vector<Session>
        sessions;    ///< as list() gives them from the current version's start to today
    FlagRules rules; ///< the clinic's, which the flags were raised by
};

/// Logging sessions and measuring adherence.
class SessionService {
public:
    /// outbox (optional) receives the session.logged and pain.threshold events.
    SessionService(Store& store, const Clock& clock, AuditTrail& audit,
                   EventOutbox* outbox = nullptr);

    /// Logs a session of the patient's current program (replacing one logged for the same day
    /// and slot), for the actor's clinic, audited. A submission id already recorded for the
    /// patient changes nothing and returns the stored session as a repeat. Throws
    /// ValidationException for a future date, a date outside the program, pain outside 0-10
    /// or entries the version does not prescribe; Poco::NotFoundException when the patient is
    /// not in the actor's clinic or has no program.
    LoggedSession log(const Actor& actor, std::int64_t patientId, const SessionInput& input,
                      SessionSource source);
    /// As above for a patient the caller has just read in the actor's clinic
    /// (PatientService::requireInClinic), which is not read again.
    LoggedSession log(const Actor& actor, const Patient& patient, const SessionInput& input,
                      SessionSource source);

    /// Enters one week of the printed log sheet: each ticked box becomes a paper session with
    /// every exercise of that day's version done (the sheet has no per-exercise detail), the
    /// week's pain as its pain before; a day's second box is the second session of a
    /// twice-a-day program. Sessions the patient logged through the link are kept (a box
    /// fills only a free slot); paper sessions no longer ticked are removed. Pain with no box
    /// ticked is recorded alone on the week's last day so far (data, not practice). All or
    /// nothing; audited. Throws ValidationException naming the day ("days[3]") or field.
    PaperWeekResult logPaperWeek(const Actor& actor, std::int64_t patientId,
                                 const PaperWeekInput& input);

    /// The patient's sessions from from to to; audited as a view.
    std::vector<Session> list(const Actor& actor, std::int64_t patientId, Date from, Date to);

    /// Adherence of the patient's current program from its start (or from) to its end (or to),
    /// never past today, with today's flags; nullopt when the patient has no program. Today
    /// counts only once a session is logged on it: the patient still has the rest of the day.
    /// Not audited: callers show it inside a view that is.
    std::optional<PatientAdherence> adherence(std::int64_t clinicId, std::int64_t patientId,
                                              std::optional<Date> from = std::nullopt,
                                              std::optional<Date> to = std::nullopt);

    /// adherence(actor.clinicId, patientId) and list(actor, patientId, start, today), start
    /// being the current version's start date, from one read of the sessions; audited as
    /// list() is. nullopt (and nothing listed, so nothing audited) when the patient has no
    /// program. patient is the caller's own read of the patient (the patient page has read
    /// it already). Throws Poco::NotFoundException unless the patient is in the actor's clinic.
    /// Read again only when the clinic's data changed (Store::dataGeneration), today moved or
    /// patient's episode or discharge is not the one read before; the last OVERVIEWS_KEPT are
    /// kept. generation is the clinic's data generation when the caller read it before it read
    /// patient (the patient page keys its own kept page by it); read here when not given.
    std::shared_ptr<const ProgramOverview>
    overview(const Actor& actor, const Patient& patient,
             std::optional<std::int64_t> generation = std::nullopt);

    /// The program's version in force today, if the program is running today.
    const ProgramVersion* versionToday(const Program& program) const;

private:
    std::optional<Program> currentProgram(std::int64_t clinicId, std::int64_t patientId);
    /// overview read from the store; calls recordList with the program before it reads the
    /// sessions. Null when the patient has no program.
    std::shared_ptr<const ProgramOverview>
    readOverview(const Patient& patient, Date today,
                 const std::function<void(const Program&)>& recordList);

    Store& _store;
    const Clock& _clock;
    /// Inside the session's transaction: session.logged, and pain.threshold when its worst
    /// pain is at or above painHigh.
    void recordSessionEvents(const Session& session, std::int64_t sessionId, int painHigh);

    AuditTrail& _audit;
    EventOutbox* _outbox;

    /// An overview with what it was read from (see overview).
    struct KeptOverview {
        std::int64_t generation = 0;
        std::int64_t patientId = 0;
        int episode = 0;         ///< of the patient as the caller read it
        bool discharged = false; ///< likewise
        Date today;
        std::shared_ptr<const ProgramOverview> overview;
    };
    static constexpr std::size_t OVERVIEWS_KEPT = 64;
    std::mutex _keptMutex;
    std::list<KeptOverview> _kept; ///< most recently used first
};

} // namespace Limber
