#include "reports/DateText.h"

#include "reports/HandoutText.h"

#include <gtest/gtest.h>

namespace Limber {
namespace {

std::int64_t utcInstant(int year, int month, int day, int hour, int minute) {
    return static_cast<std::int64_t>(Date::fromYmd(year, month, day).daysSinceEpoch()) * 86400 +
           hour * 3600 + minute * 60;
}

TEST(DateText, EachLanguageWritesDatesOneWay) {
    const Date day = Date::fromYmd(2026, 12, 6);
    EXPECT_EQ(dateText(day), "6 Dec 2026");
    EXPECT_EQ(dateText(day, "en"), "6 Dec 2026");
    EXPECT_EQ(dateText(day, "es"), "6 dic 2026");
    EXPECT_EQ(dateText(day, "fr"), "6 Dec 2026") << "English for a language not printed";
    // The handout's own date, day and month and week ranges follow the same style.
    EXPECT_EQ(formatDate(handoutText("en"), day), "6 Dec 2026");
    EXPECT_EQ(formatDate(handoutText("es"), day), "6 dic 2026");
    EXPECT_EQ(formatDayMonth(handoutText("en"), day), "6 Dec");
    EXPECT_EQ(formatDayRange(handoutText("en"), Date::fromYmd(2026, 11, 30), day),
              "30 Nov\u20136 Dec");
    EXPECT_EQ(formatDayRange(handoutText("es"), Date::fromYmd(2026, 12, 1), day), "1\u20136 dic");
    EXPECT_EQ(dayMonth(day), "6 Dec");
    for (int month = 1; month <= 12; ++month) {
        Date first = Date::fromYmd(2026, month, 1);
        EXPECT_EQ(dateText(first, "en"), "1 " + dayMonth(first).substr(2) + " 2026");
    }
}

TEST(DateText, TimesAreOnTheClinicsClockWithTheZonesAbbreviation) {
    TimeZone madrid = TimeZone::named("Europe/Madrid");
    EXPECT_EQ(timeText(utcInstant(2026, 12, 5, 23, 30), madrid), "6 Dec 2026, 00:30 CET");
    EXPECT_EQ(timeText(utcInstant(2026, 7, 5, 23, 30), madrid, "es"), "6 jul 2026, 01:30 CEST");
    EXPECT_EQ(timeText(utcInstant(2026, 12, 5, 23, 30), TimeZone::utc()), "5 Dec 2026, 23:30 UTC");
    EXPECT_EQ(timeText(utcInstant(2026, 12, 5, 23, 30) + 7, madrid, "en", true),
              "6 Dec 2026, 00:30:07 CET");
    // A zone without an abbreviation shows its offset.
    EXPECT_EQ(timeText(utcInstant(2026, 12, 5, 12, 0), TimeZone::named("America/Sao_Paulo")),
              "5 Dec 2026, 09:00 -03");
}

TEST(DateText, APeriodWithNothingCountedYetSaysSoInsteadOfEndingBeforeItStarts) {
    const Date first = Date::fromYmd(2026, 12, 6);
    EXPECT_EQ(countedPeriodText(first, first.plusDays(-1)),
              "from 6 Dec 2026, nothing counted yet (today counts once it ends or holds a "
              "session)");
    EXPECT_EQ(countedPeriodText(first, first), "6 Dec 2026");
    EXPECT_EQ(countedPeriodText(first, first.plusDays(9)), "6 Dec 2026 to 15 Dec 2026");
}

} // namespace
} // namespace Limber
