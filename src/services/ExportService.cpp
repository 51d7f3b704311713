#include "ExportService.h"

#include "ProgramVersionLookup.h"
#include "json/ProgramJson.h"
#include "limber/plugin/Documents.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <sstream>

namespace Limber {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr newObject() {
    return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

template <class T>
void setOptional(Object& object, const std::string& key, const std::optional<T>& value) {
    if (value)
        object.set(key, *value);
    else
        object.set(key, Poco::Dynamic::Var());
}

Object::Ptr adherenceObject(const AdherenceSummary& summary) {
    Object::Ptr adherence = newObject();
    adherence->set("from", summary.from.toString());
    adherence->set("to", summary.to.toString());
    adherence->set("expectedDays", summary.expectedDays);
    adherence->set("activeDays", summary.activeDays);
    setOptional(*adherence, "frequency", summary.frequency);
    adherence->set("expectedSessions", summary.expectedSessions);
    adherence->set("loggedSessions", summary.loggedSessions);
    setOptional(*adherence, "sessionRatio", summary.sessionRatio);
    adherence->set("prescribedUnits", summary.prescribedUnits);
    adherence->set("doneUnits", summary.doneUnits);
    setOptional(*adherence, "completeness", summary.completeness);
    adherence->set("currentStreak", summary.currentStreak);
    return adherence;
}

std::string text(const Object& document) {
    std::ostringstream out;
    document.stringify(out);
    return out.str();
}

} // namespace

std::string programExportDocument(const Program& program, const ProgramVersion& version,
                                  const Clinic& clinic, const Patient& patient,
                                  const std::string& therapistName) {
    ProgramDocument source;
    source.clinic = clinic;
    source.therapistName = therapistName;
    source.patient = patient;
    source.language = patient.language;
    source.prescription = version.prescription;
    source.version = version.number;
    Object document(Poco::JSON_PRESERVE_KEY_ORDER);
    document.set("schema", Sdk::PROGRAM_SCHEMA);
    document.set("id", program.id);
    document.set("patientId", program.patientId);
    Object::Ptr body = programDocumentToJson(source);
    std::vector<std::string> names;
    body->getNames(names);
    for (const auto& name : names)
        document.set(name, body->get(name));
    Array::Ptr versions = new Array();
    for (const auto& each : program.versions) {
        Object::Ptr item = newObject();
        item->set("number", each.number);
        item->set("effectiveFrom", each.effectiveFrom.toString());
        item->set("createdAt",
                  Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(each.createdAt),
                                                  "%Y-%m-%dT%H:%M:%SZ"));
        versions->add(item);
    }
    document.set("versions", versions);
    return text(document);
}

std::string sessionsDocument(const PatientReport& report) {
    Object document(Poco::JSON_PRESERVE_KEY_ORDER);
    document.set("schema", Sdk::SESSIONS_SCHEMA);
    Object::Ptr clinic = newObject();
    clinic->set("id", report.clinic.id);
    clinic->set("name", report.clinic.name);
    document.set("clinic", clinic);
    Object::Ptr patient = newObject();
    patient->set("id", report.patient.id);
    patient->set("recordNumber", report.patient.recordNumber);
    patient->set("name", report.patient.name);
    document.set("patient", patient);
    Object::Ptr program = newObject();
    program->set("id", report.program.id);
    program->set("title", report.program.current().prescription.title);
    document.set("program", program);
    document.set("from", report.from.toString());
    document.set("to", report.to.toString());
    document.set("adherence", adherenceObject(report.summary));
    Array::Ptr sessions = new Array();
    for (const Session& session : report.sessions) {
        Object::Ptr line = newObject();
        line->set("date", session.date.toString());
        line->set("slot", session.slot);
        line->set("programVersion", session.programVersion);
        line->set("doneUnits", session.doneUnits);
        line->set("prescribedUnits", session.prescribedUnits);
        setOptional(*line, "painBefore", session.painBefore);
        setOptional(*line, "painAfter", session.painAfter);
        line->set("difficulty", std::string(toString(session.difficulty)));
        line->set("source", std::string(toString(session.source)));
        line->set("note", session.note);
        sessions->add(line);
    }
    document.set("sessions", sessions);
    return text(document);
}

std::string clinicReportDocument(const ClinicReport& report) {
    Object document(Poco::JSON_PRESERVE_KEY_ORDER);
    document.set("schema", Sdk::CLINIC_REPORT_SCHEMA);
    Object::Ptr clinic = newObject();
    clinic->set("id", report.clinic.id);
    clinic->set("name", report.clinic.name);
    document.set("clinic", clinic);
    document.set("from", report.from.toString());
    document.set("to", report.to.toString());
    Array::Ptr patients = new Array();
    for (const CaseloadLine& line : report.lines) {
        Object::Ptr row = newObject();
        row->set("id", line.patient.id);
        row->set("recordNumber", line.patient.recordNumber);
        row->set("name", line.patient.name);
        row->set("therapist", line.therapistName);
        row->set("program", line.hasProgram ? line.programTitle : std::string());
        row->set("programDay", line.programDay);
        row->set("adherence", adherenceObject(line.adherence));
        if (line.lastSession)
            row->set("lastSession", line.lastSession->toString());
        else
            row->set("lastSession", Poco::Dynamic::Var());
        setOptional(*row, "painRecent", line.painRecent);
        setOptional(*row, "painEarlier", line.painEarlier);
        row->set("flags", static_cast<int>(line.flags.size()));
        patients->add(row);
    }
    document.set("patients", patients);
    return text(document);
}

ExportService::ExportService(ReportService& reports, Store& store, AuditTrail& audit,
                             const Plugins& plugins)
    : _reports(reports), _store(store), _audit(audit), _plugins(plugins) {
    for (const auto& plugin : _plugins.loaded()) {
        Sdk::Exporter* exporter = plugin->exporter();
        if (!exporter)
            continue;
        try {
            for (const Sdk::ExportFormat& format :
                 plugin->call([&] { return exporter->formats(); }))
                _offers.push_back({plugin->id(), format.name, format.title, format.mediaType,
                                   format.fileExtension, format.subjects});
        } catch (const std::exception& error) {
            Poco::Logger::get("limber.plugins")
                .error("plugin " + plugin->id() + ": formats() failed: " + error.what() +
                       "; its exports are not offered");
        }
    }
}

std::vector<ExportOffer> ExportService::offersFor(const std::string& subject) const {
    std::vector<ExportOffer> result;
    for (const ExportOffer& offer : _offers)
        if (std::find(offer.subjects.begin(), offer.subjects.end(), subject) !=
            offer.subjects.end())
            result.push_back(offer);
    return result;
}

const ExportOffer& ExportService::offer(const std::string& format,
                                        const std::string& subject) const {
    for (const ExportOffer& offer : _offers)
        if (offer.name == format && std::find(offer.subjects.begin(), offer.subjects.end(),
                                              subject) != offer.subjects.end())
            return offer;
    throw UnknownExportFormat(format, subject);
}

ExportedFile ExportService::run(const ExportOffer& offer, const std::string& subject,
                                const std::string& document, const std::string& baseName) const {
    const LoadedPlugin* plugin = _plugins.find(offer.pluginId);
    if (!plugin || !plugin->exporter())
        throw UnknownExportFormat(offer.name);
    Sdk::Exporter* exporter = plugin->exporter();
    try {
        std::string content =
            plugin->call([&] { return exporter->exportDocument(offer.name, subject, document); });
        return {std::move(content), offer.mediaType, baseName + "." + offer.fileExtension};
    } catch (const std::exception& error) {
        const std::string message = "the " + offer.pluginId + " plugin could not export " +
                                    subject + " as " + offer.name + ": " + error.what();
        Poco::Logger::get("limber.plugins").error(message);
        throw ExportPluginFailed(message);
    } catch (...) {
        const std::string message = "the " + offer.pluginId + " plugin could not export " +
                                    subject + " as " + offer.name + ": unknown error";
        Poco::Logger::get("limber.plugins").error(message);
        throw ExportPluginFailed(message);
    }
}

ExportedFile ExportService::patientSessions(const Actor& actor, std::int64_t patientId,
                                            const std::string& format, std::optional<Date> from,
                                            std::optional<Date> to) {
    const ExportOffer& chosen = offer(format, "sessions");
    PatientReport report =
        _reports.patientReport(actor, patientId, from, to, ReportUse::Export, format);
    return run(chosen, "sessions", sessionsDocument(report),
               "patient-" + std::to_string(patientId) + "-sessions");
}

ExportedFile ExportService::program(const Actor& actor, std::int64_t programId,
                                    const std::string& format, std::optional<int> versionNumber) {
    const ExportOffer& chosen = offer(format, "program");
    ProgramVersionOfPatient found =
        findProgramVersion(_store, actor.clinicId, programId, versionNumber);
    std::string therapistName;
    if (auto therapist = _store.user(found.patient.therapistId))
        therapistName = therapist->name;
    std::string document = programExportDocument(found.program, found.version(),
                                                 _store.clinic(actor.clinicId).value_or(Clinic{}),
                                                 found.patient, therapistName);
    _audit.record(actor, found.patient.id, "program.export",
                  "program " + std::to_string(programId) + " version " +
                      std::to_string(found.versionNumber) + " as " + format);
    return run(chosen, "program", document,
               "program-" + std::to_string(programId) + "-v" + std::to_string(found.versionNumber));
}

ExportedFile ExportService::clinicReport(const Actor& actor, const std::string& format,
                                         std::optional<Date> from, std::optional<Date> to) {
    const ExportOffer& chosen = offer(format, "clinic-report");
    ClinicReport report = _reports.clinicReport(actor, from, to, CaseloadSort::Patient, false,
                                                ReportUse::Export, format);
    return run(chosen, "clinic-report", clinicReportDocument(report),
               "clinic-report-" + report.to.toString());
}

} // namespace Limber
