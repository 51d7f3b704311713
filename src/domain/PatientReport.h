#pragma once

#include "Adherence.h"
#include "AdherenceFlags.h"
#include "Clinic.h"
#include "DayLog.h"
#include "FlagRules.h"
#include "Patient.h"
#include "Program.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// One named series of a plugin's chart: a value (or none) at each of the chart's labels.
struct ReportChartSeries {
    std::string name;                          ///< in the legend
    std::vector<std::optional<double>> values; ///< one per label; nullopt: no value there
};

/// A chart in a plugin's report section, drawn by Limber's report canvas (page and PDF): one to
/// four series over labelled points, as bars or lines, on a value axis from min to max.
struct ReportChart {
    enum class Kind { Bar, Line };
    Kind kind = Kind::Bar;
    std::string title;                     ///< one line, above the chart; its accessible name
    std::string unit;                      ///< after each axis value ("°", " kg"); may be empty
    std::vector<std::string> labels;       ///< the points along the bottom, in order
    std::vector<ReportChartSeries> series; ///< each with one value per label
    double min = 0;                        ///< the value axis: min < max, every value in it
    double max = 1;
};

/// One block of a plugin's report section: a paragraph (text), a table (columns and rows) or a
/// chart.
struct ReportExtraBlock {
    std::string text;                           ///< a paragraph; empty for a table or chart
    std::vector<std::string> columns;           ///< a table's column titles; empty otherwise
    std::vector<std::vector<std::string>> rows; ///< each exactly as wide as columns
    std::optional<ReportChart> chart;           ///< set for a chart block only
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
    std::optional<Date> dischargedOn; ///< the day of the discharge on the clinic's wall clock
    AdherenceSummary summary;         ///< over the period
    DayLog days;                      ///< the program's days (the calendar and pain line)
    std::vector<Session> sessions;    ///< in the period, by date and slot
    std::vector<AdherenceFlag> flags; ///< as of printedOn
    FlagRules rules;
    std::map<std::string, std::string> exerciseNames; ///< exercise id -> name, in English
    std::vector<ReportExtraSection> extraSections;    ///< from plugins, in loading order
};

} // namespace Limber
