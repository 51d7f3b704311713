#include "AdherenceFlags.h"

#include "Adherence.h"
#include "DateStyle.h"

#include <cmath>
#include <cstdio>

namespace Limber {

namespace {

std::string oneDecimal(double value) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

} // namespace

std::string_view toString(FlagKind kind) {
    switch (kind) {
    case FlagKind::HighPain:
        return "high-pain";
    case FlagKind::RisingPain:
        return "rising-pain";
    case FlagKind::NoRecentSession:
        return "no-session";
    case FlagKind::LowAdherence:
        break;
    }
    return "low-adherence";
}

std::string_view labelOf(FlagKind kind) {
    switch (kind) {
    case FlagKind::HighPain:
        return "High pain";
    case FlagKind::RisingPain:
        return "Pain rising";
    case FlagKind::NoRecentSession:
        return "No sessions";
    case FlagKind::LowAdherence:
        break;
    }
    return "Low adherence";
}

std::optional<double> averagePain(const DayLog& days, Date from, Date to) {
    int count = 0;
    double sum = 0;
    for (Date day = from; day <= to; day = day.plusDays(1))
        if (auto pain = days.at(day).worstPain()) {
            ++count;
            sum += *pain;
        }
    if (count == 0)
        return std::nullopt;
    return sum / count;
}

std::vector<AdherenceFlag> flagsFor(const ProgramSchedule& schedule, const DayLog& days, Date today,
                                    const FlagRules& rules) {
    std::vector<AdherenceFlag> flags;
    if (schedule.versions.empty())
        return flags;

    // Pain: the last 7 days, today included.
    const Date weekStart = today.plusDays(-6);
    std::optional<int> worst;
    Date worstDay;
    for (Date day = weekStart; day <= today; day = day.plusDays(1))
        if (auto pain = days.at(day).worstPain(); pain && (!worst || *pain >= *worst)) {
            worst = pain;
            worstDay = day;
        }
    if (worst && *worst >= rules.painHigh)
        flags.push_back({FlagKind::HighPain,
                         "Pain " + std::to_string(*worst) + " of 10 on " + dateText(worstDay)});
    auto recent = averagePain(days, weekStart, today);
    auto before = averagePain(days, today.plusDays(-13), today.plusDays(-7));
    if (recent && before && *recent - *before >= rules.painRise - 1e-9)
        flags.push_back({FlagKind::RisingPain, "Pain up from " + oneDecimal(*before) + " to " +
                                                   oneDecimal(*recent) +
                                                   " (average of the last 7 days against the 7 "
                                                   "before)"});

    const Date anchor = schedule.anchor();
    if (today < anchor)
        return flags;
    const bool loggedToday = days.logged(today);

    if (schedule.on(today)) {
        std::optional<Date> last = days.lastLogged(today);
        Date quietFrom = last ? std::max(last->plusDays(1), anchor) : anchor;
        int quiet = loggedToday ? 0 : quietFrom.daysUntil(today);
        if (quiet >= rules.quietDays)
            flags.push_back(
                {FlagKind::NoRecentSession, last && *last >= anchor
                                                ? "No session for " + std::to_string(quiet) +
                                                      " days (the last on " + dateText(*last) + ")"
                                                : "No session since the program started " +
                                                      std::to_string(quiet) + " days ago"});
    }

    // The same period and figure as the dashboard's column (adherenceAsOf over lastDays).
    const RecentPeriod period = lastDays(rules.windowDays, today);
    if (schedule.endDate() >= period.from) {
        AdherenceSummary window = adherenceAsOf(schedule, days, period.from, period.to, today);
        if (window.frequency && window.expectedDays >= 2 &&
            *window.frequency * 100 < rules.thresholdPercent - 1e-9)
            flags.push_back({FlagKind::LowAdherence,
                             percentOf(window.frequency) + " of prescribed days over the last " +
                                 std::to_string(rules.windowDays) + " days (below " +
                                 std::to_string(rules.thresholdPercent) +
                                 "%): " + prescribedDaysText(window)});
    }
    return flags;
}

} // namespace Limber
