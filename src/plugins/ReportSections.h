#pragma once

#include "Plugins.h"
#include "domain/PatientReport.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace Limber {

/// The patient report as its limber.patient-report/1 document: ids, dates and figures (no names,
/// no notes), what a ReportSection plugin computes its section from.
std::string patientReportDocument(const PatientReport& report);

/// Reads a ReportSection's answer (schema limber.report-section/1). Every text passes the text
/// rule for printed text. Throws ValidationException naming each wrong field.
ReportExtraSection parseReportSection(const std::string& json, const std::string& pluginId);

/// Asks every loaded ReportSection plugin for its section of one patient report. A plugin that
/// throws or answers with a document that breaks limber.report-section/1 is left out of that
/// report; its error is logged once with the plugin's id (again only when the error changes or
/// after the plugin has answered well in between). Safe to call from several threads.
class ReportSectionCollector {
public:
    explicit ReportSectionCollector(const Plugins& plugins) : _plugins(plugins) {}

    /// The sections, in the order the plugins were loaded; plugins that answer "" add none.
    std::vector<ReportExtraSection> sectionsFor(const PatientReport& report);

private:
    void noteFailure(const std::string& pluginId, const std::string& error);
    void noteSuccess(const std::string& pluginId);

    const Plugins& _plugins;
    std::mutex _mutex;
    std::map<std::string, std::string> _lastError; ///< plugin id -> the error last logged
};

} // namespace Limber
