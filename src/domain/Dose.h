#pragma once

#include "ValidationException.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

enum class HoldUnit { None, Seconds, Breaths };

/// Which side a dose is done on. Both: both sides together (both knees to the chest);
/// Each: once per side, left then right; Left / Right: that side only.
enum class Side { Both, Each, Left, Right };

std::string_view toString(Side side);
/// Parses "both", "each", "left", "right"; nullopt otherwise.
std::optional<Side> sideFromString(std::string_view text);

/// In what order an each-side dose's repetitions go. Alternate: left, right, left, right...
/// (one repetition per side in turn, the default); OneSideFirst: every repetition of a set on
/// the left, then every repetition on the right (a kneeling lunge). Only an each-side dose may
/// be OneSideFirst.
enum class SideOrder { Alternate, OneSideFirst };

std::string_view toString(SideOrder order);
/// Parses "alternate", "one-side-first"; nullopt otherwise.
std::optional<SideOrder> sideOrderFromString(std::string_view text);

/// How a patient does one exercise. The exercise's own shape (reps, how often) lives here so
/// that each exercise of a program can have its own frequency.
struct Dose {
    HoldUnit holdUnit = HoldUnit::None;
    int hold = 0; ///< seconds or breaths, per holdUnit; 0 when holdUnit is None
    int reps = 1;
    int sets = 1;
    Side side = Side::Both;
    int sessionsPerDay = 1;
    int daysPerWeek = 7;
    int restSeconds = 0;                        ///< rest between reps or sets; 0 = none stated
    SideOrder sideOrder = SideOrder::Alternate; ///< OneSideFirst only when side is Each

    bool operator==(const Dose&) const = default;
};

/// The impossible-value limits: a dose outside them is refused (CLINICAL.md).
struct DoseLimits {
    static constexpr int MAX_HOLD_SECONDS = 600;
    static constexpr int MAX_HOLD_BREATHS = 60;
    static constexpr int MAX_REPS = 50;
    static constexpr int MAX_SETS = 10;
    static constexpr int MAX_SESSIONS_PER_DAY = 6;
    static constexpr int MAX_DAYS_PER_WEEK = 7;
    static constexpr int MAX_REST_SECONDS = 600;
};

/// Returns the errors of a dose (empty when valid). Field names are relative: "hold", "reps"...
std::vector<FieldError> doseErrors(const Dose& dose);

/// What kind of movement an exercise is; decides which guardrails apply.
enum class ExerciseType { Stretch, Balance, Strength, Mobility };

std::string_view toString(ExerciseType type);
std::optional<ExerciseType> exerciseTypeFromString(std::string_view text);

/// A guardrail the therapist should see: allowed, but outside the usual clinical range.
struct DoseWarning {
    std::string field;
    std::string code;    ///< stable, e.g. "hold-short"
    std::string message; ///< English text for logs and the API
};

/// Warnings for a valid dose of an exercise of the given type (CLINICAL.md guardrails).
std::vector<DoseWarning> doseWarnings(const Dose& dose, ExerciseType type);

/// How many logged units one practice of this dose has: 2 for Each (left and right), else 1.
int sidesPerSession(Side side);

} // namespace Limber
