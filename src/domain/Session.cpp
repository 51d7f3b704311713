#include "Session.h"

#include "TextRule.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace Limber {

namespace {

constexpr std::array<std::pair<SessionSource, std::string_view>, 3> SOURCE_NAMES{
    {{SessionSource::PatientLink, "patient-link"},
     {SessionSource::Paper, "paper"},
     {SessionSource::Therapist, "therapist"}}};

constexpr std::array<std::pair<Difficulty, std::string_view>, 4> DIFFICULTY_NAMES{
    {{Difficulty::NotSaid, "not-said"},
     {Difficulty::Easy, "easy"},
     {Difficulty::AboutRight, "about-right"},
     {Difficulty::Hard, "hard"}}};

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
    for (const auto& [candidate, name] : names)
        if (candidate == value)
            return name;
    return names.front().second;
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, std::string_view>, N>& names,
                            std::string_view text) {
    for (const auto& [candidate, name] : names)
        if (name == text)
            return candidate;
    return std::nullopt;
}

std::vector<Side> sidesOf(Side doseSide) {
    if (doseSide == Side::Each)
        return {Side::Left, Side::Right};
    return {doseSide};
}

} // namespace

std::string_view toString(SessionSource source) {
    return nameOf(SOURCE_NAMES, source);
}

std::optional<SessionSource> sessionSourceFromString(std::string_view text) {
    return valueOf(SOURCE_NAMES, text);
}

std::string_view toString(Difficulty difficulty) {
    return nameOf(DIFFICULTY_NAMES, difficulty);
}

std::optional<Difficulty> difficultyFromString(std::string_view text) {
    return valueOf(DIFFICULTY_NAMES, text);
}

int prescribedUnits(const Prescription& prescription, int slot) {
    int units = 0;
    for (const auto& item : prescription.items)
        if (slot <= item.dose.sessionsPerDay)
            units += sidesPerSession(item.dose.side);
    return units;
}

void completeSession(Session& session, const Prescription& prescription) {
    FieldErrors errors;
    int maxSlot = sessionsPerDay(prescription);
    if (session.slot < 1 || session.slot > maxSlot)
        errors.add("slot", "must be between 1 and " + std::to_string(maxSlot) +
                               " (sessions a day in this program)");
    auto checkPain = [&errors](const std::optional<int>& pain, const char* field) {
        if (pain && (*pain < 0 || *pain > SessionLimits::MAX_PAIN))
            errors.add(field, "must be between 0 and 10 (got " + std::to_string(*pain) + ")");
    };
    checkPain(session.painBefore, "painBefore");
    checkPain(session.painAfter, "painAfter");
    checkedField(errors, "note", session.note, TextKind::Paragraph, SessionLimits::MAX_NOTE);

    std::set<std::pair<std::string, Side>> seen;
    int done = 0;
    for (std::size_t i = 0; i < session.entries.size(); ++i) {
        const SessionEntry& entry = session.entries[i];
        std::string field = "entries[" + std::to_string(i) + "]";
        const ProgramItem* item = nullptr;
        for (const auto& candidate : prescription.items)
            if (candidate.exerciseId == entry.exerciseId)
                item = &candidate;
        if (!item) {
            errors.add(field + ".exercise",
                       "\"" + entry.exerciseId + "\" is not in this program version");
            continue;
        }
        std::vector<Side> allowed = sidesOf(item->dose.side);
        if (std::find(allowed.begin(), allowed.end(), entry.side) == allowed.end()) {
            errors.add(field + ".side", "\"" + std::string(toString(entry.side)) +
                                            "\" does not match the dose of \"" + entry.exerciseId +
                                            "\"");
            continue;
        }
        if (!seen.insert({entry.exerciseId, entry.side}).second) {
            errors.add(field, "\"" + entry.exerciseId + "\" (" + std::string(toString(entry.side)) +
                                  ") is listed twice");
            continue;
        }
        if (entry.done && session.slot <= item->dose.sessionsPerDay)
            ++done;
    }
    errors.throwIfAny();
    session.doneUnits = done;
    session.prescribedUnits = prescribedUnits(prescription, session.slot);
}

} // namespace Limber
