#include "Application.h"
#include "Arguments.h"
#include "CommandTargets.h"
#include "Commands.h"
#include "FilePaths.h"
#include "OutputFile.h"
#include "fhir/FhirMapping.h"
#include "services/FhirRecords.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>

#include <iostream>

namespace Limber {

namespace {

constexpr const char* USAGE =
    "usage: limber export fhir --patient ID|RECORD [--bundle transaction|collection] [-o FILE] "
    "[--record-system URI] [--clinic ID] [--data-dir DIR] [--config FILE]";

constexpr const char* PLUGIN_USAGE =
    "usage: limber export FORMAT (--patient ID|RECORD | --clinic-report | --program ID) "
    "[--from YYYY-MM-DD] [--to YYYY-MM-DD] [-o FILE] [--clinic ID] [--data-dir DIR] "
    "[--config FILE]\n"
    "  FORMAT: fhir, or a format of an enabled Exporter plugin (csv with csv-export)";

std::optional<Date> dateArgument(const Arguments& arguments, const std::string& name) {
    std::optional<std::string> text = arguments.value(name);
    if (!text)
        return std::nullopt;
    try {
        return Date::parse(*text);
    } catch (const std::exception&) {
        throw UsageError{"--" + name + " must be a date YYYY-MM-DD (got \"" + *text + "\")"};
    }
}

/// The program id of --program: a whole number above 0.
std::int64_t programArgument(const std::string& text) {
    Poco::Int64 id = 0;
    if (!Poco::NumberParser::tryParse64(text, id) || id < 1)
        throw UsageError{"--program must be a program id (got \"" + text + "\")"};
    return id;
}

/// limber export FORMAT: a patient's sessions, the clinic report or a program through an
/// Exporter plugin.
int runPluginExport(const std::string& format, const std::vector<std::string>& args) {
    Arguments arguments(
        args, {"data-dir", "config", "patient", "output", "clinic", "from", "to", "program"},
        {"clinic-report"});
    if (!arguments.positional().empty())
        throw UsageError{PLUGIN_USAGE};
    std::optional<std::string> patientWord = arguments.value("patient");
    const bool clinicReport = arguments.flag("clinic-report");
    std::optional<std::string> programWord = arguments.value("program");
    const int subjects = (patientWord && !patientWord->empty() ? 1 : 0) + (clinicReport ? 1 : 0) +
                         (programWord ? 1 : 0);
    if (subjects != 1)
        throw UsageError{"limber export " + format +
                         " needs one of --patient ID|RECORD, --clinic-report or --program ID"};
    // Read before anything is opened, so that a bad id is a usage error.
    const std::int64_t programId = programWord ? programArgument(*programWord) : 0;
    if (auto output = arguments.value("output"))
        checkOutputFile("-o", *output);
    const std::optional<Date> from = dateArgument(arguments, "from");
    const std::optional<Date> to = dateArgument(arguments, "to");

    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    Settings settings = loadSettings(overrides, arguments.value("config"));
    Application application(settings);
    Store& store = application.store();
    const std::int64_t clinicId = clinicOf(arguments, store);
    const Actor actor{clinicId, 0, Role::Admin, "limber export", "command line"};
    ExportService& exports = application.exports();
    ExportedFile file;
    try {
        if (programWord)
            file = exports.program(actor, programId, format);
        else if (clinicReport)
            file = exports.clinicReport(actor, format, from, to);
        else
            file = exports.patientSessions(actor, patientOf(*patientWord, clinicId, store), format,
                                           from, to);
    } catch (const UnknownExportFormat& e) {
        std::string offered;
        for (const ExportOffer& offer : exports.offersFor(e.subject()))
            offered += (offered.empty() ? "" : ", ") + offer.name;
        if (e.subject() == "program")
            throw UsageError{"no export format \"" + format +
                             "\" for programs (offered: " + (offered.empty() ? "none" : offered) +
                             "; formats come from Exporter plugins in plugins.enabled)"};
        throw UsageError{"no export format \"" + format + "\" (offered: fhir" +
                         (offered.empty() ? "" : ", " + offered) +
                         "; formats come from Exporter plugins in plugins.enabled)"};
    }
    if (auto output = arguments.value("output")) {
        writeFileAtomically(*output, file.content);
    } else {
        std::cout << file.content;
        std::cout.flush();
    }
    return EXIT_OK;
}

} // namespace

int runExport(const std::vector<std::string>& args) {
    if (args.empty() || args.front().empty() || args.front().front() == '-')
        throw UsageError{std::string(USAGE) + "\n" + PLUGIN_USAGE};
    if (args.front() != "fhir")
        return runPluginExport(args.front(),
                               std::vector<std::string>(args.begin() + 1, args.end()));
    Arguments arguments(
        std::vector<std::string>(args.begin() + 1, args.end()),
        {"data-dir", "config", "patient", "bundle", "output", "record-system", "clinic"}, {});
    if (!arguments.positional().empty())
        throw UsageError{"limber export fhir takes --patient ID|RECORD and no other words"};
    std::optional<std::string> patientWord = arguments.value("patient");
    if (!patientWord || patientWord->empty())
        throw UsageError{"--patient ID|RECORD is required"};
    const std::string bundleType = arguments.value("bundle").value_or("transaction");
    if (bundleType != "transaction" && bundleType != "collection")
        throw UsageError{"--bundle must be transaction or collection (got \"" + bundleType + "\")"};
    if (auto output = arguments.value("output"))
        checkOutputFile("-o", *output);

    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    Settings settings = loadSettings(overrides, arguments.value("config"));
    Application application(settings);
    Store& store = application.store();
    const std::int64_t clinicId = clinicOf(arguments, store);
    const std::int64_t patientId = patientOf(*patientWord, clinicId, store);
    Fhir::Bases bases =
        fhirBases(application.publicUrl(), clinicId,
                  arguments.value("record-system").value_or(settings.fhir.recordSystem));
    Fhir::PatientRecord record = fhirPatientRecord(store, application.catalog(),
                                                   application.clock(), bases, clinicId, patientId);
    Fhir::Json bundle = bundleType == "transaction"
                            ? Fhir::transactionBundle(record)
                            : Fhir::collectionBundle(Fhir::allResources(record), bases);
    const Actor actor{clinicId, 0, Role::Admin, "limber export", "command line"};
    application.audit().record(actor, patientId, "fhir.export", "Bundle " + bundleType);
    const std::string text = Fhir::toText(bundle) + "\n";
    if (auto output = arguments.value("output")) {
        writeFileAtomically(*output, text);
    } else {
        std::cout << text;
        std::cout.flush();
    }
    return EXIT_OK;
}

} // namespace Limber
