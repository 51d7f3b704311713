#include "domain/Adherence.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

// The program starts on Monday 2026-11-02; weeks run Monday to Sunday.
const Date START = Date::parse("2026-11-02");

Dose dose(int daysPerWeek, Side side = Side::Both, int sessionsPerDay = 1) {
    Dose d;
    d.holdUnit = HoldUnit::Seconds;
    d.hold = 30;
    d.reps = 2;
    d.side = side;
    d.daysPerWeek = daysPerWeek;
    d.sessionsPerDay = sessionsPerDay;
    return d;
}

Prescription prescription(std::vector<ProgramItem> items) {
    Prescription p;
    p.title = "Back care";
    p.startDate = START;
    p.endDate = START.plusDays(41);
    p.items = std::move(items);
    return p;
}

Program programOf(const Prescription& p) {
    Program program;
    program.id = 7;
    program.versions.push_back({1, START, p, 0, 0});
    return program;
}

/// A session on day (days after START) with every unit done, or those listed in `done`.
Session sessionOn(const Program& program, int day, int slot = 1,
                  std::vector<SessionEntry> entries = {}) {
    Session session;
    session.programId = program.id;
    session.date = START.plusDays(day);
    session.slot = slot;
    const ProgramVersion* version = program.versionOn(session.date);
    session.programVersion = version->number;
    if (entries.empty())
        for (const auto& item : version->prescription.items) {
            if (item.dose.side == Side::Each) {
                entries.push_back({item.exerciseId, Side::Left, true});
                entries.push_back({item.exerciseId, Side::Right, true});
            } else {
                entries.push_back({item.exerciseId, item.dose.side, true});
            }
        }
    session.entries = entries;
    completeSession(session, version->prescription);
    return session;
}

std::vector<Session> weekdays(const Program& program, int firstDay, int count) {
    std::vector<Session> sessions;
    for (int day = firstDay; day < firstDay + count; ++day)
        sessions.push_back(sessionOn(program, day));
    return sessions;
}

} // namespace

TEST(Adherence, FiveOfFiveDaysEachWeekIsFull) {
    Program program = programOf(prescription({{"back-flexion-stretch", dose(5), ""}}));
    std::vector<Session> sessions = weekdays(program, 0, 5);
    auto week2 = weekdays(program, 7, 5);
    sessions.insert(sessions.end(), week2.begin(), week2.end());
    AdherenceSummary s = computeAdherence(program, sessions, START, START.plusDays(13));
    EXPECT_DOUBLE_EQ(s.expectedDays, 10.0);
    EXPECT_EQ(s.activeDays, 10);
    ASSERT_TRUE(s.frequency);
    EXPECT_DOUBLE_EQ(*s.frequency, 1.0);
    EXPECT_DOUBLE_EQ(*s.completeness, 1.0);
}

TEST(Adherence, PractisingMoreThanPrescribedIsCappedAtFull) {
    Program program = programOf(prescription({{"back-flexion-stretch", dose(5), ""}}));
    AdherenceSummary s =
        computeAdherence(program, weekdays(program, 0, 14), START, START.plusDays(13));
    EXPECT_EQ(s.activeDays, 14);
    EXPECT_DOUBLE_EQ(*s.frequency, 1.0);
}

TEST(Adherence, MissingDaysLowerFrequency) {
    Program program = programOf(prescription({{"back-flexion-stretch", dose(5), ""}}));
    std::vector<Session> sessions = weekdays(program, 0, 3); // 3 of 5 in week one
    auto week2 = weekdays(program, 7, 5);                    // 5 of 5 in week two
    sessions.insert(sessions.end(), week2.begin(), week2.end());
    AdherenceSummary s = computeAdherence(program, sessions, START, START.plusDays(13));
    EXPECT_DOUBLE_EQ(*s.frequency, 0.8);
}

TEST(Adherence, EachSideExercisesCountBothSides) {
    Program program = programOf(prescription({{"single-knee-to-chest", dose(7, Side::Each), ""}}));
    std::vector<Session> sessions = {sessionOn(program, 0, 1,
                                               {{"single-knee-to-chest", Side::Left, true},
                                                {"single-knee-to-chest", Side::Right, false}})};
    AdherenceSummary s = computeAdherence(program, sessions, START, START);
    EXPECT_EQ(s.prescribedUnits, 2);
    EXPECT_EQ(s.doneUnits, 1);
    EXPECT_DOUBLE_EQ(*s.completeness, 0.5);
    ASSERT_EQ(s.exercises.size(), 1u);
    EXPECT_DOUBLE_EQ(s.exercises[0].expectedUnits, 2.0);
    EXPECT_DOUBLE_EQ(s.exercises[0].creditedUnits, 1.0);
}

TEST(Adherence, TwoSessionsADayCountAsTwo) {
    Program program =
        programOf(prescription({{"back-flexion-stretch", dose(7, Side::Both, 2), ""}}));
    std::vector<Session> sessions = weekdays(program, 0, 7); // slot 1 every day
    for (int day : {0, 2, 4})
        sessions.push_back(sessionOn(program, day, 2)); // slot 2 on three days
    AdherenceSummary s = computeAdherence(program, sessions, START, START.plusDays(6));
    EXPECT_DOUBLE_EQ(*s.frequency, 1.0);
    EXPECT_DOUBLE_EQ(s.expectedSessions, 14.0);
    EXPECT_EQ(s.loggedSessions, 10);
    EXPECT_DOUBLE_EQ(*s.sessionRatio, 10.0 / 14.0);
}

TEST(Adherence, AVersionChangeCountsFromTheDayItTakesEffect) {
    Prescription fiveDays = prescription({{"back-flexion-stretch", dose(5), ""}});
    Prescription everyDay = prescription({{"back-flexion-stretch", dose(7), ""}});
    Program program = programOf(fiveDays);
    program.versions.push_back({2, START.plusDays(9), everyDay, 0, 0}); // from Wednesday, day 10
    // Nothing in week one, every day of week two.
    std::vector<Session> sessions = weekdays(program, 7, 7);
    AdherenceSummary s = computeAdherence(program, sessions, START, START.plusDays(13));
    // Week one: 7 x 5/7 = 5. Week two: 2 days x 5/7 + 5 days x 7/7 = 45/7.
    EXPECT_NEAR(s.expectedDays, 5.0 + 45.0 / 7.0, 1e-9);
    EXPECT_NEAR(*s.frequency, (45.0 / 7.0) / (80.0 / 7.0), 1e-9);
    EXPECT_EQ(sessions[2].programVersion, 2); // day 9 was logged against version 2
}

TEST(Adherence, AProgramNotStartedYetHasNothingToMeasure) {
    Program program = programOf(prescription({{"back-flexion-stretch", dose(5), ""}}));
    AdherenceSummary s = computeAdherence(program, {}, START.plusDays(-10), START.plusDays(-1));
    EXPECT_DOUBLE_EQ(s.expectedDays, 0.0);
    EXPECT_FALSE(s.frequency);
    EXPECT_FALSE(s.completeness);
    EXPECT_FALSE(s.lastSession);
}

TEST(Adherence, CountsDistinctDaysWithDataInTheLastThirtyDays) {
    Program program =
        programOf(prescription({{"back-flexion-stretch", dose(7, Side::Both, 2), ""}}));
    std::vector<Session> sessions = {sessionOn(program, 0), sessionOn(program, 10),
                                     sessionOn(program, 11), sessionOn(program, 11, 2),
                                     sessionOn(program, 35)};
    AdherenceSummary s = computeAdherence(program, sessions, START, START.plusDays(35));
    // The 30 days up to day 35 are days 6 to 35: days 10, 11 and 35 (day 11 twice).
    EXPECT_EQ(s.daysWithDataLast30, 3);
    EXPECT_EQ(s.lastSession, START.plusDays(35));
}

TEST(Adherence, ASessionWithNothingTickedIsDataButNotPractice) {
    Program program = programOf(prescription({{"back-flexion-stretch", dose(7), ""}}));
    Session painOnly = sessionOn(program, 2, 1, {{"back-flexion-stretch", Side::Both, false}});
    painOnly.painBefore = 7;
    std::vector<Session> sessions = {sessionOn(program, 0), sessionOn(program, 1), painOnly};
    AdherenceSummary s = computeAdherence(program, sessions, START, START.plusDays(2));
    EXPECT_EQ(s.activeDays, 2);
    EXPECT_EQ(s.loggedSessions, 2);
    EXPECT_DOUBLE_EQ(*s.frequency, 2.0 / 3.0);
    EXPECT_EQ(s.daysWithDataLast30, 3) << "a pain score alone still counts as data";
    EXPECT_EQ(s.prescribedUnits, 3);
    EXPECT_EQ(s.doneUnits, 2);
    EXPECT_EQ(s.lastSession, START.plusDays(1));
}

TEST(Adherence, TheStreakCountsDaysPractisedInARowUpToTheLastDay) {
    Program program = programOf(prescription({{"back-flexion-stretch", dose(7), ""}}));
    // Days 0-3 practised, day 4 missed, days 5-9 practised.
    std::vector<Session> sessions = weekdays(program, 0, 4);
    auto after = weekdays(program, 5, 5);
    sessions.insert(sessions.end(), after.begin(), after.end());
    EXPECT_EQ(computeAdherence(program, sessions, START, START.plusDays(9)).currentStreak, 5);
    EXPECT_EQ(computeAdherence(program, sessions, START, START.plusDays(3)).currentStreak, 4);
    EXPECT_EQ(computeAdherence(program, sessions, START, START.plusDays(10)).currentStreak, 0)
        << "a daily program allows no day off";
}

TEST(Adherence, TheStreakForgivesTheRestDaysTheDoseAllowsEachWeek) {
    // Five days a week: two days off per program week neither break nor add to the streak.
    Program program = programOf(prescription({{"back-flexion-stretch", dose(5), ""}}));
    std::vector<Session> sessions;
    for (int day : {0, 1, 2, 3, 4, /* 5, 6 off */ 7, 8, /* 9 off */ 10, 11, 12})
        sessions.push_back(sessionOn(program, day));
    EXPECT_EQ(computeAdherence(program, sessions, START, START.plusDays(12)).currentStreak, 10);
    // Day 13 off too: week two's second day off, still allowed.
    EXPECT_EQ(computeAdherence(program, sessions, START, START.plusDays(13)).currentStreak, 10);
    // Days 7 and 8 missed as well: week two has three days off, so the streak starts on day 10.
    sessions.erase(sessions.begin() + 5, sessions.begin() + 7);
    EXPECT_EQ(computeAdherence(program, sessions, START, START.plusDays(12)).currentStreak, 3);
}

TEST(Adherence, WeeksFollowTheProgramWeeksInsideThePeriod) {
    Program program = programOf(prescription({{"back-flexion-stretch", dose(5), ""}}));
    std::vector<Session> sessions = weekdays(program, 0, 5); // week 1 full
    sessions.push_back(sessionOn(program, 7));               // week 2: one day so far
    sessions.back().painBefore = 6;
    // The period starts mid-week one and ends mid-week two.
    AdherenceSummary s = computeAdherence(program, sessions, START.plusDays(3), START.plusDays(9));
    ASSERT_EQ(s.weeks.size(), 2u);
    EXPECT_EQ(s.weeks[0].number, 1);
    EXPECT_EQ(s.weeks[0].from, START.plusDays(3));
    EXPECT_EQ(s.weeks[0].to, START.plusDays(6));
    EXPECT_NEAR(s.weeks[0].expectedDays, 4 * 5.0 / 7.0, 1e-9);
    EXPECT_EQ(s.weeks[0].activeDays, 2);
    EXPECT_NEAR(*s.weeks[0].frequency, 2 / (20.0 / 7.0), 1e-9);
    EXPECT_EQ(s.weeks[1].number, 2);
    EXPECT_EQ(s.weeks[1].activeDays, 1);
    EXPECT_NEAR(*s.weeks[1].frequency, 1 / (15.0 / 7.0), 1e-9);
    EXPECT_DOUBLE_EQ(*s.weeks[1].painAverage, 6.0);
    EXPECT_FALSE(s.weeks[0].painAverage);
}

TEST(Adherence, ScheduleAndDayLogGiveTheSameFiguresAsTheSessions) {
    Prescription fiveDays = prescription({{"single-knee-to-chest", dose(5, Side::Each, 2), ""}});
    Program program = programOf(fiveDays);
    program.versions.push_back(
        {2, START.plusDays(10), prescription({{"tree-pose", dose(7, Side::Each), ""}}), 0, 0});
    std::vector<Session> sessions;
    for (int day : {0, 1, 3, 4, 8, 9, 11, 12, 15, 20}) {
        sessions.push_back(sessionOn(program, day));
        if (day < 10 && day % 2 == 0)
            sessions.push_back(sessionOn(program, day, 2));
    }
    AdherenceSummary fromSessions =
        computeAdherence(program, sessions, START.plusDays(2), START.plusDays(20));
    AdherenceSummary fromLog =
        computeAdherence(ProgramSchedule::of(program), DayLog::fromSessions(sessions),
                         START.plusDays(2), START.plusDays(20));
    EXPECT_DOUBLE_EQ(*fromLog.frequency, *fromSessions.frequency);
    EXPECT_DOUBLE_EQ(*fromLog.sessionRatio, *fromSessions.sessionRatio);
    EXPECT_DOUBLE_EQ(*fromLog.completeness, *fromSessions.completeness);
    EXPECT_EQ(fromLog.currentStreak, fromSessions.currentStreak);
    EXPECT_EQ(fromLog.loggedSessions, fromSessions.loggedSessions);
}
