#include "domain/DayLog.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

using namespace Limber;

namespace {

const Date MONDAY = Date::parse("2026-11-02");

Session session(Date date, int slot, int done, int prescribed, std::optional<int> before,
                std::optional<int> after) {
    Session s;
    s.date = date;
    s.slot = slot;
    s.doneUnits = done;
    s.prescribedUnits = prescribed;
    s.painBefore = before;
    s.painAfter = after;
    return s;
}

} // namespace

TEST(DayLog, SumsADaysSessionsAndKeepsItsWorstPain) {
    DayLog log = DayLog::fromSessions({session(MONDAY, 1, 3, 3, 4, 2),
                                       session(MONDAY, 2, 0, 3, std::nullopt, 6),
                                       session(MONDAY.plusDays(2), 1, 2, 3, 1, std::nullopt)});
    DayRecord monday = log.at(MONDAY);
    EXPECT_EQ(monday.sessions, 1) << "the second session has nothing ticked";
    EXPECT_EQ(monday.recorded, 2);
    EXPECT_EQ(monday.doneUnits, 3);
    EXPECT_EQ(monday.prescribedUnits, 6);
    EXPECT_EQ(monday.painBefore, 4);
    EXPECT_EQ(monday.painAfter, 6);
    EXPECT_EQ(monday.worstPain(), 6);
    EXPECT_FALSE(log.at(MONDAY.plusDays(1)).hasData());
    EXPECT_TRUE(log.logged(MONDAY.plusDays(2)));
    EXPECT_EQ(log.lastLogged(), MONDAY.plusDays(2));
    EXPECT_EQ(log.lastLogged(MONDAY.plusDays(1)), MONDAY);
    EXPECT_FALSE(log.lastLogged(MONDAY.plusDays(-1)));
}

TEST(DayLog, RoundTripsThroughItsText) {
    DayLog log;
    log.set(MONDAY.plusDays(3), {2, 2, 120, 130, 10, 0});
    log.set(MONDAY, {1, 1, 1, 2, std::nullopt, std::nullopt}); // grows backwards
    DayLog copy(log.first(), log.cells());
    EXPECT_EQ(copy.first(), MONDAY);
    EXPECT_EQ(copy.size(), 4u);
    EXPECT_EQ(copy.at(MONDAY.plusDays(3)), (DayRecord{2, 2, 120, 130, 10, 0}));
    EXPECT_EQ(copy.at(MONDAY), (DayRecord{1, 1, 1, 2, std::nullopt, std::nullopt}));
    EXPECT_EQ(copy.at(MONDAY.plusDays(1)), DayRecord{});
    EXPECT_EQ(copy.at(MONDAY.plusDays(40)), DayRecord{});
}

TEST(DayLog, RefusesMalformedTextAndCountsThatDoNotFit) {
    EXPECT_THROW(DayLog(MONDAY, "00--000"), Poco::DataFormatException);
    EXPECT_THROW(DayLog(MONDAY, "10--0000"), Poco::DataFormatException)
        << "more practised than recorded";
    EXPECT_THROW(DayLog(MONDAY, "00z-0000"), Poco::DataFormatException);
    DayLog log;
    EXPECT_THROW(log.set(MONDAY, {1, 1, DayLog::MAX_UNITS + 1, 0, {}, {}}),
                 Poco::InvalidArgumentException);
    EXPECT_THROW(log.set(MONDAY, {1, 1, 0, 0, 11, {}}), Poco::InvalidArgumentException);
}
