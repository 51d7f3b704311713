#pragma once

#include "Date.h"
#include "DayLog.h"
#include "Program.h"
#include "ProgramSchedule.h"
#include "Session.h"

#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// How one exercise was kept up over a period, in units (one per side for each-side items).
struct ExerciseAdherence {
    std::string exerciseId;
    double expectedUnits = 0;
    double creditedUnits = 0;
    int doneUnits = 0;           ///< units ticked in the period, before the weekly cap
    std::optional<double> ratio; ///< creditedUnits / expectedUnits; empty when nothing expected
};

/// One program week (7 days counted from the program's first day) as far as it lies inside
/// the measured period.
struct WeekAdherence {
    int number = 1; ///< 1 for the program's first week
    Date from;      ///< first day of the week inside the period
    Date to;        ///< last day of the week inside the period
    double expectedDays = 0;
    int activeDays = 0;
    double creditedDays = 0;
    std::optional<double> frequency; ///< creditedDays / expectedDays
    double expectedSessions = 0;
    int loggedSessions = 0;
    std::optional<double> painAverage; ///< mean of the days' worst pain, when any was said
};

/// Adherence of one program over a period (CLINICAL.md definitions).
///
/// Prescribed days come from the version in force on each day: a version whose most demanding
/// item is done 5 days a week prescribes 5/7 of a day per calendar day inside its start and end
/// dates. Days are grouped in 7-day weeks counted from the program's first start date, and
/// within each week no more is credited than was prescribed (practising 7 days of a 5-day week
/// is 100%, not 140%). Sessions are counted the same way with sessions a day (two a day count
/// as two). Completeness is done units / prescribed units over the sessions logged.
///
/// The current streak is the number of days practised in a row up to the last day measured;
/// a day without a session breaks it unless it is one of the rest days the dose allows that
/// week (7 - days a week, counted back from the end), which neither break nor add to it.
struct AdherenceSummary {
    Date from; ///< first day measured
    Date to;   ///< last day measured
    double expectedDays = 0;
    int activeDays = 0; ///< days practised: a session with at least one unit done
    double creditedDays = 0;
    std::optional<double> frequency; ///< creditedDays / expectedDays; empty when none expected
    double expectedSessions = 0;
    int loggedSessions = 0; ///< sessions practised (a session with nothing done is not practice)
    double creditedSessions = 0;
    std::optional<double> sessionRatio; ///< creditedSessions / expectedSessions
    int prescribedUnits = 0;            ///< in every session logged
    int doneUnits = 0;                  ///< in every session logged
    std::optional<double> completeness; ///< doneUnits / prescribedUnits
    int daysWithDataLast30 = 0;         ///< days with anything logged in the 30 days up to `to`
    int currentStreak = 0;              ///< days practised in a row up to `to` (see above)
    std::optional<Date> lastSession;    ///< the last day practised in the period
    std::vector<WeekAdherence> weeks;   ///< program weeks touching the period, in order
    std::vector<ExerciseAdherence> exercises; ///< in order of first appearance in the versions
};

/// Computes adherence over [from, to] from a program's schedule and day log. `to` is usually
/// today (or yesterday while nothing is logged today): days after it are not counted. The
/// streak and the days with data in the last 30 look back past `from` as far as the log goes.
/// Per-exercise figures need sessions: see the overload below.
AdherenceSummary computeAdherence(const ProgramSchedule& schedule, const DayLog& days, Date from,
                                  Date to);

/// As above, from the program and its sessions (sessions of other programs are ignored), with
/// per-exercise figures. Pass the sessions of the 30 days before `to` too for the streak and
/// the days with data in the last 30.
AdherenceSummary computeAdherence(const Program& program, const std::vector<Session>& sessions,
                                  Date from, Date to);

/// The last day counted on `today` for a period ending on `to`: `to` once it has passed; up to
/// today, today itself once something is logged today, else yesterday (a day counts once it has
/// ended or holds practice).
Date lastCountedDay(Date to, Date today, const DayLog& days);

/// The one adherence figure every page, report, flag and export shows for a period: the
/// summary of [from, lastCountedDay(to, today, days)]. Its percentages (frequency, session
/// ratio, completeness) stay empty until a prescribed day of the period has ended, so a
/// program on its first day shows no figure rather than "0% of about 1". `summary.to` is the
/// last day counted.
AdherenceSummary adherenceAsOf(const ProgramSchedule& schedule, const DayLog& days, Date from,
                               Date to, Date today);
/// As above, from the program and its sessions, with per-exercise figures.
AdherenceSummary adherenceAsOf(const Program& program, const std::vector<Session>& sessions,
                               Date from, Date to, Date today);

/// The days figures "over the last N days" cover: the N days up to today, today included
/// (today counts once something is logged: see lastCountedDay). The dashboard, the low
/// adherence flag and the clinic report's default period all use it.
struct RecentPeriod {
    Date from;
    Date to;
};
RecentPeriod lastDays(int days, Date today);

/// A ratio as every page, report and flag prints it: "77%" (rounded to the nearest percent),
/// or "\u2013" when there is none.
std::string percentOf(const std::optional<double>& ratio);

/// What the frequency is made of, in the words every place uses: "8 of 10 prescribed days"
/// (credited days of prescribed days, to one decimal where the week's schedule makes them
/// fractional: "7.7 of 10.4 prescribed days"), so the figure and its detail always agree.
std::string prescribedDaysText(const AdherenceSummary& summary);

} // namespace Limber
