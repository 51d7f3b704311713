#pragma once

#include "Date.h"
#include "DayLog.h"
#include "FlagRules.h"
#include "ProgramSchedule.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// Why a patient needs the therapist's attention, most urgent first.
enum class FlagKind { HighPain, RisingPain, NoRecentSession, LowAdherence };

/// "high-pain", "rising-pain", "no-session", "low-adherence".
std::string_view toString(FlagKind kind);
/// A short label for lists: "High pain", "Pain rising", "No sessions", "Low adherence".
std::string_view labelOf(FlagKind kind);

struct AdherenceFlag {
    FlagKind kind;
    std::string reason; ///< the figures behind the flag, in a sentence for the therapist
    bool operator==(const AdherenceFlag&) const = default;
};

/// The flags of a program on day `today`, most urgent first:
/// - HighPain: a pain (before or after) of rules.painHigh or more in the last 7 days;
/// - RisingPain: the mean of each day's worst pain over the last 7 days is rules.painRise or
///   more above the mean over the 7 days before (both weeks need a pain said);
/// - NoRecentSession: while the program runs, rules.quietDays or more days in a row without a
///   session (today not counted until something is logged on it);
/// - LowAdherence: frequency below rules.thresholdPercent over the last rules.windowDays days
///   (the window ends yesterday while nothing is logged today), once the window holds two
///   prescribed days or more.
/// A program that has not started, or has ended before the window, gets no adherence flags.
std::vector<AdherenceFlag> flagsFor(const ProgramSchedule& schedule, const DayLog& days, Date today,
                                    const FlagRules& rules);

/// The mean of each day's worst pain over [from, to], if any pain was said.
std::optional<double> averagePain(const DayLog& days, Date from, Date to);

} // namespace Limber
