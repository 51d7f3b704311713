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

} // namespace

int runExport(const std::vector<std::string>& args) {
    if (args.empty() || args.front() != "fhir")
        throw UsageError{USAGE};
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
