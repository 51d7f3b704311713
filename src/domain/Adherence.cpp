#include "Adherence.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace Limber {

namespace {

/// Expected and actual amounts within one 7-day week; credit is capped at what was expected.
struct WeekTally {
    double expected = 0;
    double actual = 0;
    double credited() const { return std::min(actual, expected); }
};

std::optional<double> ratio(double part, double whole) {
    if (whole <= 0)
        return std::nullopt;
    return part / whole;
}

/// Division rounding toward minus infinity, so days before the anchor fall in week -1.
int floorDiv(int value, int divisor) {
    return value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
}

int streakUpTo(const ProgramSchedule& schedule, const DayLog& days, Date to) {
    const Date anchor = schedule.anchor();
    int streak = 0;
    int week = 0;
    int misses = 0;
    bool first = true;
    for (Date day = to;; day = day.plusDays(-1)) {
        const VersionSchedule* version = schedule.on(day);
        if (!version)
            break;
        int dayWeek = floorDiv(anchor.daysUntil(day), 7);
        if (first || dayWeek != week) {
            week = dayWeek;
            misses = 0;
            first = false;
        }
        if (days.logged(day))
            ++streak;
        else if (++misses > 7 - version->daysPerWeek)
            break;
    }
    return streak;
}

} // namespace

AdherenceSummary computeAdherence(const ProgramSchedule& schedule, const DayLog& days, Date from,
                                  Date to) {
    AdherenceSummary summary;
    summary.from = from;
    summary.to = to;
    if (to < from)
        return summary;
    for (Date day = to.plusDays(-29); day <= to; day = day.plusDays(1))
        if (days.hasData(day))
            ++summary.daysWithDataLast30;
    if (schedule.versions.empty())
        return summary;

    const Date anchor = schedule.anchor();
    const int firstWeek = floorDiv(anchor.daysUntil(from), 7);
    const int lastWeek = floorDiv(anchor.daysUntil(to), 7);
    std::vector<WeekAdherence> weeks(static_cast<std::size_t>(lastWeek - firstWeek + 1));
    std::vector<WeekTally> dayTallies(weeks.size());
    std::vector<WeekTally> sessionTallies(weeks.size());
    std::vector<int> painDays(weeks.size());
    std::vector<double> painSums(weeks.size());
    for (std::size_t i = 0; i < weeks.size(); ++i) {
        int number = firstWeek + static_cast<int>(i);
        weeks[i].number = number + 1;
        weeks[i].from = std::max(from, anchor.plusDays(number * 7));
        weeks[i].to = std::min(to, anchor.plusDays(number * 7 + 6));
    }

    for (Date day = from; day <= to; day = day.plusDays(1)) {
        std::size_t w = static_cast<std::size_t>(floorDiv(anchor.daysUntil(day), 7) - firstWeek);
        const VersionSchedule* version = schedule.on(day);
        DayRecord record = days.at(day);
        if (version) {
            double share = version->daysPerWeek / 7.0;
            dayTallies[w].expected += share;
            sessionTallies[w].expected += share * version->sessionsPerDay;
        }
        if (!record.hasData())
            continue;
        summary.doneUnits += record.doneUnits;
        summary.prescribedUnits += record.prescribedUnits;
        if (auto pain = record.worstPain()) {
            ++painDays[w];
            painSums[w] += *pain;
        }
        if (!record.logged())
            continue;
        ++summary.activeDays;
        ++weeks[w].activeDays;
        summary.loggedSessions += record.sessions;
        weeks[w].loggedSessions += record.sessions;
        summary.lastSession = day;
        if (version) {
            dayTallies[w].actual += 1;
            sessionTallies[w].actual += std::min(record.sessions, version->sessionsPerDay);
        }
    }

    for (std::size_t w = 0; w < weeks.size(); ++w) {
        WeekAdherence& week = weeks[w];
        week.expectedDays = dayTallies[w].expected;
        week.creditedDays = dayTallies[w].credited();
        week.frequency = ratio(week.creditedDays, week.expectedDays);
        week.expectedSessions = sessionTallies[w].expected;
        if (painDays[w] > 0)
            week.painAverage = painSums[w] / painDays[w];
        summary.expectedDays += week.expectedDays;
        summary.creditedDays += week.creditedDays;
        summary.expectedSessions += sessionTallies[w].expected;
        summary.creditedSessions += sessionTallies[w].credited();
    }
    summary.weeks = std::move(weeks);
    summary.frequency = ratio(summary.creditedDays, summary.expectedDays);
    summary.sessionRatio = ratio(summary.creditedSessions, summary.expectedSessions);
    summary.completeness = ratio(summary.doneUnits, summary.prescribedUnits);
    summary.currentStreak = streakUpTo(schedule, days, to);
    return summary;
}

AdherenceSummary computeAdherence(const Program& program, const std::vector<Session>& sessions,
                                  Date from, Date to) {
    std::vector<Session> own;
    for (const auto& session : sessions)
        if (session.programId == program.id)
            own.push_back(session);
    AdherenceSummary summary =
        computeAdherence(ProgramSchedule::of(program), DayLog::fromSessions(own), from, to);
    if (program.versions.empty() || to < from)
        return summary;

    // Per exercise: expected units from each day's version, done units from the entries, with
    // the same weekly cap as days.
    const Date anchor = program.versions.front().prescription.startDate;
    std::vector<std::string> order;
    for (const auto& version : program.versions)
        for (const auto& item : version.prescription.items)
            if (std::find(order.begin(), order.end(), item.exerciseId) == order.end())
                order.push_back(item.exerciseId);
    std::map<Date, std::vector<const Session*>> byDay;
    for (const auto& session : own)
        if (from <= session.date && session.date <= to)
            byDay[session.date].push_back(&session);
    std::map<std::string, std::map<int, WeekTally>> exerciseWeeks;
    std::map<std::string, int> done;
    for (Date day = from; day <= to; day = day.plusDays(1)) {
        const ProgramVersion* version = program.versionOn(day);
        if (!version)
            continue;
        int week = floorDiv(anchor.daysUntil(day), 7);
        for (const auto& item : version->prescription.items)
            exerciseWeeks[item.exerciseId][week].expected += item.dose.daysPerWeek / 7.0 *
                                                             item.dose.sessionsPerDay *
                                                             sidesPerSession(item.dose.side);
        auto logged = byDay.find(day);
        if (logged == byDay.end())
            continue;
        for (const Session* session : logged->second)
            for (const auto& entry : session->entries)
                if (entry.done) {
                    exerciseWeeks[entry.exerciseId][week].actual += 1;
                    ++done[entry.exerciseId];
                }
    }
    for (const auto& id : order) {
        ExerciseAdherence exercise;
        exercise.exerciseId = id;
        for (const auto& [week, tally] : exerciseWeeks[id]) {
            exercise.expectedUnits += tally.expected;
            exercise.creditedUnits += tally.credited();
        }
        exercise.doneUnits = done[id];
        exercise.ratio = ratio(exercise.creditedUnits, exercise.expectedUnits);
        summary.exercises.push_back(exercise);
    }
    return summary;
}

Date lastCountedDay(Date to, Date today, const DayLog& days) {
    if (to < today)
        return to;
    return days.logged(today) ? today : today.plusDays(-1);
}

namespace {

/// Whether a day of [from, last] before today lies inside the program's dates.
bool aPrescribedDayHasEnded(const ProgramSchedule& schedule, Date from, Date last, Date today) {
    Date ended = std::min(last, today.plusDays(-1));
    for (Date day = from; day <= ended; day = day.plusDays(1))
        if (schedule.on(day))
            return true;
    return false;
}

template <typename Compute>
AdherenceSummary measured(const ProgramSchedule& schedule, Date from, Date last, Date today,
                          Compute compute) {
    if (last < from) {
        AdherenceSummary none;
        none.from = from;
        none.to = last;
        return none;
    }
    AdherenceSummary summary = compute(last);
    if (!aPrescribedDayHasEnded(schedule, from, last, today)) {
        summary.frequency.reset();
        summary.sessionRatio.reset();
        summary.completeness.reset();
        for (auto& week : summary.weeks)
            week.frequency.reset();
    }
    return summary;
}

} // namespace

AdherenceSummary adherenceAsOf(const ProgramSchedule& schedule, const DayLog& days, Date from,
                               Date to, Date today) {
    return measured(schedule, from, lastCountedDay(to, today, days), today,
                    [&](Date last) { return computeAdherence(schedule, days, from, last); });
}

AdherenceSummary adherenceAsOf(const Program& program, const std::vector<Session>& sessions,
                               Date from, Date to, Date today) {
    DayLog days = DayLog::fromSessions(sessions);
    return measured(ProgramSchedule::of(program), from, lastCountedDay(to, today, days), today,
                    [&](Date last) { return computeAdherence(program, sessions, from, last); });
}

RecentPeriod lastDays(int days, Date today) {
    return {today.plusDays(1 - std::max(1, days)), today};
}

std::string percentOf(const std::optional<double>& ratio) {
    if (!ratio)
        return "\u2013";
    return std::to_string(std::lround(*ratio * 100)) + "%";
}

namespace {

std::string dayCount(double value) {
    long tenths = std::lround(value * 10);
    std::string text = std::to_string(tenths / 10);
    return tenths % 10 == 0 ? text : text + "." + std::to_string(tenths % 10);
}

} // namespace

std::string prescribedDaysText(const AdherenceSummary& summary) {
    return dayCount(summary.creditedDays) + " of " + dayCount(summary.expectedDays) +
           " prescribed days";
}

} // namespace Limber
