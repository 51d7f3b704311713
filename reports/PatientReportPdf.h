#pragma once

#include "HandoutReport.h"
#include "domain/PatientReport.h"

#include <string>

namespace Limber {

/// Renders one patient's adherence report as a PDF: who and which period, what needs
/// attention, the headline figures, weekly adherence bars, the pain trend, the calendar of
/// days done, the exercises, the program's versions with the therapist's notes, and the
/// patient's own notes. Charts are vectors, readable in black and white. Throws PdfException
/// when libharu fails and Poco::FileNotFoundException when a font is missing.
std::string renderPatientReportPdf(const PatientReport& report, const FontLibrary& fonts,
                                   PaperSize paper);

} // namespace Limber
