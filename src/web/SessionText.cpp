#include "SessionText.h"

namespace Limber {

std::string painText(const std::optional<int>& pain) {
    return pain ? std::to_string(*pain) : std::string("\u2013");
}

std::string sessionDoneText(const Session& session, const ProgramVersion* version) {
    std::string numbers =
        std::to_string(session.doneUnits) + " of " + std::to_string(session.prescribedUnits);
    if (!version)
        return numbers;
    bool bySide = false;
    for (const auto& item : version->prescription.items)
        bySide =
            bySide || (session.slot <= item.dose.sessionsPerDay && item.dose.side == Side::Each);
    if (bySide)
        return numbers + " sides";
    return numbers + (session.prescribedUnits == 1 ? " exercise" : " exercises");
}

std::string difficultyLabel(Difficulty difficulty) {
    switch (difficulty) {
    case Difficulty::Easy:
        return "easy";
    case Difficulty::AboutRight:
        return "about right";
    case Difficulty::Hard:
        return "hard";
    case Difficulty::NotSaid:
        break;
    }
    return "\u2013";
}

std::string sourceLabel(SessionSource source) {
    switch (source) {
    case SessionSource::Paper:
        return "paper log";
    case SessionSource::Therapist:
        return "therapist";
    case SessionSource::PatientLink:
        break;
    }
    return "patient";
}

} // namespace Limber
