#pragma once

#include "PageRenderer.h"
#include "domain/ClinicReport.h"
#include "domain/PatientReport.h"

#include <string>

namespace Limber {

/// Page data of report_patient.mustache: the figures (the same as the PDF's, see
/// reports/ReportFigures.h) and the charts as inline SVG drawn by the same code as the PDF's.
PageData patientReportData(const PatientReport& report);

/// Page data of report_clinic.mustache. query: the page's own query string without sort and
/// order (from, to), so sort links keep the period.
PageData clinicReportData(const ClinicReport& report, const std::string& query);

/// The flags as a list for templates: {label, reason, kind}.
PageData flagsData(const std::vector<AdherenceFlag>& flags);

/// A weekly adherence bar chart as an SVG element (safe to place in HTML).
std::string weeklyChartSvg(const AdherenceSummary& summary, const ProgramSchedule& schedule,
                           int thresholdPercent, double width, double height);

} // namespace Limber
