#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace Limber {

/// A calendar date without time zone (the clinic's local day), stored as days since 1970-01-01.
class Date {
public:
    Date() = default;

    /// Parses an ISO date "YYYY-MM-DD". Throws Poco::InvalidArgumentException when malformed
    /// or not a real calendar day.
    static Date parse(std::string_view iso);

    /// Builds a date from year, month (1-12) and day. Throws Poco::InvalidArgumentException
    /// when the day does not exist.
    static Date fromYmd(int year, int month, int day);

    static Date fromDays(int daysSinceEpoch) { return Date(daysSinceEpoch); }

    int daysSinceEpoch() const { return _days; }
    int year() const;
    int month() const;
    int day() const;
    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    int weekday() const;

    Date plusDays(int days) const { return Date(_days + days); }
    /// Number of days from this date to other (negative when other is earlier).
    int daysUntil(Date other) const { return other._days - _days; }

    /// "YYYY-MM-DD".
    std::string toString() const;

    auto operator<=>(const Date&) const = default;

private:
    explicit Date(int days) : _days(days) {}
    int _days = 0;
};

} // namespace Limber
