#include "Dose.h"

#include <array>
#include <utility>

namespace Limber {

namespace {

constexpr std::array<std::pair<Side, std::string_view>, 4> SIDE_NAMES{
    {{Side::Both, "both"}, {Side::Each, "each"}, {Side::Left, "left"}, {Side::Right, "right"}}};

constexpr std::array<std::pair<SideOrder, std::string_view>, 2> SIDE_ORDER_NAMES{
    {{SideOrder::Alternate, "alternate"}, {SideOrder::OneSideFirst, "one-side-first"}}};

constexpr std::array<std::pair<ExerciseType, std::string_view>, 4> TYPE_NAMES{
    {{ExerciseType::Stretch, "stretch"},
     {ExerciseType::Balance, "balance"},
     {ExerciseType::Strength, "strength"},
     {ExerciseType::Mobility, "mobility"}}};

void checkRange(std::vector<FieldError>& errors, const char* field, int value, int low, int high,
                const char* unit) {
    if (value < low || value > high)
        errors.push_back({field, "must be between " + std::to_string(low) + " and " +
                                     std::to_string(high) + unit + " (got " +
                                     std::to_string(value) + ")"});
}

} // namespace

std::string_view toString(Side side) {
    for (const auto& [value, name] : SIDE_NAMES)
        if (value == side)
            return name;
    return "both";
}

std::optional<Side> sideFromString(std::string_view text) {
    for (const auto& [value, name] : SIDE_NAMES)
        if (name == text)
            return value;
    return std::nullopt;
}

std::string_view toString(SideOrder order) {
    for (const auto& [value, name] : SIDE_ORDER_NAMES)
        if (value == order)
            return name;
    return "alternate";
}

std::optional<SideOrder> sideOrderFromString(std::string_view text) {
    for (const auto& [value, name] : SIDE_ORDER_NAMES)
        if (name == text)
            return value;
    return std::nullopt;
}

std::string_view toString(ExerciseType type) {
    for (const auto& [value, name] : TYPE_NAMES)
        if (value == type)
            return name;
    return "stretch";
}

std::optional<ExerciseType> exerciseTypeFromString(std::string_view text) {
    for (const auto& [value, name] : TYPE_NAMES)
        if (name == text)
            return value;
    return std::nullopt;
}

std::vector<FieldError> doseErrors(const Dose& dose) {
    std::vector<FieldError> errors;
    switch (dose.holdUnit) {
    case HoldUnit::None:
        if (dose.hold != 0)
            errors.push_back({"hold", "needs a unit (seconds or breaths)"});
        break;
    case HoldUnit::Seconds:
        checkRange(errors, "holdSeconds", dose.hold, 1, DoseLimits::MAX_HOLD_SECONDS, " seconds");
        break;
    case HoldUnit::Breaths:
        checkRange(errors, "holdBreaths", dose.hold, 1, DoseLimits::MAX_HOLD_BREATHS, " breaths");
        break;
    }
    checkRange(errors, "reps", dose.reps, 1, DoseLimits::MAX_REPS, "");
    checkRange(errors, "sets", dose.sets, 1, DoseLimits::MAX_SETS, "");
    checkRange(errors, "sessionsPerDay", dose.sessionsPerDay, 1, DoseLimits::MAX_SESSIONS_PER_DAY,
               "");
    checkRange(errors, "daysPerWeek", dose.daysPerWeek, 1, DoseLimits::MAX_DAYS_PER_WEEK, "");
    checkRange(errors, "restSeconds", dose.restSeconds, 0, DoseLimits::MAX_REST_SECONDS,
               " seconds");
    if (dose.sideOrder == SideOrder::OneSideFirst && dose.side != Side::Each)
        errors.push_back({"sideOrder", "one side first needs side \"each\" (got \"" +
                                           std::string(toString(dose.side)) + "\")"});
    return errors;
}

std::vector<DoseWarning> doseWarnings(const Dose& dose, ExerciseType type) {
    std::vector<DoseWarning> warnings;
    if (type == ExerciseType::Stretch && dose.holdUnit == HoldUnit::Seconds) {
        if (dose.hold < 10)
            warnings.push_back({"holdSeconds", "hold-short",
                                "a static stretch is usually held 10 to 60 seconds; " +
                                    std::to_string(dose.hold) + " s is short"});
        else if (dose.hold > 60)
            warnings.push_back({"holdSeconds", "hold-long",
                                "a static stretch is usually held 10 to 60 seconds; " +
                                    std::to_string(dose.hold) + " s is long"});
    }
    if (dose.sets > 4)
        warnings.push_back({"sets", "sets-many",
                            std::to_string(dose.sets) + " sets is more than the usual 4 at most"});
    if (dose.sessionsPerDay > 3)
        warnings.push_back({"sessionsPerDay", "sessions-many",
                            std::to_string(dose.sessionsPerDay) +
                                " sessions a day is more than the usual 3 at most"});
    return warnings;
}

int sidesPerSession(Side side) {
    return side == Side::Each ? 2 : 1;
}

} // namespace Limber
