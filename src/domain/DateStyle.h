#pragma once

#include "Date.h"
#include "TimeZone.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace Limber {

// The one way each language writes dates and times. Every page, report, handout, flag and
// message a person reads writes them through these functions; the API, exports and forms'
// date fields keep ISO dates ("2026-12-06") and UTC instants.

/// A month's short name: "Dec", "dic". English for a language Limber does not print.
std::string monthShort(int month, std::string_view language = "en");

/// A date: "6 Dec 2026", "6 dic 2026".
std::string dateText(Date date, std::string_view language = "en");

/// A day and month, where the year goes without saying (charts, weeks): "6 Dec", "6 dic".
std::string dayMonthText(Date date, std::string_view language = "en");

/// An instant on the clinic's wall clock, with the zone's abbreviation (or its offset where
/// the zone has none): "6 Dec 2026, 14:03 CET". With seconds ("14:03:07 CET") where order
/// within a minute matters (the audit view).
std::string timeText(std::int64_t epochSeconds, const TimeZone& zone,
                     std::string_view language = "en", bool withSeconds = false);

/// The days a figure counts, as every page and report labels its period: "16 Nov 2026 to
/// 24 Nov 2026", "24 Nov 2026" for one day. A period whose last counted day comes before its
/// first (a program's first day before anything is logged: a day counts once it has ended or
/// holds practice) reads "from 6 Dec 2026, nothing counted yet (today counts once it ends or
/// holds a session)", never a period that ends before it starts.
std::string countedPeriodText(Date from, Date last);

} // namespace Limber
