#pragma once

#include "Adherence.h"
#include "AdherenceFlags.h"
#include "Clinic.h"
#include "DayLog.h"
#include "FlagRules.h"
#include "Patient.h"
#include "Program.h"

#include <map>
#include <string>
#include <vector>

namespace Limber {

/// One block of a plugin's report section: a paragraph (text) or a table (columns and rows).
struct ReportExtraBlock {
    std::string text;                           ///< a paragraph; empty for a table
    std::vector<std::string> columns;           ///< a table's column titles; empty for text
    std::vector<std::vector<std::string>> rows; ///< each exactly as wide as columns
};

/// A titled block a plugin adds to the patient report (ReportSection hook). Its text has passed
/// the text rule for printed text, so it prints.
struct ReportExtraSection {
    std::string pluginId;                 ///< who supplied it
    std::string title;                    ///< one line
    std::vector<ReportExtraBlock> blocks; ///< in the plugin's order
};

/// What one patient's adherence report shows, for one period.
struct PatientReport {
    Clinic clinic;
    Patient patient;
    std::string therapistName;
    Program program;
    Date from;                        ///< first day of the period
    Date to;                          ///< last day of the period
    Date printedOn;                   ///< today
    AdherenceSummary summary;         ///< over the period
    DayLog days;                      ///< the program's days (the calendar and pain line)
    std::vector<Session> sessions;    ///< in the period, by date and slot
    std::vector<AdherenceFlag> flags; ///< as of printedOn
    FlagRules rules;
    std::map<std::string, std::string> exerciseNames; ///< exercise id -> name, in English
    std::vector<ReportExtraSection> extraSections;    ///< from plugins, in loading order
};

} // namespace Limber
