#pragma once

/// Data crosses the plugin boundary as UTF-8 JSON text, never as Limber's own types. Every
/// document names its schema and the schema's version in a top-level "schema" field, for example
/// {"schema":"limber.event/1", ...}. A schema version changes only when a field is removed or
/// changes meaning; new fields may appear in any release, so a plugin ignores fields it does not
/// know. plugin/README.md describes every schema.

namespace Limber::Sdk {

/// An event given to a Notifier: session logged, pain at or above the threshold, pain rising,
/// sessions missed, program saved or revised, patient discharged.
inline constexpr const char* EVENT_SCHEMA = "limber.event/1";

/// A program version, as given to an Exporter for the subject "program".
inline constexpr const char* PROGRAM_SCHEMA = "limber.program/1";

/// A patient's logged sessions with the adherence of each period, for the subject "sessions".
inline constexpr const char* SESSIONS_SCHEMA = "limber.sessions/1";

/// The clinic report (caseload adherence), for the subject "clinic-report".
inline constexpr const char* CLINIC_REPORT_SCHEMA = "limber.clinic-report/1";

/// The patient report a ReportSection renders from.
inline constexpr const char* PATIENT_REPORT_SCHEMA = "limber.patient-report/1";

/// What a ReportSection returns: a title and blocks (text, table, chart).
inline constexpr const char* REPORT_SECTION_SCHEMA = "limber.report-section/1";

/// What a CatalogPack returns: a catalog pack in the same format as Limber's own packs.
inline constexpr const char* CATALOG_PACK_SCHEMA = "limber.pack/1";

} // namespace Limber::Sdk
