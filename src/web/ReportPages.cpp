#include "ReportPages.h"

#include "ApiEndpoints.h"
#include "ApiJson.h"
#include "PortalPages.h"
#include "PrintChoicesView.h"
#include "ReportHtml.h"
#include "services/PrintMemory.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace Limber {

namespace {

/// from=...&to=... for links that keep the period of the page.
std::string periodQuery(Date from, Date to) {
    return "from=" + from.toString() + "&to=" + to.toString();
}

} // namespace

std::pair<CaseloadSort, bool> caseloadOrderOf(const Fields& query) {
    FieldErrors errors;
    std::optional<CaseloadSort> sort = caseloadSortFromString(query.get("sort", "patient"));
    if (!sort) {
        std::string names;
        for (auto name : caseloadSortNames())
            names += (names.empty() ? "" : ", ") + std::string(name);
        errors.add("sort", "must be one of " + names);
    }
    std::string order = query.get("order", "asc");
    if (order != "asc" && order != "desc")
        errors.add("order", "must be asc or desc");
    errors.throwIfAny();
    return {*sort, order == "desc"};
}

PaperSize paperOf(const Fields& query) {
    return printRequestOf(query).paper.value_or(PaperSize::Letter);
}

WebResponse ReportPages::patientReport(WebRequest& request) {
    Actor actor = request.actor();
    std::int64_t patientId = request.idParam("id");
    PatientReport report =
        _context.reports.patientReport(actor, patientId, dateParam(request.query, "from"),
                                       dateParam(request.query, "to"), ReportUse::View, "html");
    PageData data = portalPageData(_context, request, "Report: " + report.patient.name);
    PageData body = patientReportData(report);
    addPaperChoices(body, PrintMemory(_context.store, _context.audit).paper(actor, {}));
    data.set("report", body);
    data.set("pdfQuery", periodQuery(report.from, report.to));
    return WebResponse::html(_context.pages.page("report_patient", data));
}

WebResponse ReportPages::patientReportPdf(WebRequest& request) {
    Actor actor = request.actor();
    std::int64_t patientId = request.idParam("id");
    PaperSize paper =
        PrintMemory(_context.store, _context.audit).paper(actor, printRequestOf(request.query));
    std::string pdf = _context.reports.patientReportPdf(
        actor, patientId, dateParam(request.query, "from"), dateParam(request.query, "to"), paper);
    return WebResponse::pdf(std::move(pdf), "report-" + std::to_string(patientId) + ".pdf");
}

WebResponse ReportPages::clinicReport(WebRequest& request) {
    auto [sort, descending] = caseloadOrderOf(request.query);
    ClinicReport report = _context.reports.clinicReport(
        request.actor(), dateParam(request.query, "from"), dateParam(request.query, "to"), sort,
        descending, ReportUse::View, "html");
    // 100 rows a page (page=N), or every row (page=all); the CSV and PDF always hold all.
    constexpr std::size_t PAGE_ROWS = 100;
    CaseloadRows rows{0, PAGE_ROWS};
    std::string page = request.query.get("page", "1");
    if (page == "all") {
        rows.count = 0;
    } else {
        int number = 0;
        if (!Poco::NumberParser::tryParse(page, number) || number < 1)
            throw ValidationException("page", "must be a page number (1, 2, ...) or all");
        rows.first = static_cast<std::size_t>(number - 1) * PAGE_ROWS;
        if (rows.first >= report.lines.size() && number > 1)
            throw ValidationException(
                "page", "there are only " +
                            std::to_string((report.lines.size() + PAGE_ROWS - 1) / PAGE_ROWS) +
                            " pages");
    }
    PageData data = portalPageData(_context, request, "Clinic report");
    PageData body = clinicReportData(report, periodQuery(report.from, report.to), rows);
    addPaperChoices(body, PrintMemory(_context.store, _context.audit).paper(request.actor(), {}));
    data.set("report", body);
    data.set("exportFormats", exportFormatLinks(_context.exports, "clinic-report"));
    return WebResponse::html(_context.pages.page("report_clinic", data));
}

WebResponse ReportPages::clinicReportPdf(WebRequest& request) {
    auto [sort, descending] = caseloadOrderOf(request.query);
    PaperSize paper = PrintMemory(_context.store, _context.audit)
                          .paper(request.actor(), printRequestOf(request.query));
    return WebResponse::pdf(
        _context.reports.clinicReportPdf(request.actor(), dateParam(request.query, "from"),
                                         dateParam(request.query, "to"), sort, descending, paper),
        "clinic-report.pdf");
}

namespace {

/// The period a report's print form names, checked, as "from=...&to=..." (absent: left out).
std::string periodQueryOf(const Fields& form) {
    std::string query;
    for (const char* name : {"from", "to"})
        if (std::optional<Date> day = dateParam(form, name))
            query += (query.empty() ? "" : "&") + std::string(name) + "=" + day->toString();
    return query;
}

/// The paper a report's print form chose, remembered for the clinic, as "paper=...".
std::string rememberedPaperQuery(WebContext& context, const Actor& actor, const Fields& form) {
    PrintRequest choices;
    choices.paper = printRequestOf(form).paper;
    PrintMemory(context.store, context.audit).remember(actor, std::nullopt, choices);
    return printQueryOf(choices);
}

std::string joined(const std::string& first, const std::string& second) {
    return first.empty() || second.empty() ? first + second : first + "&" + second;
}

} // namespace

WebResponse ReportPages::printPatientReport(WebRequest& request) {
    Actor actor = request.actor();
    const std::int64_t patientId = request.idParam("id");
    _context.patients.requireInClinic(actor, patientId);
    std::string period = periodQueryOf(request.form);
    std::string paper = rememberedPaperQuery(_context, actor, request.form);
    return WebResponse::redirect("/patients/" + std::to_string(patientId) + "/report.pdf?" +
                                 joined(period, paper));
}

WebResponse ReportPages::printClinicReport(WebRequest& request) {
    Actor actor = request.actor();
    caseloadOrderOf(request.form); // checked before anything is remembered
    std::string order = "sort=" + request.form.get("sort", "patient") +
                        "&order=" + request.form.get("order", "asc");
    std::string period = periodQueryOf(request.form);
    std::string paper = rememberedPaperQuery(_context, actor, request.form);
    return WebResponse::redirect("/reports/clinic.pdf?" + joined(joined(period, order), paper));
}

WebResponse ReportPages::clinicReportCsv(WebRequest& request) {
    auto [sort, descending] = caseloadOrderOf(request.query);
    WebResponse response;
    response.body =
        _context.reports.clinicReportCsv(request.actor(), dateParam(request.query, "from"),
                                         dateParam(request.query, "to"), sort, descending);
    response.contentType = "text/csv; charset=utf-8";
    response.headers.emplace_back("Content-Disposition",
                                  contentDisposition("attachment", "clinic-report.csv"));
    return response;
}

WebResponse ReportPages::clinicReportJson(WebRequest& request) {
    auto [sort, descending] = caseloadOrderOf(request.query);
    ClinicReport report = _context.reports.clinicReport(
        request.actor(), dateParam(request.query, "from"), dateParam(request.query, "to"), sort,
        descending, ReportUse::Export, "json");
    return WebResponse::json(toJsonText(clinicReportToJson(report)));
}

namespace {

WebResponse exportedFile(ExportedFile file) {
    WebResponse response;
    response.body = std::move(file.content);
    response.contentType = file.mediaType;
    response.headers.emplace_back("Content-Disposition",
                                  contentDisposition("attachment", file.fileName));
    return response;
}

ExportService& exportsOf(WebContext& context, const std::string& format,
                         const std::string& subject = "") {
    if (!context.exports)
        throw UnknownExportFormat(format, subject);
    return *context.exports;
}

std::optional<int> versionParam(const WebRequest& request) {
    if (!request.query.has("version"))
        return std::nullopt;
    const std::string& text = request.query.get("version");
    int number = 0;
    if (!Poco::NumberParser::tryParse(text, number) || number < 1)
        throw ValidationException("version", "must be a version number");
    return number;
}

} // namespace

WebResponse ReportPages::patientExport(WebRequest& request) {
    const std::string& format = request.params.at("format");
    return exportedFile(exportsOf(_context, format)
                            .patientSessions(request.actor(), request.idParam("id"), format,
                                             dateParam(request.query, "from"),
                                             dateParam(request.query, "to")));
}

WebResponse ReportPages::clinicExport(WebRequest& request) {
    const std::string& format = request.params.at("format");
    return exportedFile(exportsOf(_context, format)
                            .clinicReport(request.actor(), format, dateParam(request.query, "from"),
                                          dateParam(request.query, "to")));
}

WebResponse ReportPages::programExport(WebRequest& request) {
    const std::string& format = request.params.at("format");
    return exportedFile(
        exportsOf(_context, format, "program")
            .program(request.actor(), request.idParam("id"), format, versionParam(request)));
}

WebResponse ReportPages::patientProgramExport(WebRequest& request) {
    const std::string& format = request.params.at("format");
    ExportService& exports = exportsOf(_context, format, "program");
    Actor actor = request.actor();
    std::optional<Program> program = _context.programs.current(actor, request.idParam("id"));
    if (!program)
        throw Poco::NotFoundException("no program");
    return exportedFile(exports.program(actor, program->id, format));
}

} // namespace Limber
