#pragma once

#include "AuditTrail.h"
#include "PatientLinks.h"
#include "SessionService.h"
#include "Throttle.h"

#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// What the patient's check-in page shows.
struct CheckinView {
    PatientLink link;
    Patient patient;
    std::optional<Program> program;
    Date today;
    Date day; ///< the day the page is about (today unless the patient picked another)
    /// The patient's sessions logged on `day`, by slot (of any program; see sessionsOfDay).
    std::vector<Session> daySessions;
    /// The days of the last seven on which a session of the program was logged, ascending.
    std::vector<Date> loggedDays;
    /// The clinic's data generation (Store::dataGeneration) everything above was read at or
    /// after; empty when it is not known (read inside a write, or the link's first read
    /// failed over to resolving it). While it stays the same, a view shows the same.
    std::optional<std::int64_t> generation;

    /// The prescription in force on date, or nullptr (no program, or outside it).
    const Prescription* prescriptionOn(Date date) const;
    /// The sessions of the program logged on `day`.
    std::vector<const Session*> sessionsOfDay() const;
    /// Whether a session of the program was logged on date, one of the last seven days.
    bool loggedOn(Date date) const;
};

/// The patient side: everything reached through a personal link, and nothing else.
///
/// Guessing is rate-limited per address: after 10 tokens that open nothing, each further try
/// waits 1 s, doubling up to 15 minutes (TooManyAttemptsException), whatever the token.
class CheckinService {
public:
    CheckinService(Store& store, const Clock& clock, PatientLinks& links, SessionService& sessions,
                   AuditTrail& audit);

    /// The link token opens, if it works (known, not revoked, not expired); nullopt otherwise
    /// (all three look the same). Reads nothing else and changes nothing.
    std::optional<PatientLink> enter(const std::string& token, const std::string& address);

    /// The token of the link a typed check-in code opens (see PatientLinks::codeOf), to be
    /// used like a scanned link; nullopt when the code opens nothing. Wrong codes are counted
    /// with wrong links against the address. Changes nothing.
    std::optional<std::string> enterByCode(const std::string& code, const std::string& address);

    /// The page behind token, about day (today when empty); nullopt when the link does not
    /// work. Audited as the patient's view of their program, every time. What the page shows
    /// besides the link is read again only when the clinic's data changed (its generation
    /// moved), today moved or another day is shown; the last DAYS_KEPT reads are kept.
    std::optional<CheckinView> open(const std::string& token, const std::string& address,
                                    std::optional<Date> day = std::nullopt);

    /// Logs a session through the link. Throws Poco::NotFoundException for a link that does not
    /// work and ValidationException for bad input (see SessionService::log).
    LoggedSession log(const std::string& token, const std::string& address,
                      const SessionInput& input);

private:
    std::optional<PatientLink> resolve(const std::string& token, const std::string& address);
    /// Throws TooManyAttemptsException (wrong links) when waitSeconds > 0.
    static void refuseWhileThrottled(std::int64_t waitSeconds);
    static Actor patientActor(const PatientLink& link, const std::string& address);

    Store& _store;
    const Clock& _clock;
    PatientLinks& _links;
    SessionService& _sessions;
    AuditTrail& _audit;
    Throttle _guesses;

    /// The patient's program and sessions as a check-in page read them (see open).
    struct KeptDay {
        std::int64_t patientId = 0;
        std::int64_t generation = 0;
        Date today;
        Date day;
        std::optional<Program> program;
        std::vector<Date> loggedDays;
        std::vector<Session> daySessions;
    };
    static constexpr std::size_t DAYS_KEPT = 256;
    std::mutex _keptMutex;
    std::list<KeptDay> _kept; ///< most recently used first
};

} // namespace Limber
