#pragma once

#include "ValidationException.h"

#include <vector>

namespace Limber {

/// When a patient is flagged for the therapist's attention; each clinic sets its own.
/// Defaults follow CLINICAL.md: 80% is the common cut-off for "adherent"; a single pain of 8
/// or more, or a rise of 2 points over a week, is worth a call.
struct FlagRules {
    int thresholdPercent = 80; ///< frequency below this over windowDays is flagged
    int windowDays = 14;
    int quietDays = 7; ///< days in a row without a session while the program runs
    int painHigh = 8;  ///< any pain this high in the last 7 days
    int painRise = 2;  ///< 7-day average pain up this much on the 7 days before
    bool operator==(const FlagRules&) const = default;
};

/// The allowed ranges of each rule.
struct FlagRuleLimits {
    static constexpr int MIN_THRESHOLD = 10;
    static constexpr int MAX_THRESHOLD = 100;
    static constexpr int MIN_WINDOW = 7;
    static constexpr int MAX_WINDOW = 90;
    static constexpr int MIN_QUIET = 2;
    static constexpr int MAX_QUIET = 60;
    static constexpr int MIN_PAIN_HIGH = 1;
    static constexpr int MAX_PAIN_HIGH = 10;
    static constexpr int MIN_PAIN_RISE = 1;
    static constexpr int MAX_PAIN_RISE = 10;
};

/// Errors of rules outside their ranges; fields are "thresholdPercent", "windowDays"...
std::vector<FieldError> flagRulesErrors(const FlagRules& rules);

} // namespace Limber
