#pragma once

#include "PageRenderer.h"
#include "domain/ClinicReport.h"
#include "domain/PatientReport.h"
#include "services/ExportService.h"

#include <string>

namespace Limber {

/// Page data of report_patient.mustache: the figures (the same as the PDF's, see
/// reports/ReportFigures.h) and the charts as inline SVG drawn by the same code as the PDF's.
PageData patientReportData(const PatientReport& report);

/// Which rows of the caseload table a clinic report page shows: rows [first, first + count),
/// count 0 for all of them.
struct CaseloadRows {
    std::size_t first = 0;
    std::size_t count = 0;
};

/// Page data of report_clinic.mustache. query: the page's own query string without sort,
/// order and page (from, to), so sort links keep the period. rows: the part of the caseload
/// table shown, with links to the pages before and after it, to all rows and to the CSV.
PageData clinicReportData(const ClinicReport& report, const std::string& query,
                          CaseloadRows rows = {});

/// The flags as a list for templates: {label, reason, kind}.
PageData flagsData(const std::vector<AdherenceFlag>& flags);

/// A weekly adherence bar chart as an SVG element (safe to place in HTML).
std::string weeklyChartSvg(const AdherenceSummary& summary, const ProgramSchedule& schedule,
                           int thresholdPercent, double width, double height);

/// The export formats Exporter plugins offer for subject ("sessions", "clinic-report"), as a
/// list of {name, title} for the pages' download links; empty without exports.
PageData exportFormatLinks(const ExportService* exports, const std::string& subject);

} // namespace Limber
