#include "Adherence.h"

#include <algorithm>
#include <map>
#include <set>

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

double creditedTotal(const std::map<int, WeekTally>& weeks, double* expectedTotal) {
    double credited = 0;
    double expected = 0;
    for (const auto& [week, tally] : weeks) {
        credited += tally.credited();
        expected += tally.expected;
    }
    *expectedTotal = expected;
    return credited;
}

} // namespace

AdherenceSummary computeAdherence(const Program& program, const std::vector<Session>& sessions,
                                  Date from, Date to) {
    AdherenceSummary summary;
    summary.from = from;
    summary.to = to;
    if (program.versions.empty() || to < from)
        return summary;

    std::map<Date, std::vector<const Session*>> byDay;
    std::set<Date> last30;
    for (const auto& session : sessions) {
        if (session.programId != program.id || session.date < from || session.date > to)
            continue;
        byDay[session.date].push_back(&session);
        if (to.plusDays(-29) <= session.date)
            last30.insert(session.date);
        if (!summary.lastSession || *summary.lastSession < session.date)
            summary.lastSession = session.date;
        ++summary.loggedSessions;
        summary.prescribedUnits += session.prescribedUnits;
        summary.doneUnits += session.doneUnits;
    }
    summary.daysWithDataLast30 = static_cast<int>(last30.size());
    summary.activeDays = static_cast<int>(byDay.size());

    const Date anchor = program.versions.front().prescription.startDate;
    std::map<int, WeekTally> dayWeeks;
    std::map<int, WeekTally> sessionWeeks;
    std::map<std::string, std::map<int, WeekTally>> exerciseWeeks;
    std::vector<std::string> exerciseOrder;
    for (const auto& version : program.versions)
        for (const auto& item : version.prescription.items)
            if (std::find(exerciseOrder.begin(), exerciseOrder.end(), item.exerciseId) ==
                exerciseOrder.end())
                exerciseOrder.push_back(item.exerciseId);

    for (Date day = from; day <= to; day = day.plusDays(1)) {
        const ProgramVersion* version = program.versionOn(day);
        if (!version)
            continue;
        const Prescription& p = version->prescription;
        int week = anchor.daysUntil(day) / 7;
        double dayShare = practiceDaysPerWeek(p) / 7.0;
        dayWeeks[week].expected += dayShare;
        sessionWeeks[week].expected += dayShare * sessionsPerDay(p);
        for (const auto& item : p.items)
            exerciseWeeks[item.exerciseId][week].expected += item.dose.daysPerWeek / 7.0 *
                                                             item.dose.sessionsPerDay *
                                                             sidesPerSession(item.dose.side);

        auto logged = byDay.find(day);
        if (logged == byDay.end())
            continue;
        dayWeeks[week].actual += 1;
        std::set<int> slots;
        for (const Session* session : logged->second) {
            slots.insert(session->slot);
            for (const auto& entry : session->entries)
                if (entry.done)
                    exerciseWeeks[entry.exerciseId][week].actual += 1;
        }
        sessionWeeks[week].actual += std::min<double>(slots.size(), sessionsPerDay(p));
    }

    summary.creditedDays = creditedTotal(dayWeeks, &summary.expectedDays);
    summary.frequency = ratio(summary.creditedDays, summary.expectedDays);
    summary.creditedSessions = creditedTotal(sessionWeeks, &summary.expectedSessions);
    summary.sessionRatio = ratio(summary.creditedSessions, summary.expectedSessions);
    summary.completeness = ratio(summary.doneUnits, summary.prescribedUnits);
    for (const auto& id : exerciseOrder) {
        ExerciseAdherence exercise;
        exercise.exerciseId = id;
        exercise.creditedUnits = creditedTotal(exerciseWeeks[id], &exercise.expectedUnits);
        exercise.ratio = ratio(exercise.creditedUnits, exercise.expectedUnits);
        summary.exercises.push_back(exercise);
    }
    return summary;
}

} // namespace Limber
