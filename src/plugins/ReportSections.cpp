#include "ReportSections.h"

#include "json/JsonReader.h"
#include "limber/plugin/Documents.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include <algorithm>
#include <sstream>

namespace Limber {

namespace {

constexpr std::size_t MAX_BLOCKS = 20;
constexpr std::size_t MAX_COLUMNS = 8;
constexpr std::size_t MAX_ROWS = 100;
constexpr std::size_t MAX_CELL = 200;
constexpr std::size_t MAX_TEXT = 4000;
constexpr std::size_t MAX_CHART_LABELS = 60;
constexpr std::size_t MAX_LABEL = 24;
constexpr std::size_t MAX_SERIES = 4;
constexpr std::size_t MAX_SERIES_NAME = 40;
constexpr std::size_t MAX_UNIT = 8;
constexpr double MAX_MAGNITUDE = 1e9;

std::string numberText(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

/// A chart block (limber.report-section/1 since this release): kind, title, labels, series of
/// values (one per label, or null), and the value axis (min, max; by default from 0, or the
/// lowest value when below 0, up to the highest value, or 0 when every value is below it).
ReportChart readChart(JsonReader& block) {
    block.rejectUnknown({"type", "kind", "title", "unit", "labels", "series", "min", "max"});
    ReportChart chart;
    if (auto kind = block.enumeration("kind", true); kind == "line")
        chart.kind = ReportChart::Kind::Line;
    else if (kind && kind != "bar")
        block.fail("kind", "must be bar or line, not " + *kind);
    chart.title = block.string("title", true, 80, TextKind::Line).value_or("");
    chart.unit = block.string("unit", false, MAX_UNIT, TextKind::Line).value_or("");
    auto labels = block.stringList("labels", true, MAX_CHART_LABELS, MAX_LABEL);
    if (labels && labels->empty())
        block.fail("labels", "must hold at least one label");
    chart.labels = labels.value_or(std::vector<std::string>{});
    auto min = block.number("min", false, -MAX_MAGNITUDE, MAX_MAGNITUDE);
    auto max = block.number("max", false, -MAX_MAGNITUDE, MAX_MAGNITUDE);
    auto series = block.objectList("series", true, MAX_SERIES);
    if (series && series->empty())
        block.fail("series", "must hold at least one series");
    std::optional<double> lowest;
    std::optional<double> highest;
    for (auto& each : series.value_or(std::vector<JsonReader>{})) {
        each.rejectUnknown({"name", "values"});
        ReportChartSeries out;
        out.name = each.string("name", true, MAX_SERIES_NAME, TextKind::Line).value_or("");
        auto values =
            each.numberList("values", true, MAX_CHART_LABELS, -MAX_MAGNITUDE, MAX_MAGNITUDE);
        if (values && !chart.labels.empty() && values->size() != chart.labels.size())
            each.fail("values", "has " + std::to_string(values->size()) + " values for " +
                                    std::to_string(chart.labels.size()) + " labels");
        for (std::size_t i = 0; values && i < values->size(); ++i) {
            const std::optional<double>& value = (*values)[i];
            if (!value)
                continue;
            const std::string field = "values[" + std::to_string(i) + "]";
            if (min && *value < *min)
                each.fail(field, numberText(*value) + " is below min " + numberText(*min));
            else if (max && *value > *max)
                each.fail(field, numberText(*value) + " is above max " + numberText(*max));
            lowest = std::min(lowest.value_or(*value), *value);
            highest = std::max(highest.value_or(*value), *value);
        }
        out.values = values.value_or(std::vector<std::optional<double>>{});
        chart.series.push_back(std::move(out));
    }
    chart.min = min.value_or(std::min(0.0, lowest.value_or(0.0)));
    chart.max = max.value_or(
        std::max({chart.min, highest.value_or(chart.min), chart.min < 0 ? 0.0 : chart.min}));
    if (min && max && *max <= *min)
        block.fail("max", "must be above min (" + numberText(*min) + ")");
    else if (!max && chart.max <= chart.min)
        chart.max = chart.min + 1;
    else if (!min && chart.min >= chart.max)
        block.fail("max", "must be above the lowest value (" + numberText(chart.min) + ")");
    return chart;
}

Poco::Dynamic::Var optionalInt(const std::optional<int>& value) {
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::Dynamic::Var optionalRatio(const std::optional<double>& value) {
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

} // namespace

std::string patientReportDocument(const PatientReport& report) {
    Poco::JSON::Object document(Poco::JSON_PRESERVE_KEY_ORDER);
    document.set("schema", Sdk::PATIENT_REPORT_SCHEMA);
    document.set("clinicId", report.clinic.id);
    document.set("patientId", report.patient.id);
    document.set("programId", report.program.id);
    document.set("programVersion", report.program.current().number);
    document.set("from", report.from.toString());
    document.set("to", report.to.toString());
    document.set("printedOn", report.printedOn.toString());

    Poco::JSON::Object summary(Poco::JSON_PRESERVE_KEY_ORDER);
    summary.set("expectedDays", report.summary.expectedDays);
    summary.set("activeDays", report.summary.activeDays);
    summary.set("frequency", optionalRatio(report.summary.frequency));
    summary.set("loggedSessions", report.summary.loggedSessions);
    summary.set("completeness", optionalRatio(report.summary.completeness));
    summary.set("currentStreak", report.summary.currentStreak);
    document.set("summary", summary);

    Poco::JSON::Array flags;
    for (const auto& flag : report.flags)
        flags.add(std::string(toString(flag.kind)));
    document.set("flags", flags);

    Poco::JSON::Array sessions;
    for (const auto& session : report.sessions) {
        Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
        item.set("date", session.date.toString());
        item.set("slot", session.slot);
        item.set("painBefore", optionalInt(session.painBefore));
        item.set("painAfter", optionalInt(session.painAfter));
        item.set("doneUnits", session.doneUnits);
        item.set("prescribedUnits", session.prescribedUnits);
        sessions.add(item);
    }
    document.set("sessions", sessions);
    std::ostringstream out;
    document.stringify(out);
    return out.str();
}

ReportExtraSection parseReportSection(const std::string& json, const std::string& pluginId) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(json, "section"), "", errors);
    reader.rejectUnknown({"schema", "title", "blocks"});
    ReportExtraSection section;
    section.pluginId = pluginId;
    if (auto schema = reader.string("schema", true, 60, TextKind::Plain);
        schema && *schema != Sdk::REPORT_SECTION_SCHEMA)
        reader.fail("schema",
                    "must be " + std::string(Sdk::REPORT_SECTION_SCHEMA) + ", not " + *schema);
    section.title = reader.string("title", true, 80, TextKind::Line).value_or("");
    auto blocks = reader.objectList("blocks", true, MAX_BLOCKS);
    if (blocks && blocks->empty())
        reader.fail("blocks", "must hold at least one block");
    for (auto& block : blocks.value_or(std::vector<JsonReader>{})) {
        auto type = block.enumeration("type", true);
        ReportExtraBlock out;
        if (type == "text") {
            block.rejectUnknown({"type", "text"});
            out.text = block.string("text", true, MAX_TEXT, TextKind::Paragraph).value_or("");
        } else if (type == "table") {
            block.rejectUnknown({"type", "columns", "rows"});
            out.columns = block.stringList("columns", true, MAX_COLUMNS, MAX_CELL)
                              .value_or(std::vector<std::string>{});
            auto rows = block.objectList("rows", true, MAX_ROWS);
            for (auto& row : rows.value_or(std::vector<JsonReader>{})) {
                row.rejectUnknown({"cells"});
                auto cells = row.stringList("cells", true, MAX_COLUMNS, MAX_CELL);
                if (cells && !out.columns.empty() && cells->size() != out.columns.size())
                    row.fail("cells", "has " + std::to_string(cells->size()) + " cells for " +
                                          std::to_string(out.columns.size()) + " columns");
                out.rows.push_back(cells.value_or(std::vector<std::string>{}));
            }
        } else if (type == "chart") {
            out.chart = readChart(block);
        } else if (type) {
            block.fail("type", "must be text, table or chart, not " + *type);
        }
        section.blocks.push_back(std::move(out));
    }
    errors.throwIfAny();
    return section;
}

std::vector<ReportExtraSection> ReportSectionCollector::sectionsFor(const PatientReport& report) {
    std::vector<ReportExtraSection> sections;
    std::string document;
    for (const auto& plugin : _plugins.loaded()) {
        Sdk::ReportSection* hook = plugin->reportSection();
        if (!hook)
            continue;
        if (document.empty())
            document = patientReportDocument(report);
        try {
            std::string answer = plugin->call([&] { return hook->render(document); });
            if (!answer.empty())
                sections.push_back(parseReportSection(answer, plugin->id()));
            noteSuccess(plugin->id());
        } catch (const ValidationException& e) {
            std::string reasons;
            for (const auto& error : e.errors())
                reasons += (reasons.empty() ? "" : "; ") + error.field + ": " + error.message;
            noteFailure(plugin->id(), "answered a section that is not " +
                                          std::string(Sdk::REPORT_SECTION_SCHEMA) + " (" + reasons +
                                          ")");
        } catch (const Poco::Exception& e) {
            noteFailure(plugin->id(), "failed: " + e.displayText());
        } catch (const std::exception& e) {
            noteFailure(plugin->id(), std::string("failed: ") + e.what());
        } catch (...) {
            noteFailure(plugin->id(), "failed with an exception that is not a std::exception");
        }
    }
    return sections;
}

void ReportSectionCollector::noteFailure(const std::string& pluginId, const std::string& error) {
    std::lock_guard<std::mutex> lock(_mutex);
    auto [at, inserted] = _lastError.try_emplace(pluginId, error);
    if (!inserted && at->second == error)
        return;
    at->second = error;
    Poco::Logger::get("limber.plugins")
        .error("plugin " + pluginId + ": report section left out: " + error);
}

void ReportSectionCollector::noteSuccess(const std::string& pluginId) {
    std::lock_guard<std::mutex> lock(_mutex);
    _lastError.erase(pluginId);
}

} // namespace Limber
