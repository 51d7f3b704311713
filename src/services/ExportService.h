#pragma once

#include "Actor.h"
#include "AuditTrail.h"
#include "ReportService.h"
#include "domain/Store.h"
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
    explicit UnknownExportFormat(const std::string& format, std::string subject = "")
        : Poco::NotFoundException("no export format \"" + format + "\""), _format(format),
          _subject(std::move(subject)) {}
    const std::string& format() const { return _format; }
    /// "program", "sessions", "clinic-report"; empty when no subject was asked for.
    const std::string& subject() const { return _subject; }

private:
    std::string _format;
    std::string _subject;
};

/// The Exporter plugin threw: the message names the plugin and carries its own message.
class ExportPluginFailed : public Poco::RuntimeException {
public:
    explicit ExportPluginFailed(const std::string& message) : Poco::RuntimeException(message) {}
};

/// Exports through the Exporter plugins: builds the documents plugins read (limber.program/1,
/// limber.sessions/1, limber.clinic-report/1), calls the plugin under its lock, and audits every
/// export like a print: a program as "program.export" (as a handout's "handout.print"), a
/// patient's sessions and the clinic report through ReportService ("report.export" /
/// "report.clinic"), each with the format.
class ExportService {
public:
    /// plugins may hold no Exporter: then no format is offered. All must outlive the service.
    ExportService(ReportService& reports, Store& store, AuditTrail& audit, const Plugins& plugins);

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
    /// A program of the actor's clinic in format: its current version, or version. Throws
    /// UnknownExportFormat (nothing audited), Poco::NotFoundException for a program not in the
    /// actor's clinic or a version it does not have, ExportPluginFailed when the plugin throws.
    ExportedFile program(const Actor& actor, std::int64_t programId, const std::string& format,
                         std::optional<int> version = {});
    /// The clinic report over [from, to] (as ReportService::clinicReport) in format.
    ExportedFile clinicReport(const Actor& actor, const std::string& format,
                              std::optional<Date> from = {}, std::optional<Date> to = {});

private:
    const ExportOffer& offer(const std::string& format, const std::string& subject) const;
    ExportedFile run(const ExportOffer& offer, const std::string& subject,
                     const std::string& document, const std::string& baseName) const;

    ReportService& _reports;
    Store& _store;
    AuditTrail& _audit;
    const Plugins& _plugins;
    std::vector<ExportOffer> _offers;
};

/// The limber.program/1 document of one version of a saved program: the program JSON of the
/// program API (clinic, therapist, patient, language, title, dates, items, education, notes,
/// version) with the program's id, patientId and versions, "schema" first.
std::string programExportDocument(const Program& program, const ProgramVersion& version,
                                  const Clinic& clinic, const Patient& patient,
                                  const std::string& therapistName);
/// The limber.sessions/1 document of a patient report (exposed for tests and the plugin guide).
std::string sessionsDocument(const PatientReport& report);
/// The limber.clinic-report/1 document of a clinic report.
std::string clinicReportDocument(const ClinicReport& report);

} // namespace Limber
