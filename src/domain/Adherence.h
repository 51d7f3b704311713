#pragma once

#include "Date.h"
#include "Program.h"
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
    std::optional<double> ratio; ///< creditedUnits / expectedUnits; empty when nothing expected
};

/// Adherence of one program over a period (CLINICAL.md definitions).
///
/// Prescribed days come from the version in force on each day: a version whose most demanding
/// item is done 5 days a week prescribes 5/7 of a day per calendar day inside its start and end
/// dates. Days are grouped in 7-day weeks counted from the program's first start date, and
/// within each week no more is credited than was prescribed (practising 7 days of a 5-day week
/// is 100%, not 140%). Sessions are counted the same way with sessions a day (two a day count
/// as two). Completeness is done units / prescribed units over the sessions logged.
struct AdherenceSummary {
    Date from; ///< first day measured
    Date to;   ///< last day measured
    double expectedDays = 0;
    int activeDays = 0; ///< days with at least one session
    double creditedDays = 0;
    std::optional<double> frequency; ///< creditedDays / expectedDays; empty when none expected
    double expectedSessions = 0;
    int loggedSessions = 0;
    double creditedSessions = 0;
    std::optional<double> sessionRatio; ///< creditedSessions / expectedSessions
    int prescribedUnits = 0;            ///< in logged sessions
    int doneUnits = 0;                  ///< in logged sessions
    std::optional<double> completeness; ///< doneUnits / prescribedUnits
    int daysWithDataLast30 = 0;         ///< distinct days with a session in the 30 days up to `to`
    std::optional<Date> lastSession;
    std::vector<ExerciseAdherence> exercises; ///< in order of first appearance in the versions
};

/// Computes adherence of program over [from, to] from its sessions (sessions of other programs
/// and outside the period are ignored). `to` is usually today: days after it are not counted.
AdherenceSummary computeAdherence(const Program& program, const std::vector<Session>& sessions,
                                  Date from, Date to);

} // namespace Limber
