#include "domain/AdherenceFlags.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

// A daily program that started on Monday 2026-11-02 and runs six weeks.
const Date START = Date::parse("2026-11-02");

ProgramSchedule daily(int daysPerWeek = 7) {
    return {1, {{1, START, START, START.plusDays(41), daysPerWeek, 1}}};
}

DayRecord practised(std::optional<int> pain = std::nullopt) {
    return {1, 1, 3, 3, pain, std::nullopt};
}

std::vector<FlagKind> kinds(const std::vector<AdherenceFlag>& flags) {
    std::vector<FlagKind> list;
    for (const auto& flag : flags)
        list.push_back(flag.kind);
    return list;
}

/// Practised every day from START up to and including last.
DayLog everyDayUntil(Date last, std::optional<int> pain = 3) {
    DayLog log;
    for (Date day = START; day <= last; day = day.plusDays(1))
        log.set(day, practised(pain));
    return log;
}

} // namespace

TEST(AdherenceFlags, APatientWhoKeepsUpWithoutPainIsNotFlagged) {
    Date today = START.plusDays(20);
    EXPECT_TRUE(flagsFor(daily(), everyDayUntil(today), today, FlagRules{}).empty());
    // Nothing yet today is fine: the day is not over.
    EXPECT_TRUE(flagsFor(daily(), everyDayUntil(today.plusDays(-1)), today, FlagRules{}).empty());
}

TEST(AdherenceFlags, FlagsAdherenceBelowTheThresholdOverTheWindow) {
    Date today = START.plusDays(20);
    DayLog log = everyDayUntil(today.plusDays(-15));
    // The last 14 days are today and the 13 before; today counts once something is logged.
    // 10 of the 13 ended days practised: 77%, below 80%.
    for (int back = 14; back >= 1; --back)
        if (back != 3 && back != 7 && back != 12)
            log.set(today.plusDays(-back), practised());
    auto flags = flagsFor(daily(), log, today, FlagRules{});
    ASSERT_EQ(kinds(flags), std::vector<FlagKind>{FlagKind::LowAdherence});
    EXPECT_EQ(flags[0].reason, "77% of prescribed days over the last 14 days (below 80%): 10 of "
                               "13 prescribed days");
    log.set(today, practised());
    EXPECT_EQ(flagsFor(daily(), log, today, FlagRules{})[0].reason,
              "79% of prescribed days over the last 14 days (below 80%): 11 of 14 prescribed days")
        << "today counts once practised";
    FlagRules lenient;
    lenient.thresholdPercent = 75;
    EXPECT_TRUE(flagsFor(daily(), log, today, lenient).empty()) << "the clinic's threshold";
}

TEST(AdherenceFlags, FlagsNoSessionForTheConfiguredNumberOfDays) {
    Date today = START.plusDays(20);
    DayLog log = everyDayUntil(today.plusDays(-8)); // the last on day 12: days 13-19 empty
    FlagRules rules;
    rules.quietDays = 7;
    rules.thresholdPercent = 10;
    auto flags = flagsFor(daily(), log, today, rules);
    ASSERT_EQ(kinds(flags), std::vector<FlagKind>{FlagKind::NoRecentSession});
    EXPECT_EQ(flags[0].reason, "No session for 7 days (the last on 14 Nov 2026)");
    rules.quietDays = 8;
    EXPECT_TRUE(flagsFor(daily(), log, today, rules).empty());
    EXPECT_EQ(kinds(flagsFor(daily(), DayLog{}, START.plusDays(9), rules)),
              (std::vector<FlagKind>{FlagKind::NoRecentSession, FlagKind::LowAdherence}))
        << "never logged since the program started";
}

TEST(AdherenceFlags, FlagsAPainOfEightOrMoreInTheLastWeek) {
    Date today = START.plusDays(20);
    DayLog log = everyDayUntil(today);
    log.set(today.plusDays(-6), practised(8));
    auto flags = flagsFor(daily(), log, today, FlagRules{});
    ASSERT_EQ(kinds(flags), std::vector<FlagKind>{FlagKind::HighPain});
    EXPECT_EQ(flags[0].reason, "Pain 8 of 10 on 16 Nov 2026");
    log.set(today.plusDays(-6), practised(3));
    log.set(today.plusDays(-7), practised(9));
    EXPECT_TRUE(flagsFor(daily(), log, today, FlagRules{}).empty()) << "more than a week ago";
}

TEST(AdherenceFlags, FlagsPainRisingTwoPointsOverAWeek) {
    Date today = START.plusDays(20);
    DayLog log = everyDayUntil(today, 3);
    for (int back = 0; back < 7; ++back)
        log.set(today.plusDays(-back), practised(back % 2 == 0 ? 5 : 6)); // mean 5.43
    auto flags = flagsFor(daily(), log, today, FlagRules{});
    ASSERT_EQ(kinds(flags), std::vector<FlagKind>{FlagKind::RisingPain});
    EXPECT_EQ(flags[0].reason,
              "Pain up from 3.0 to 5.4 (average of the last 7 days against the 7 before)");
    for (int back = 0; back < 7; ++back)
        log.set(today.plusDays(-back), practised(4)); // up 1 only
    EXPECT_TRUE(flagsFor(daily(), log, today, FlagRules{}).empty());
}

TEST(AdherenceFlags, APainScoreWithoutPracticeStillRaisesAPainFlag) {
    Date today = START.plusDays(20);
    DayLog log = everyDayUntil(today.plusDays(-1));
    log.set(today, {0, 1, 0, 3, 9, std::nullopt});
    EXPECT_EQ(kinds(flagsFor(daily(), log, today, FlagRules{})),
              std::vector<FlagKind>{FlagKind::HighPain});
}

TEST(AdherenceFlags, AProgramNotStartedYetOrLongOverIsNotFlaggedForAdherence) {
    EXPECT_TRUE(flagsFor(daily(), DayLog{}, START.plusDays(-3), FlagRules{}).empty());
    EXPECT_TRUE(flagsFor(daily(), DayLog{}, START.plusDays(80), FlagRules{}).empty());
}

TEST(AdherenceFlags, MostUrgentComesFirst) {
    Date today = START.plusDays(20);
    DayLog log = everyDayUntil(today.plusDays(-10), 2);
    log.set(today.plusDays(-9), {0, 1, 0, 3, 9, std::nullopt});
    log.set(today.plusDays(-5), {0, 1, 0, 3, 9, std::nullopt});
    EXPECT_EQ(kinds(flagsFor(daily(), log, today, FlagRules{})),
              (std::vector<FlagKind>{FlagKind::HighPain, FlagKind::RisingPain,
                                     FlagKind::NoRecentSession, FlagKind::LowAdherence}));
}
