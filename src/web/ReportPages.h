#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// Adherence reports in the portal and the API: one patient's (page and PDF) and the clinic's
/// (page, PDF, CSV, JSON). Periods come from ?from=&to= (ISO dates); the clinic report's order
/// from ?sort= (an allow-listed key) and ?order=asc|desc; PDFs take ?paper=letter|a4 (absent:
/// the clinic's remembered paper).
class ReportPages {
public:
    explicit ReportPages(WebContext& context) : _context(context) {}

    /// GET /patients/{id}/report
    WebResponse patientReport(WebRequest& request);
    /// GET /patients/{id}/report.pdf and /api/v1/patients/{id}/report.pdf
    WebResponse patientReportPdf(WebRequest& request);
    /// GET /reports/clinic
    WebResponse clinicReport(WebRequest& request);
    /// GET /reports/clinic.pdf
    WebResponse clinicReportPdf(WebRequest& request);
    /// POST /patients/{id}/report.pdf: remembers the form's paper for the clinic and sends the
    /// browser to the PDF of the form's period on it.
    WebResponse printPatientReport(WebRequest& request);
    /// POST /reports/clinic.pdf: the same for the clinic report (period, sort and order kept).
    WebResponse printClinicReport(WebRequest& request);
    /// GET /reports/clinic.csv and /api/v1/reports/clinic.csv
    WebResponse clinicReportCsv(WebRequest& request);
    /// GET /api/v1/reports/clinic
    WebResponse clinicReportJson(WebRequest& request);
    /// GET /patients/{id}/export/{format} and /api/v1/patients/{id}/export/{format}: the
    /// patient's sessions written by an Exporter plugin (?from=&to= as the report).
    WebResponse patientExport(WebRequest& request);
    /// GET /reports/clinic/export/{format} and /api/v1/reports/clinic/export/{format}.
    WebResponse clinicExport(WebRequest& request);
    /// GET /api/v1/programs/{id}/export/{format} (?version=N): a program written by an
    /// Exporter plugin (subject "program").
    WebResponse programExport(WebRequest& request);
    /// GET /patients/{id}/program/export/{format}: the patient's current program, the same way.
    WebResponse patientProgramExport(WebRequest& request);

private:
    WebContext& _context;
};

/// The clinic report's order from ?sort= and ?order= (default: patient, ascending); throws
/// ValidationException naming the allowed values.
std::pair<CaseloadSort, bool> caseloadOrderOf(const Fields& query);

/// The paper size from ?paper= (letter or a4; default letter, for the command line); throws
/// ValidationException.
PaperSize paperOf(const Fields& query);

} // namespace Limber
