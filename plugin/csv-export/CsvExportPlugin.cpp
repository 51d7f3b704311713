// The bundled csv-export plugin: a patient's sessions (limber.sessions/1) and the clinic's
// adherence (limber.clinic-report/1) as CSV files a spreadsheet opens safely.
#include "CsvWriter.h"
#include "limber/plugin/Export.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <stdexcept>

namespace CsvExport {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

/// A value of the document as a cell: empty for null or absent, whole numbers without decimals.
std::string cell(const Object& object, const std::string& key) {
    if (!object.has(key) || object.isNull(key))
        return {};
    Poco::Dynamic::Var value = object.get(key);
    if (value.isString())
        return value.extract<std::string>();
    if (value.isBoolean())
        return value.convert<bool>() ? "true" : "false";
    const double number = value.convert<double>();
    if (std::floor(number) == number && std::fabs(number) < 1e15)
        return std::to_string(static_cast<long long>(number));
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", number);
    return text;
}

/// A ratio (0..1 or more) as a whole percent, empty when there is none.
std::string percent(const Object& object, const std::string& key) {
    if (!object.has(key) || object.isNull(key))
        return {};
    return std::to_string(std::lround(object.getValue<double>(key) * 100.0));
}

Object::Ptr parse(const std::string& json, const char* schema) {
    Poco::JSON::Parser parser;
    Object::Ptr document = parser.parse(json).extract<Object::Ptr>();
    if (document->optValue<std::string>("schema", "") != schema)
        throw std::invalid_argument(std::string("expected a ") + schema + " document");
    return document;
}

std::string sessionsCsv(const std::string& json) {
    Object::Ptr document = parse(json, Limber::Sdk::SESSIONS_SCHEMA);
    Object::Ptr patient = document->getObject("patient");
    Object::Ptr program = document->getObject("program");
    std::string out = record({"record", "patient", "program", "date", "slot", "done", "prescribed",
                              "pain_before", "pain_after", "difficulty", "source", "note"});
    Array::Ptr sessions = document->getArray("sessions");
    for (std::size_t i = 0; i < sessions->size(); ++i) {
        Object::Ptr session = sessions->getObject(static_cast<unsigned>(i));
        out +=
            record({cell(*patient, "recordNumber"), cell(*patient, "name"), cell(*program, "title"),
                    cell(*session, "date"), cell(*session, "slot"), cell(*session, "doneUnits"),
                    cell(*session, "prescribedUnits"), cell(*session, "painBefore"),
                    cell(*session, "painAfter"), cell(*session, "difficulty"),
                    cell(*session, "source"), cell(*session, "note")});
    }
    return out;
}

std::string adherenceCsv(const std::string& json) {
    Object::Ptr document = parse(json, Limber::Sdk::CLINIC_REPORT_SCHEMA);
    std::string out =
        record({"record", "patient", "therapist", "program", "program_day", "from", "to",
                "frequency_percent", "active_days", "expected_days", "logged_sessions",
                "completeness_percent", "last_session", "pain_recent", "flags"});
    Array::Ptr patients = document->getArray("patients");
    for (std::size_t i = 0; i < patients->size(); ++i) {
        Object::Ptr line = patients->getObject(static_cast<unsigned>(i));
        Object::Ptr adherence = line->getObject("adherence");
        out +=
            record({cell(*line, "recordNumber"), cell(*line, "name"), cell(*line, "therapist"),
                    cell(*line, "program"), cell(*line, "programDay"), cell(*document, "from"),
                    cell(*document, "to"), percent(*adherence, "frequency"),
                    cell(*adherence, "activeDays"), cell(*adherence, "expectedDays"),
                    cell(*adherence, "loggedSessions"), percent(*adherence, "completeness"),
                    cell(*line, "lastSession"), cell(*line, "painRecent"), cell(*line, "flags")});
    }
    return out;
}

} // namespace

class CsvExportPlugin : public Limber::Sdk::Plugin, public Limber::Sdk::Exporter {
public:
    void start(Limber::Sdk::Host& host) override { _bom = host.setting("bom") == "true"; }

    Limber::Sdk::Exporter* exporter() override { return this; }

    std::vector<Limber::Sdk::ExportFormat> formats() const override {
        return {{"csv",
                 "CSV (spreadsheet)",
                 "text/csv; charset=utf-8",
                 "csv",
                 {"sessions", "clinic-report"}}};
    }

    std::string exportDocument(const std::string& format, const std::string& subject,
                               const std::string& documentJson) override {
        if (format != "csv")
            throw std::invalid_argument("csv-export writes csv, not " + format);
        std::string body;
        if (subject == "sessions")
            body = sessionsCsv(documentJson);
        else if (subject == "clinic-report")
            body = adherenceCsv(documentJson);
        else
            throw std::invalid_argument("csv-export cannot export " + subject);
        return _bom ? UTF8_BOM + body : body;
    }

private:
    bool _bom = false;
};

} // namespace CsvExport

LIMBER_PLUGIN(CsvExport::CsvExportPlugin)
