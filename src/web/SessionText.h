#pragma once

#include "domain/Program.h"
#include "domain/Session.h"

#include <optional>
#include <string>

namespace Limber {

// How a logged session reads in a table of sessions (the patient page, an earlier episode).

/// A pain level, or "–" when none was given.
std::string painText(const std::optional<int>& pain);

/// What a session did, in the units it was counted in: "3 of 4 exercises", or "5 of 6 sides"
/// when an exercise of the session is done on each side (each side is one unit, and an
/// exercise done on both sides together is one). version is the one the session was logged
/// for, or null when it is unknown (then only the numbers).
std::string sessionDoneText(const Session& session, const ProgramVersion* version);

/// "easy", "about right", "hard", or "–" when not said.
std::string difficultyLabel(Difficulty difficulty);

/// Who logged it: "patient", "paper log", "therapist".
std::string sourceLabel(SessionSource source);

} // namespace Limber
