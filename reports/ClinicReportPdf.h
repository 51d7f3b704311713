#pragma once

#include "HandoutReport.h"
#include "domain/ClinicReport.h"

#include <string>

namespace Limber {

/// Renders the clinic report as a landscape PDF: the period and the flag rules, headline
/// figures, the distribution of adherence, the follow-up list (flagged patients with the
/// reasons, most urgent first) and the caseload table in the report's order. Throws
/// PdfException when libharu fails and Poco::FileNotFoundException when a font is missing.
std::string renderClinicReportPdf(const ClinicReport& report, const FontLibrary& fonts,
                                  PaperSize paper);

} // namespace Limber
