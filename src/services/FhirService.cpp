#include "services/FhirService.h"

#include "domain/ValidationException.h"
#include "services/ClinicCatalog.h"
#include "services/FhirRecords.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>

#include <algorithm>

namespace Limber {

namespace {

std::string typeOf(const Fhir::Json& resource) {
    return resource->getValue<std::string>("resourceType");
}

std::string idOf(const Fhir::Json& resource) {
    return resource->getValue<std::string>("id");
}

/// A positive id of digits only; nullopt otherwise.
std::optional<std::int64_t> numericId(const std::string& text) {
    if (text.empty() || text.size() > 18 || text.front() == '0' ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoll(text);
}

/// The program id a ServiceRequest or Observation id starts with ("7-2-1", "7-2026-11-20-1").
std::optional<std::int64_t> programIdOf(const std::string& id) {
    return numericId(id.substr(0, id.find('-')));
}

bool hasCoding(const Fhir::Json& resource, const std::string& system, const std::string& code) {
    Poco::JSON::Object::Ptr concept_ = resource->getObject("code");
    if (!concept_)
        return false;
    Poco::JSON::Array::Ptr codings = concept_->getArray("coding");
    for (std::size_t i = 0; codings && i < codings->size(); ++i) {
        auto coding = codings->getObject(i);
        if (coding->getValue<std::string>("code") == code &&
            (system.empty() || coding->getValue<std::string>("system") == system))
            return true;
    }
    return false;
}

/// The day an Observation is about (its effectiveDateTime's date).
std::optional<Date> effectiveDay(const Fhir::Json& resource) {
    if (!resource->has("effectiveDateTime"))
        return std::nullopt;
    return Date::parse(resource->getValue<std::string>("effectiveDateTime").substr(0, 10));
}

bool dateHolds(const FhirDateCondition& condition, Date day) {
    if (condition.prefix == "ge")
        return day >= condition.date;
    if (condition.prefix == "gt")
        return day > condition.date;
    if (condition.prefix == "le")
        return day <= condition.date;
    if (condition.prefix == "lt")
        return day < condition.date;
    return day == condition.date;
}

Poco::JSON::Array::Ptr strings(std::initializer_list<const char*> values) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const char* value : values)
        list->add(std::string(value));
    return list;
}

Fhir::Json object() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

} // namespace

FhirService::FhirService(Store& store, const Catalog& shared, const Clock& clock, AuditTrail& audit,
                         std::function<std::string()> publicUrl, std::string recordSystem)
    : _store(store), _shared(shared), _clock(clock), _audit(audit),
      _publicUrl(std::move(publicUrl)), _recordSystem(std::move(recordSystem)) {}

const std::vector<std::string>& FhirService::readableTypes() {
    static const std::vector<std::string> types{
        "Patient",  "Practitioner",   "Organization", "ActivityDefinition",
        "CarePlan", "ServiceRequest", "Observation",  "StructureDefinition"};
    return types;
}

const std::vector<std::string>& FhirService::searchableTypes() {
    static const std::vector<std::string> types{"Patient", "CarePlan", "ServiceRequest",
                                                "Observation"};
    return types;
}

Fhir::Bases FhirService::bases(std::int64_t clinicId) const {
    return fhirBases(_publicUrl(), clinicId, _recordSystem);
}

Fhir::PatientRecord FhirService::record(const Actor& actor, std::int64_t patientId) {
    return fhirPatientRecord(_store, _shared, _clock, bases(actor.clinicId), actor.clinicId,
                             patientId);
}

std::vector<Fhir::Json> FhirService::patientResources(const Actor& actor, std::int64_t patientId,
                                                      const std::string& what) {
    std::vector<Fhir::Json> resources = Fhir::allResources(record(actor, patientId));
    _audit.record(actor, patientId, "fhir.read", what);
    return resources;
}

Fhir::Json FhirService::capabilityStatement() const {
    Fhir::Json json = object();
    json->set("resourceType", "CapabilityStatement");
    json->set("status", "active");
    json->set("date", _clock.today().toString());
    json->set("publisher", "Limber");
    json->set("kind", "instance");
    Fhir::Json software = object();
    software->set("name", "Limber");
    json->set("software", software);
    Fhir::Json implementation = object();
    implementation->set(
        "description",
        "Limber's home exercise programs and check-ins (read; patients also written)");
    implementation->set("url", bases(0).fhirBase);
    json->set("implementation", implementation);
    json->set("fhirVersion", Fhir::FHIR_VERSION);
    json->set("format", strings({"application/fhir+json", "json"}));

    Fhir::Json rest = object();
    rest->set("mode", "server");
    rest->set("documentation",
              "Read-only except for Patient, which an EHR creates (POST) or updates by the "
              "clinic's record number (PUT Patient?identifier=system|value). Authenticate with "
              "a clinic's API key as a bearer token; every answer is limited to that clinic, "
              "and every read and write of patient data is audited.");
    Fhir::Json security = object();
    Fhir::Json service = object();
    service->set("text", "Bearer token: an API key of the clinic");
    Poco::JSON::Array::Ptr services = new Poco::JSON::Array;
    services->add(service);
    security->set("service", services);
    security->set("description", "Authorization: Bearer <the clinic's API key>");
    rest->set("security", security);

    auto param = [](const std::string& name, const std::string& type) {
        Fhir::Json json = object();
        json->set("name", name);
        json->set("type", type);
        return json;
    };
    Poco::JSON::Array::Ptr resources = new Poco::JSON::Array;
    for (const auto& type : readableTypes()) {
        Fhir::Json resource = object();
        resource->set("type", type);
        Poco::JSON::Array::Ptr interactions = new Poco::JSON::Array;
        Fhir::Json read = object();
        read->set("code", "read");
        interactions->add(read);
        Poco::JSON::Array::Ptr params = new Poco::JSON::Array;
        if (type == "Patient") {
            params->add(param("identifier", "token"));
        } else if (type == "CarePlan" || type == "ServiceRequest") {
            params->add(param("patient", "reference"));
        } else if (type == "Observation") {
            params->add(param("patient", "reference"));
            params->add(param("code", "token"));
            params->add(param("date", "date"));
        }
        if (params->size() > 0) {
            Fhir::Json search = object();
            search->set("code", "search-type");
            interactions->add(search);
            params->add(param("_count", "number"));
            params->add(param("_offset", "number"));
        }
        if (type == "Patient") {
            Fhir::Json create = object();
            create->set("code", "create");
            create->set("documentation",
                        "Refused with an OperationOutcome naming the element (400, 422) when "
                        "Limber cannot keep it; 409 when the record number is in use.");
            interactions->add(create);
            Fhir::Json update = object();
            update->set("code", "update");
            update->set("documentation",
                        "Only as a conditional update by the clinic's record number: PUT "
                        "Patient?identifier=system|value (creates the patient when none has "
                        "it). PUT Patient/[id] is not supported.");
            interactions->add(update);
        }
        resource->set("interaction", interactions);
        resource->set("versioning", type == "Patient" ? "versioned" : "no-version");
        resource->set("readHistory", false);
        resource->set("updateCreate", false);
        if (type == "Patient") {
            resource->set("conditionalCreate", false);
            resource->set("conditionalUpdate", true);
        }
        if (params->size() > 0)
            resource->set("searchParam", params);
        if (type == "Patient") {
            Poco::JSON::Array::Ptr operations = new Poco::JSON::Array;
            Fhir::Json everything = object();
            everything->set("name", "everything");
            everything->set("definition",
                            "http://hl7.org/fhir/OperationDefinition/Patient-everything");
            operations->add(everything);
            resource->set("operation", operations);
        }
        resources->add(resource);
    }
    rest->set("resource", resources);
    Poco::JSON::Array::Ptr rests = new Poco::JSON::Array;
    rests->add(rest);
    json->set("rest", rests);
    return json;
}

Fhir::Json FhirService::read(const Actor& actor, const std::string& type, const std::string& id) {
    const Fhir::Bases clinicBases = bases(actor.clinicId);
    if (type == "StructureDefinition" && id == "exercise-dose")
        return Fhir::exerciseDoseStructureDefinition(clinicBases);
    if (type == "Organization" && numericId(id) == actor.clinicId) {
        std::optional<Clinic> clinic = _store.clinic(actor.clinicId);
        if (clinic)
            return Fhir::organization(
                {std::to_string(clinic->id), clinic->name, clinic->address, clinic->phone},
                clinicBases);
    }
    if (type == "Practitioner") {
        if (auto userId = numericId(id)) {
            std::optional<User> user = _store.user(*userId);
            if (user && user->clinicId == actor.clinicId)
                return Fhir::practitioner({std::to_string(user->id), user->name}, clinicBases);
        }
    }
    if (type == "ActivityDefinition") {
        Catalog catalog = clinicCatalog(_store, _shared, actor.clinicId);
        for (const Exercise* exercise : catalog.exercises()) {
            Fhir::Json json = Fhir::activityDefinition(
                {exercise->id, exercise->revision, exercise->textIn("en").name,
                 std::string(toString(exercise->type)), exercise->regions,
                 exercise->textIn("en").steps, exercise->source},
                clinicBases);
            if (idOf(json) == id)
                return json;
        }
    }
    std::optional<std::int64_t> patientId;
    if (type == "Patient") {
        patientId = numericId(id);
    } else if (type == "CarePlan" || type == "ServiceRequest" || type == "Observation") {
        std::optional<std::int64_t> programId =
            type == "CarePlan" ? numericId(id) : programIdOf(id);
        if (programId)
            if (std::optional<Program> program = _store.program(actor.clinicId, *programId))
                patientId = program->patientId;
    }
    if (patientId && _store.patient(actor.clinicId, *patientId)) {
        for (const auto& resource : Fhir::allResources(record(actor, *patientId)))
            if (typeOf(resource) == type && idOf(resource) == id) {
                _audit.record(actor, *patientId, "fhir.read", type + "/" + id);
                return resource;
            }
    }
    throw Poco::NotFoundException(type + "/" + id + " is not known");
}

std::vector<Fhir::Json> FhirService::search(const Actor& actor, const std::string& type,
                                            const FhirSearch& search) {
    std::vector<Fhir::Json> found;
    if (type == "Patient") {
        for (const auto& patient : _store.patients(actor.clinicId)) {
            if (search.identifierSystem) {
                const Fhir::Bases clinicBases = bases(actor.clinicId);
                const bool recordMatches =
                    patient.recordNumber == search.identifierValue &&
                    (search.identifierSystem->empty() ||
                     *search.identifierSystem == clinicBases.recordNumberSystem);
                const bool idMatches =
                    std::to_string(patient.id) == search.identifierValue &&
                    *search.identifierSystem == Fhir::identifierSystem(clinicBases, "Patient");
                if (!recordMatches && !idMatches)
                    continue;
            }
            Fhir::PatientRecord patientRecord = record(actor, patient.id);
            _audit.record(actor, patient.id, "fhir.read", "Patient search");
            found.push_back(Fhir::patient(patientRecord));
        }
        return found;
    }
    if (!search.patient)
        throw ValidationException("patient", "a search of " + type + " needs patient=ID");
    if (!_store.patient(actor.clinicId, *search.patient))
        return found; // another clinic's patient, or none: nothing matches
    for (const auto& resource : patientResources(actor, *search.patient, type + " search")) {
        if (typeOf(resource) != type)
            continue;
        if (type == "Observation") {
            if (!search.code.empty() && !hasCoding(resource, search.codeSystem, search.code))
                continue;
            std::optional<Date> day = effectiveDay(resource);
            bool datesHold = true;
            for (const auto& condition : search.dates)
                datesHold = datesHold && day && dateHolds(condition, *day);
            if (!datesHold)
                continue;
        }
        found.push_back(resource);
    }
    return found;
}

std::vector<Fhir::Json> FhirService::everything(const Actor& actor, std::int64_t patientId) {
    if (!_store.patient(actor.clinicId, patientId))
        throw Poco::NotFoundException("Patient/" + std::to_string(patientId) + " is not known");
    return patientResources(actor, patientId, "Patient/$everything");
}

} // namespace Limber
