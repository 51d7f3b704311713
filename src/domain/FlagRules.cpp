#include "FlagRules.h"

#include <string>

namespace Limber {

std::vector<FieldError> flagRulesErrors(const FlagRules& rules) {
    FieldErrors errors;
    auto check = [&errors](const char* field, int value, int low, int high, const char* unit) {
        if (value < low || value > high)
            errors.add(field, "must be between " + std::to_string(low) + " and " +
                                  std::to_string(high) + unit + " (got " + std::to_string(value) +
                                  ")");
    };
    using L = FlagRuleLimits;
    check("thresholdPercent", rules.thresholdPercent, L::MIN_THRESHOLD, L::MAX_THRESHOLD, "%");
    check("windowDays", rules.windowDays, L::MIN_WINDOW, L::MAX_WINDOW, " days");
    check("quietDays", rules.quietDays, L::MIN_QUIET, L::MAX_QUIET, " days");
    check("painHigh", rules.painHigh, L::MIN_PAIN_HIGH, L::MAX_PAIN_HIGH, "");
    check("painRise", rules.painRise, L::MIN_PAIN_RISE, L::MAX_PAIN_RISE, " points");
    return errors.list();
}

} // namespace Limber
