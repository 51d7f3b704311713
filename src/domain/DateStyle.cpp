#include "DateStyle.h"

#include <array>
#include <cstdio>

namespace Limber {

namespace {

constexpr std::array<const char*, 12> ENGLISH_MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 12> SPANISH_MONTHS = {"ene", "feb", "mar", "abr", "may", "jun",
                                                        "jul", "ago", "sep", "oct", "nov", "dic"};

} // namespace

std::string monthShort(int month, std::string_view language) {
    const auto& names = language == "es" ? SPANISH_MONTHS : ENGLISH_MONTHS;
    return names.at(static_cast<std::size_t>(month - 1));
}

std::string dayMonthText(Date date, std::string_view language) {
    return std::to_string(date.day()) + " " + monthShort(date.month(), language);
}

std::string dateText(Date date, std::string_view language) {
    return dayMonthText(date, language) + " " + std::to_string(date.year());
}

std::string timeText(std::int64_t epochSeconds, const TimeZone& zone, std::string_view language,
                     bool withSeconds) {
    LocalTime local = zone.at(epochSeconds);
    char clock[16];
    if (withSeconds)
        std::snprintf(clock, sizeof clock, "%02d:%02d:%02d", local.hour, local.minute,
                      local.second);
    else
        std::snprintf(clock, sizeof clock, "%02d:%02d", local.hour, local.minute);
    return dateText(local.date, language) + ", " + clock + " " + local.abbreviation;
}

std::string countedPeriodText(Date from, Date last) {
    if (last < from)
        return "from " + dateText(from) +
               ", nothing counted yet (today counts once it ends or holds a session)";
    if (last == from)
        return dateText(from);
    return dateText(from) + " to " + dateText(last);
}

} // namespace Limber
