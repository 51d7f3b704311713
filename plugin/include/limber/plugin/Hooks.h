#pragma once

#include <string>
#include <vector>

/// The four hook points of API version 1. A plugin implements any of them and returns them from
/// Plugin (Plugin.h). Every function may throw a std::exception to report a failure: Limber logs
/// it with the plugin's id and carries on without the plugin's contribution (a Notifier's event
/// is retried later). See plugin/README.md for the threading rules.

namespace Limber::Sdk {

/// Receives events through Limber's outbox. Events are written in the same transaction as the
/// change they describe and delivered after it committed, on a background thread, at least once:
/// after a failure or a restart an event may come again, with the same "id". A Notifier that
/// must not act twice remembers the ids it has handled.
class Notifier {
public:
    virtual ~Notifier() = default;

    /// Handles one event (schema limber.event/1). Returning means delivered; throwing means
    /// "try again later" (the outbox retries with growing delays, then sets the event aside as
    /// undeliverable, visible to the admin). Should return within a few seconds.
    virtual void notify(const std::string& eventJson) = 0;
};

/// One format an Exporter writes.
struct ExportFormat {
    std::string name;          ///< lowercase letters, digits and '-': "csv", "fhir-r4"; in URLs
    std::string title;         ///< shown to users: "CSV (spreadsheet)"
    std::string mediaType;     ///< "text/csv; charset=utf-8"
    std::string fileExtension; ///< without the dot: "csv"
    std::vector<std::string> subjects; ///< any of "program", "sessions", "clinic-report"
};

/// Turns a Limber document into a named format (bytes, returned in a std::string).
class Exporter {
public:
    virtual ~Exporter() = default;

    /// The formats this exporter writes. Asked once, after start().
    virtual std::vector<ExportFormat> formats() const = 0;

    /// Writes `documentJson` (schema limber.program/1, limber.sessions/1 or
    /// limber.clinic-report/1, matching `subject`) in `format`.
    virtual std::string exportDocument(const std::string& format, const std::string& subject,
                                       const std::string& documentJson) = 0;
};

/// Supplies a catalog pack of exercises. Limber validates it with the same pack loader as its
/// own packs; the pack's id is the plugin's id or starts with it and a dot ("acme.stretches"),
/// and every entry id starts with the plugin's id and a dash ("acme-wall-sit").
class CatalogPack {
public:
    virtual ~CatalogPack() = default;

    /// The pack as JSON (the format of Limber's packs, see plugin/README.md). Asked once.
    virtual std::string packJson() const = 0;
};

/// Adds a titled block to the patient report, on the page and in the PDF.
class ReportSection {
public:
    virtual ~ReportSection() = default;

    /// Renders the section (schema limber.report-section/1) for one patient report (schema
    /// limber.patient-report/1). Returning an empty string leaves the section out of this report.
    virtual std::string render(const std::string& patientReportJson) = 0;
};

} // namespace Limber::Sdk
