#pragma once

#include "Date.h"
#include "Dose.h"
#include "Program.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

enum class SessionSource { PatientLink, Paper, Therapist };
enum class Difficulty { NotSaid, Easy, AboutRight, Hard };

std::string_view toString(SessionSource source);
std::optional<SessionSource> sessionSourceFromString(std::string_view text);
std::string_view toString(Difficulty difficulty);
std::optional<Difficulty> difficultyFromString(std::string_view text);

/// Whether one exercise (on one side, for each-side exercises) was done in a session.
struct SessionEntry {
    std::string exerciseId;
    Side side = Side::Both; ///< Left or Right for an each-side exercise, else the dose's side
    bool done = false;
    bool operator==(const SessionEntry&) const = default;
};

/// One logged practice. A patient has at most one session per program, day and slot (slot 2 is
/// the second session of a twice-a-day program); logging the same slot again replaces it.
struct Session {
    std::int64_t id = 0;
    std::int64_t clinicId = 0;
    std::int64_t patientId = 0;
    std::int64_t programId = 0;
    int programVersion = 1;
    Date date;
    int slot = 1;
    std::optional<int> painBefore; ///< NPRS 0-10
    std::optional<int> painAfter;  ///< NPRS 0-10
    Difficulty difficulty = Difficulty::NotSaid;
    std::string note;
    SessionSource source = SessionSource::PatientLink;
    std::vector<SessionEntry> entries;
    std::int64_t recordedAt = 0;
    /// The client's id for this submission (a form's hidden field, an Idempotency-Key): the
    /// same submission arriving twice (double tap, network retry) is recorded once. Empty: none.
    std::string submissionId;
    int doneUnits = 0;       ///< entries done (each side counts once)
    int prescribedUnits = 0; ///< units the version prescribes for this slot
};

struct SessionLimits {
    static constexpr int MAX_PAIN = 10;
    static constexpr std::size_t MAX_NOTE = 1000;
    static constexpr std::size_t MAX_SUBMISSION_ID = 100;
};

/// Units the version prescribes for one session in slot: each item whose sessions a day reach
/// the slot counts once per side it is done on (2 for each-side items).
int prescribedUnits(const Prescription& prescription, int slot);

/// Checks a session against the version it is logged for and fills in doneUnits and
/// prescribedUnits. Entries must name exercises of the version with a side the dose allows
/// (left and right for each-side items). Throws ValidationException naming the field.
void completeSession(Session& session, const Prescription& prescription);

} // namespace Limber
