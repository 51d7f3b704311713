#pragma once

#include "domain/Date.h"

#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// The fixed words of the handout in one language.
struct HandoutText {
    const char* title;
    const char* patient;
    const char* therapist;
    const char* program;
    const char* version;
    const char* printed;
    const char* from;
    const char* to;
    const char* howOften;
    const char* tips;
    const char* takeCare;
    const char* easier;
    const char* harder;
    const char* therapistNote;
    const char* goodHabits;
    const char* safetyTitle;
    std::vector<const char*> safety;
    const char* checkinTitle;
    const char* checkinWithLink;
    const char* checkinWithoutLink;
    const char* pageOf; ///< "Page %d of %d"

    // The layout of the printed handout: summary table, cards, check-in panel, log sheet.
    const char* atAGlance;
    const char* exercise;
    const char* dose;
    const char* dates;
    const char* steps;
    const char* scanToLog;
    const char* typeCodeAt; ///< "No camera? Go to %s and type this code:"
    const char* logSheetTitle;
    const char* logSheetHowTo;
    const char* logSheetPhone;
    const char* week;
    const char* painColumn;
    const char* outsideProgram;        ///< the legend of days before the start or after the end
    std::vector<const char*> weekdays; ///< short names, Monday first
    const char* language;              ///< "en", "es": how dates are written (DateStyle.h)
    const char* previewMark;           ///< across every page of a preview
};

/// The handout's words in language ("en" or "es"); English for anything else.
const HandoutText& handoutText(std::string_view language);

/// A date in the one style of its language: "23 Nov 2026", "23 nov 2026". Every page, report,
/// handout and export shown to a person prints dates through this (or dateText, DateText.h).
std::string formatDate(const HandoutText& text, Date date);
/// A day and month: "23 Nov", "23 nov".
std::string formatDayMonth(const HandoutText& text, Date date);
/// Two days of the same year, short: "16–22 Nov", "30 Nov–6 Dec", "16–22 nov".
std::string formatDayRange(const HandoutText& text, Date first, Date last);

} // namespace Limber
