#include "Application.h"
#include "Arguments.h"
#include "CommandTargets.h"
#include "Commands.h"
#include "FilePaths.h"
#include "OutputFile.h"
#include "web/ReportHtml.h"
#include "web/ReportPages.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>

#include <iostream>
#include <unistd.h>

namespace Limber {

namespace {

constexpr const char* USAGE =
    "usage: limber report patient ID|RECORD | clinic [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
    "[--format html|pdf|csv] [-o FILE] [--sort KEY --order asc|desc] [--paper letter|a4] "
    "[--clinic ID] [--data-dir DIR] [--config FILE]";

std::optional<Date> dateOption(const Arguments& arguments, const std::string& name) {
    auto text = arguments.value(name);
    if (!text)
        return std::nullopt;
    try {
        return Date::parse(*text);
    } catch (const Poco::InvalidArgumentException& error) {
        throw UsageError{"--" + name + " " + error.message()};
    }
}

/// The format asked for, or the output file's extension, or html.
std::string formatOf(const Arguments& arguments, bool csvAllowed) {
    std::string format = arguments.value("format").value_or("");
    if (format.empty()) {
        std::string output = arguments.value("output").value_or("");
        auto endsWith = [&output](const std::string& suffix) {
            return output.size() > suffix.size() &&
                   output.compare(output.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        format = endsWith(".pdf") ? "pdf" : endsWith(".csv") ? "csv" : "html";
    }
    if (format != "html" && format != "pdf" && (format != "csv" || !csvAllowed))
        throw UsageError{std::string("--format must be html or pdf") +
                         (csvAllowed ? " or csv" : "") + " (got \"" + format + "\")"};
    return format;
}

void emit(const Arguments& arguments, const std::string& format, const std::string& bytes) {
    if (auto output = arguments.value("output")) {
        writeFileAtomically(*output, bytes);
        return;
    }
    if (format == "pdf" && isatty(STDOUT_FILENO))
        throw UsageError{"a PDF needs -o FILE (or a pipe)"};
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::cout.flush();
}

Fields sortFields(const Arguments& arguments) {
    std::vector<std::pair<std::string, std::string>> values;
    if (auto sort = arguments.value("sort"))
        values.emplace_back("sort", *sort);
    if (auto order = arguments.value("order"))
        values.emplace_back("order", *order);
    if (auto paper = arguments.value("paper"))
        values.emplace_back("paper", *paper);
    return Fields(values);
}

} // namespace

int runReport(const std::vector<std::string>& args) {
    if (args.empty() || (args.front() != "patient" && args.front() != "clinic"))
        throw UsageError{USAGE};
    const bool clinicReport = args.front() == "clinic";
    Arguments arguments(std::vector<std::string>(args.begin() + 1, args.end()),
                        {"data-dir", "config", "from", "to", "format", "output", "sort", "order",
                         "paper", "clinic"},
                        {});
    if (clinicReport ? !arguments.positional().empty() : arguments.positional().size() != 1)
        throw UsageError{clinicReport ? "limber report clinic takes no other words"
                                      : "limber report patient takes one patient id or record "
                                        "number"};
    if (auto output = arguments.value("output"))
        checkOutputFile("-o", *output);
    const std::string format = formatOf(arguments, clinicReport);
    std::optional<Date> from = dateOption(arguments, "from");
    std::optional<Date> to = dateOption(arguments, "to");
    Fields options = sortFields(arguments);
    std::pair<CaseloadSort, bool> order;
    PaperSize paper = PaperSize::Letter;
    try {
        order = caseloadOrderOf(options);
        paper = paperOf(options);
    } catch (const ValidationException& invalid) {
        throw UsageError{"--" + invalid.errors().front().field + " " +
                         invalid.errors().front().message};
    }

    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    Settings settings = loadSettings(overrides, arguments.value("config"));
    Application application(settings);
    const std::int64_t clinicId = clinicOf(arguments, application.store());
    const Actor actor{clinicId, 0, Role::Admin, "limber report", "command line"};
    const PageRenderer& pages = application.webContext().pages;
    ReportService& reports = application.reports();

    if (!clinicReport) {
        std::int64_t patientId =
            patientOf(arguments.positional().front(), clinicId, application.store());
        if (format == "pdf") {
            emit(arguments, format, reports.patientReportPdf(actor, patientId, from, to, paper));
        } else {
            PatientReport report =
                reports.patientReport(actor, patientId, from, to, ReportUse::Export, format);
            PageData data;
            data.set("title", "Adherence report: " + report.patient.name);
            data.set("standalone", true);
            data.set("report", patientReportData(report));
            emit(arguments, format, pages.standalone("report_patient", data));
        }
        return EXIT_OK;
    }
    if (format == "pdf") {
        emit(arguments, format,
             reports.clinicReportPdf(actor, from, to, order.first, order.second, paper));
    } else if (format == "csv") {
        emit(arguments, format,
             reports.clinicReportCsv(actor, from, to, order.first, order.second));
    } else {
        ClinicReport report = reports.clinicReport(actor, from, to, order.first, order.second,
                                                   ReportUse::Export, format);
        PageData data;
        data.set("title", "Clinic report");
        data.set("standalone", true);
        data.set("report", clinicReportData(report, "from=" + report.from.toString() +
                                                        "&to=" + report.to.toString()));
        emit(arguments, format, pages.standalone("report_clinic", data));
    }
    return EXIT_OK;
}

} // namespace Limber
