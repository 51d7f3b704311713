#pragma once

#include "domain/ClinicReport.h"

#include <string>

namespace Limber {

/// The caseload as CSV (RFC 4180, UTF-8, CRLF lines, a header row), one line per patient in
/// the report's order: patient, record, therapist, program, program start, program day,
/// adherence %, exercises done %, days practised, days prescribed, sessions, last session,
/// pain last 7 days, pain the 7 days before, flags, why. Dates are ISO, percentages and days
/// (days prescribed rounded: a part week prescribes a share of a day) whole
/// numbers, empty when there is nothing to measure. Every field goes through csvField
/// (AuditCsv.h): quoted, and defused when a spreadsheet would run it as a formula.
std::string clinicReportCsv(const ClinicReport& report);

} // namespace Limber
