#include "domain/TimeZone.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

namespace Limber {
namespace {

std::int64_t utcInstant(int year, int month, int day, int hour, int minute = 0) {
    return static_cast<std::int64_t>(Date::fromYmd(year, month, day).daysSinceEpoch()) * 86400 +
           hour * 3600 + minute * 60;
}

std::string wallClock(const TimeZone& zone, std::int64_t t) {
    LocalTime local = zone.at(t);
    char text[64];
    std::snprintf(text, sizeof text, "%s %02d:%02d %s", local.date.toString().c_str(), local.hour,
                  local.minute, local.abbreviation.c_str());
    return text;
}

TEST(TimeZone, MadridChangesToSummerTimeAndBackOnTheLastSundays) {
    TimeZone madrid = TimeZone::named("Europe/Madrid");
    // 29 Mar 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC).
    EXPECT_EQ(wallClock(madrid, utcInstant(2026, 3, 29, 0, 59)), "2026-03-29 01:59 CET");
    EXPECT_EQ(wallClock(madrid, utcInstant(2026, 3, 29, 1, 0)), "2026-03-29 03:00 CEST");
    // 25 Oct 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 happens twice.
    EXPECT_EQ(wallClock(madrid, utcInstant(2026, 10, 25, 0, 30)), "2026-10-25 02:30 CEST");
    EXPECT_EQ(wallClock(madrid, utcInstant(2026, 10, 25, 1, 30)), "2026-10-25 02:30 CET");
    EXPECT_EQ(madrid.at(utcInstant(2026, 12, 6, 12)).offsetSeconds, 3600);
    EXPECT_EQ(madrid.at(utcInstant(2026, 7, 6, 12)).offsetSeconds, 7200);
}

TEST(TimeZone, NewYorkChangesOnTheSecondSundayOfMarchAndTheFirstOfNovember) {
    TimeZone newYork = TimeZone::named("America/New_York");
    EXPECT_EQ(wallClock(newYork, utcInstant(2026, 3, 8, 6, 59)), "2026-03-08 01:59 EST");
    EXPECT_EQ(wallClock(newYork, utcInstant(2026, 3, 8, 7, 0)), "2026-03-08 03:00 EDT");
    EXPECT_EQ(wallClock(newYork, utcInstant(2026, 11, 1, 5, 59)), "2026-11-01 01:59 EDT");
    EXPECT_EQ(wallClock(newYork, utcInstant(2026, 11, 1, 6, 0)), "2026-11-01 01:00 EST");
    // Evening in New York is already the next day in UTC.
    EXPECT_EQ(newYork.dayAt(utcInstant(2026, 12, 7, 3)), Date::fromYmd(2026, 12, 6));
}

TEST(TimeZone, SydneyKeepsSummerTimeAcrossTheNewYear) {
    TimeZone sydney = TimeZone::named("Australia/Sydney");
    // 5 Apr 2026: 03:00 AEDT becomes 02:00 AEST (16:00 UTC the day before).
    EXPECT_EQ(wallClock(sydney, utcInstant(2026, 4, 4, 15, 59)), "2026-04-05 02:59 AEDT");
    EXPECT_EQ(wallClock(sydney, utcInstant(2026, 4, 4, 16, 0)), "2026-04-05 02:00 AEST");
    // 4 Oct 2026: 02:00 AEST becomes 03:00 AEDT (16:00 UTC the day before).
    EXPECT_EQ(wallClock(sydney, utcInstant(2026, 10, 3, 15, 59)), "2026-10-04 01:59 AEST");
    EXPECT_EQ(wallClock(sydney, utcInstant(2026, 10, 3, 16, 0)), "2026-10-04 03:00 AEDT");
    // Morning in Sydney is still the day before in UTC.
    EXPECT_EQ(sydney.dayAt(utcInstant(2026, 12, 5, 22)), Date::fromYmd(2026, 12, 6));
}

/// The reader against the C library's own, hour by hour over years inside the transitions
/// and years past them (the footer's rule), for zones north, south and without summer time.
TEST(TimeZone, AgreesWithTheCLibraryHourByHourForDecades) {
    const char* saved = std::getenv("TZ");
    std::string before = saved ? saved : "";
    for (const char* name : {"Europe/Madrid", "America/New_York", "Australia/Sydney",
                             "Asia/Kolkata", "America/Santiago", "Europe/Dublin", "UTC"}) {
        TimeZone zone = TimeZone::named(name);
        setenv("TZ", name, 1);
        tzset();
        for (int year : {1995, 2026, 2027, 2037, 2038, 2045, 2090}) {
            for (std::int64_t t = utcInstant(year, 1, 1, 0); t < utcInstant(year + 1, 1, 1, 0);
                 t += 3600) {
                std::time_t time = static_cast<std::time_t>(t);
                std::tm parts{};
                localtime_r(&time, &parts);
                LocalTime local = zone.at(t);
                ASSERT_EQ(local.offsetSeconds, parts.tm_gmtoff) << name << " at " << t;
                ASSERT_EQ(local.abbreviation, parts.tm_zone) << name << " at " << t;
                ASSERT_EQ(local.date,
                          Date::fromYmd(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday));
                ASSERT_EQ(local.hour, parts.tm_hour);
            }
        }
    }
    if (saved)
        setenv("TZ", before.c_str(), 1);
    else
        unsetenv("TZ");
    tzset();
}

TEST(TimeZone, ADayStartsAtLocalMidnightOrWhereSummerTimeSkipsIt) {
    EXPECT_EQ(TimeZone::named("Europe/Madrid").startOfDay(Date::fromYmd(2026, 12, 6)),
              utcInstant(2026, 12, 5, 23));
    EXPECT_EQ(TimeZone::named("America/New_York").startOfDay(Date::fromYmd(2026, 7, 4)),
              utcInstant(2026, 7, 4, 4));
    EXPECT_EQ(TimeZone::named("Australia/Sydney").startOfDay(Date::fromYmd(2026, 12, 6)),
              utcInstant(2026, 12, 5, 13));
    for (const char* name : {"Europe/Madrid", "America/New_York", "Australia/Sydney",
                             "America/Santiago", "Asia/Beirut", "UTC"}) {
        TimeZone zone = TimeZone::named(name);
        for (Date day = Date::fromYmd(2026, 1, 1); day < Date::fromYmd(2028, 1, 1);
             day = day.plusDays(1)) {
            std::int64_t start = zone.startOfDay(day);
            ASSERT_EQ(zone.dayAt(start), day) << name << " " << day.toString();
            ASSERT_LT(zone.dayAt(start - 1), day) << name << " " << day.toString();
        }
    }
}

TEST(TimeZone, UnknownOrMalformedNamesAreRefused) {
    for (const char* name :
         {"Europe/Madird", "Mars/Olympus", "", "/etc/passwd", "../zoneinfo/UTC",
          "Europe/../Europe/Madrid", "Europe Madrid", "zone.tab", "iso3166.tab"}) {
        EXPECT_THROW(TimeZone::named(name), Poco::InvalidArgumentException) << name;
    }
    EXPECT_EQ(TimeZone::named("UTC").name(), "UTC");
    EXPECT_EQ(TimeZone::utc().at(utcInstant(2026, 12, 6, 23, 59)).date, Date::fromYmd(2026, 12, 6));
}

TEST(TimeZone, TheMachinesZoneIsTakenFromTzFirst) {
    const char* saved = std::getenv("TZ");
    std::string before = saved ? saved : "";
    setenv("TZ", "Australia/Sydney", 1);
    EXPECT_EQ(TimeZone::machineZoneName(), "Australia/Sydney");
    setenv("TZ", ":America/New_York", 1);
    EXPECT_EQ(TimeZone::machineZoneName(), "America/New_York");
    setenv("TZ", "Nowhere/Atlantis", 1);
    EXPECT_EQ(TimeZone::machineZoneName(), "UTC") << "a zone that does not load falls back";
    if (saved)
        setenv("TZ", before.c_str(), 1);
    else
        unsetenv("TZ");
    // Without TZ: whatever the machine says, a name that loads.
    EXPECT_NO_THROW(TimeZone::named(TimeZone::machineZoneName()));
}

TEST(TimeZone, CutOrCorruptZoneFilesAreRefused) {
    EXPECT_THROW(TimeZone::fromTzif("x", "TZif"), Poco::InvalidArgumentException);
    EXPECT_THROW(TimeZone::fromTzif("x", "not a zone file at all, just some text......."),
                 Poco::InvalidArgumentException);
    std::string header = std::string("TZif2") + std::string(15, '\0');
    // Counts: isut, isstd, leap, time = 0; type = 0 (a zone needs at least one type).
    EXPECT_THROW(TimeZone::fromTzif("x", header + std::string(24, '\0')),
                 Poco::InvalidArgumentException);
}

} // namespace
} // namespace Limber
