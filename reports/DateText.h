#pragma once

#include "domain/Date.h"
#include "domain/DateStyle.h"

#include <string>

namespace Limber {

/// "9 Nov": day and short month, for chart labels (dayMonthText in English).
std::string dayMonth(Date date);
/// "November 2026": a calendar month's title.
std::string monthYear(Date date);
/// "Mon" ... "Sun".
std::string weekdayShort(Date date);

} // namespace Limber
