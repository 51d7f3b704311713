#include "Date.h"

#include <Poco/Exception.h>

#include <chrono>
#include <cstdio>

namespace Limber {

namespace {

std::chrono::year_month_day civil(int days) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}

int digitsValue(std::string_view text, bool& ok) {
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            ok = false;
            return 0;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

Date Date::parse(std::string_view iso) {
    bool ok = iso.size() == 10 && iso[4] == '-' && iso[7] == '-';
    int year = ok ? digitsValue(iso.substr(0, 4), ok) : 0;
    int month = ok ? digitsValue(iso.substr(5, 2), ok) : 0;
    int day = ok ? digitsValue(iso.substr(8, 2), ok) : 0;
    if (!ok)
        throw Poco::InvalidArgumentException("must be a date written YYYY-MM-DD, got \"" +
                                             std::string(iso.substr(0, 40)) + "\"");
    return fromYmd(year, month, day);
}

Date Date::fromYmd(int year, int month, int day) {
    std::chrono::year_month_day ymd{std::chrono::year{year},
                                    std::chrono::month{static_cast<unsigned>(month)},
                                    std::chrono::day{static_cast<unsigned>(day)}};
    if (year < 1900 || year > 2999 || !ymd.ok()) {
        char text[32];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        throw Poco::InvalidArgumentException(std::string(text) + " is not a calendar date");
    }
    return Date(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

int Date::year() const {
    return static_cast<int>(civil(_days).year());
}

int Date::month() const {
    return static_cast<int>(static_cast<unsigned>(civil(_days).month()));
}

int Date::day() const {
    return static_cast<int>(static_cast<unsigned>(civil(_days).day()));
}

int Date::weekday() const {
    return static_cast<int>(
        std::chrono::weekday{std::chrono::sys_days{std::chrono::days{_days}}}.iso_encoding());
}

std::string Date::toString() const {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year(), month(), day());
    return text;
}

} // namespace Limber
