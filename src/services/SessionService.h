#pragma once

#include "Actor.h"
#include "AuditTrail.h"
#include "domain/Adherence.h"
#include "domain/Clock.h"
#include "domain/Store.h"

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
};

/// A patient's current program and its adherence over a period.
struct PatientAdherence {
    Program program;
    AdherenceSummary summary;
};

/// Logging sessions and measuring adherence.
class SessionService {
public:
    SessionService(Store& store, const Clock& clock, AuditTrail& audit);

    /// Logs a session of the patient's current program (replacing one logged for the same day
    /// and slot), for the actor's clinic, audited. Throws ValidationException for a future
    /// date, a date outside the program, pain outside 0-10 or entries the version does not
    /// prescribe; Poco::NotFoundException when the patient is not in the actor's clinic or has
    /// no program.
    Session log(const Actor& actor, std::int64_t patientId, const SessionInput& input,
                SessionSource source);

    /// The patient's sessions from from to to; audited as a view.
    std::vector<Session> list(const Actor& actor, std::int64_t patientId, Date from, Date to);

    /// Adherence of the patient's current program from its start (or from) to its end (or to),
    /// never past today; nullopt when the patient has no program. Today counts only once a
    /// session is logged on it: the patient still has the rest of the day.
    std::optional<PatientAdherence> adherence(std::int64_t clinicId, std::int64_t patientId,
                                              std::optional<Date> from = std::nullopt,
                                              std::optional<Date> to = std::nullopt);

    /// The program's version in force today, if the program is running today.
    const ProgramVersion* versionToday(const Program& program) const;

private:
    std::optional<Program> currentProgram(std::int64_t clinicId, std::int64_t patientId);

    Store& _store;
    const Clock& _clock;
    AuditTrail& _audit;
};

} // namespace Limber
