#include "domain/Date.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

using Limber::Date;

TEST(Date, ParsesAndFormatsIsoDates) {
    Date date = Date::parse("2026-11-25");
    EXPECT_EQ(date.year(), 2026);
    EXPECT_EQ(date.month(), 11);
    EXPECT_EQ(date.day(), 25);
    EXPECT_EQ(date.toString(), "2026-11-25");
    EXPECT_EQ(date.weekday(), 3); // a Wednesday
}

TEST(Date, CountsDaysAcrossMonthsAndLeapYears) {
    EXPECT_EQ(Date::parse("2028-02-28").plusDays(1).toString(), "2028-02-29");
    EXPECT_EQ(Date::parse("2026-12-31").plusDays(1).toString(), "2027-01-01");
    EXPECT_EQ(Date::parse("2026-11-01").daysUntil(Date::parse("2026-12-01")), 30);
}

TEST(Date, RejectsMalformedAndImpossibleDates) {
    EXPECT_THROW(Date::parse("2026-13-01"), Poco::InvalidArgumentException);
    EXPECT_THROW(Date::parse("2026-02-30"), Poco::InvalidArgumentException);
    EXPECT_THROW(Date::parse("26-11-25"), Poco::InvalidArgumentException);
    EXPECT_THROW(Date::parse("2026-11-2x"), Poco::InvalidArgumentException);
    EXPECT_THROW(Date::parse(""), Poco::InvalidArgumentException);
}
