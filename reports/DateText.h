#pragma once

#include "domain/Date.h"

#include <string>

namespace Limber {

/// "9 Nov": day and short month, for chart labels.
std::string dayMonth(Date date);
/// "9 Nov 2026": how reports print dates.
std::string dayMonthYear(Date date);
/// "November 2026": a calendar month's title.
std::string monthYear(Date date);
/// "Mon" ... "Sun".
std::string weekdayShort(Date date);

} // namespace Limber
