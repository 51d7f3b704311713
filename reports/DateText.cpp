#include "DateText.h"

namespace Limber {

namespace {

const char* const MONTHS[] = {"January",   "February", "March",    "April",
                              "May",       "June",     "July",     "August",
                              "September", "October",  "November", "December"};
const char* const WEEKDAYS[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

} // namespace

std::string dayMonth(Date date) {
    return dayMonthText(date);
}

std::string monthYear(Date date) {
    return std::string(MONTHS[date.month() - 1]) + " " + std::to_string(date.year());
}

std::string weekdayShort(Date date) {
    return WEEKDAYS[date.weekday() - 1];
}

} // namespace Limber
