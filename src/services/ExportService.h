#pragma once

#include "Actor.h"
#include "ReportService.h"
#include "plugins/Plugins.h"

#include <Poco/Exception.h>

#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// One format a loaded Exporter plugin writes, and which plugin writes it.
struct ExportOffer {
    std::string pluginId;
    std::string name;      ///< in URLs and on the command line: "csv"
    std::string title;     ///< "CSV (spreadsheet)"
    std::string mediaType; ///< "text/csv; charset=utf-8"
    std::string fileExtension;
    std::vector<std::string> subjects; ///< "sessions", "clinic-report", "program"
};

/// A document written by an Exporter plugin, ready to send or save.
struct ExportedFile {
    std::string content;
    std::string mediaType;
    std::string fileName; ///< "patient-12-sessions.csv", "clinic-report-2026-03-01.csv"
};

/// No loaded Exporter writes this format for this subject.
class UnknownExportFormat : public Poco::NotFoundException {
public:
    explicit UnknownExportFormat(const std::string& format)
        : Poco::NotFoundException("no export format \"" + format + "\""), _format(format) {}
    const std::string& format() const { return _format; }

private:
    std::string _format;
};

/// The Exporter plugin threw: the message names the plugin and carries its own message.
class ExportPluginFailed : public Poco::RuntimeException {
public:
    explicit ExportPluginFailed(const std::string& message) : Poco::RuntimeException(message) {}
};

/// Exports through the Exporter plugins: builds the documents plugins read (limber.sessions/1,
/// limber.clinic-report/1), calls the plugin under its lock, and audits every export through
/// ReportService like a printed report ("report.export" / "report.clinic" with the format).
class ExportService {
public:
    /// plugins may hold no Exporter: then no format is offered. Both must outlive the service.
    ExportService(ReportService& reports, const Plugins& plugins);

    /// Every format the loaded Exporters offer, in plugin order; a plugin whose formats() threw
    /// at start is left out (logged once).
    const std::vector<ExportOffer>& offers() const { return _offers; }
    /// The offers for one subject ("sessions", "clinic-report").
    std::vector<ExportOffer> offersFor(const std::string& subject) const;

    /// The patient's sessions and adherence over [from, to] (as ReportService::patientReport)
    /// in format. Throws UnknownExportFormat, Poco::NotFoundException for a patient not in the
    /// actor's clinic or without a program, ExportPluginFailed when the plugin throws.
    ExportedFile patientSessions(const Actor& actor, std::int64_t patientId,
                                 const std::string& format, std::optional<Date> from = {},
                                 std::optional<Date> to = {});
    /// The clinic report over [from, to] (as ReportService::clinicReport) in format.
    ExportedFile clinicReport(const Actor& actor, const std::string& format,
                              std::optional<Date> from = {}, std::optional<Date> to = {});

private:
    const ExportOffer& offer(const std::string& format, const std::string& subject) const;
    ExportedFile run(const ExportOffer& offer, const std::string& subject,
                     const std::string& document, const std::string& baseName) const;

    ReportService& _reports;
    const Plugins& _plugins;
    std::vector<ExportOffer> _offers;
};

/// The limber.sessions/1 document of a patient report (exposed for tests and the plugin guide).
std::string sessionsDocument(const PatientReport& report);
/// The limber.clinic-report/1 document of a clinic report.
std::string clinicReportDocument(const ClinicReport& report);

} // namespace Limber
