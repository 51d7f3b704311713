#include "FhirEndpoints.h"

#include "domain/TextRule.h"
#include "domain/ValidationException.h"
#include "fhir/FhirPatientInput.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include <algorithm>
#include <set>

namespace Limber {

namespace {

constexpr const char* FHIR_JSON = "application/fhir+json; charset=utf-8";

WebResponse fhirJson(const Fhir::Json& resource, int status = 200) {
    WebResponse response = WebResponse::json(Fhir::toText(resource), status);
    response.contentType = FHIR_JSON;
    return response;
}

/// The parameters a search of type accepts besides _count, _offset and _format.
const std::set<std::string>& searchParamsOf(const std::string& type) {
    static const std::set<std::string> patient{"identifier"};
    static const std::set<std::string> byPatient{"patient"};
    static const std::set<std::string> observation{"patient", "code", "date"};
    static const std::set<std::string> none;
    if (type == "Patient")
        return patient;
    if (type == "CarePlan" || type == "ServiceRequest")
        return byPatient;
    if (type == "Observation")
        return observation;
    return none;
}

/// "system|value" split at the first bar; no bar: empty system.
std::pair<std::optional<std::string>, std::string> token(const std::string& text) {
    auto bar = text.find('|');
    if (bar == std::string::npos)
        return {std::nullopt, text};
    return {text.substr(0, bar), text.substr(bar + 1)};
}

std::size_t sizeParam(const Fields& query, const std::string& name, std::size_t fallback,
                      std::size_t max) {
    if (!query.has(name))
        return fallback;
    std::string text = query.get(name);
    Poco::UInt64 value = 0;
    if (!Poco::NumberParser::tryParseUnsigned64(text, value) || value > max)
        throw ValidationException(name, "must be a whole number from 0 to " + std::to_string(max) +
                                            " (got \"" + text + "\")");
    return static_cast<std::size_t>(value);
}

/// The search the query asks for; throws ValidationException naming the parameter.
FhirSearch searchOf(const std::string& type, const Fields& query) {
    const std::set<std::string>& accepted = searchParamsOf(type);
    FhirSearch search;
    std::set<std::string> seen;
    for (const auto& [name, value] : query.values()) {
        if (name == "_count" || name == "_offset")
            continue;
        if (name == "_format") {
            if (value != "json" && value != "application/fhir+json" && value != "application/json")
                throw ValidationException("_format", "only JSON is served (got \"" + value + "\")");
            continue;
        }
        if (!accepted.count(name))
            throw ValidationException(name, "is not a search parameter of " + type +
                                                " here (see /fhir/r4/metadata)");
        if (value.empty())
            throw ValidationException(name, "is empty");
        if (name == "date") {
            FhirDateCondition condition;
            std::string text = value;
            if (text.size() > 2 && std::isalpha(static_cast<unsigned char>(text[0]))) {
                condition.prefix = text.substr(0, 2);
                text = text.substr(2);
                if (condition.prefix != "eq" && condition.prefix != "ge" &&
                    condition.prefix != "gt" && condition.prefix != "le" &&
                    condition.prefix != "lt")
                    throw ValidationException("date",
                                              "prefix must be eq, ge, gt, le or lt (got \"" +
                                                  condition.prefix + "\")");
            }
            try {
                condition.date = Date::parse(text);
            } catch (const Poco::Exception&) {
                throw ValidationException("date", "must be YYYY-MM-DD with an optional prefix "
                                                  "(got \"" +
                                                      value + "\")");
            }
            search.dates.push_back(condition);
            continue;
        }
        if (!seen.insert(name).second)
            throw ValidationException(name, "is given twice");
        if (name == "patient") {
            std::string id = value.rfind("Patient/", 0) == 0 ? value.substr(8) : value;
            Poco::Int64 number = 0;
            if (!Poco::NumberParser::tryParse64(id, number) || number <= 0)
                throw ValidationException("patient", "must be a patient id or Patient/ID (got \"" +
                                                         value + "\")");
            search.patient = number;
        } else if (name == "code") {
            auto [system, code] = token(value);
            search.codeSystem = system.value_or("");
            search.code = code;
        } else if (name == "identifier") {
            auto [system, identifier] = token(value);
            search.identifierSystem = system.value_or("");
            search.identifierValue = identifier;
        }
    }
    return search;
}

/// An OperationOutcome refusing a write: one issue per element, named by its FHIRPath.
WebResponse refusal(int status, const std::vector<Fhir::InputIssue>& issues) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& issue : issues) {
        Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        json->set("severity", "error");
        json->set("code", issue.structural ? "structure"
                          : status == 422  ? "business-rule"
                                           : "invalid");
        Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
        details->set("text", withValidUtf8(issue.expression + ": " + issue.message));
        json->set("details", details);
        Poco::JSON::Array::Ptr expression = new Poco::JSON::Array;
        expression->add(withValidUtf8(issue.expression));
        json->set("expression", expression);
        list->add(json);
    }
    Poco::JSON::Object::Ptr outcome = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    outcome->set("resourceType", "OperationOutcome");
    outcome->set("issue", list);
    return fhirJson(outcome, status);
}

/// The FHIRPath of a field of the portal's patient form.
std::string patientElementOf(const std::string& field) {
    if (field == "name")
        return "Patient.name";
    if (field == "firstName")
        return "Patient.name.given";
    if (field == "recordNumber")
        return "Patient.identifier";
    if (field == "language")
        return "Patient.communication";
    if (field == "birthDate")
        return "Patient.birthDate";
    if (field == "phone" || field == "email")
        return "Patient.telecom";
    return "Patient";
}

/// The portal's validation failures as a 422 naming the Patient's elements.
WebResponse refusalOf(const ValidationException& error) {
    std::vector<Fhir::InputIssue> issues;
    for (const auto& field : error.errors())
        issues.push_back({patientElementOf(field.field), field.message, false});
    if (issues.empty())
        issues.push_back({"Patient", error.message(), false});
    return refusal(422, issues);
}

bool knownType(const std::string& type, const std::vector<std::string>& types) {
    return std::find(types.begin(), types.end(), type) != types.end();
}

} // namespace

FhirEndpoints::FhirEndpoints(WebContext& context)
    : _context(context),
      _service(
          context.store, context.catalog, context.clock, context.audit,
          [&links = context.links] { return links.publicUrl(); }, context.fhir.recordSystem) {}

WebResponse FhirEndpoints::metadata(WebRequest&) {
    return fhirJson(_service.capabilityStatement());
}

WebResponse FhirEndpoints::read(WebRequest& request) {
    const std::string type = request.params.at("type");
    if (!knownType(type, FhirService::readableTypes()))
        throw Poco::NotFoundException("Limber serves no " + type);
    return fhirJson(_service.read(request.actor(), type, request.params.at("id")));
}

WebResponse FhirEndpoints::search(WebRequest& request) {
    const std::string type = request.params.at("type");
    if (!knownType(type, FhirService::searchableTypes()))
        throw Poco::NotFoundException(knownType(type, FhirService::readableTypes())
                                          ? type +
                                                " cannot be searched here (see /fhir/r4/metadata)"
                                          : "Limber serves no " + type);
    FhirSearch search = searchOf(type, request.query);
    const std::size_t count = sizeParam(request.query, "_count", FHIR_PAGE_DEFAULT, FHIR_PAGE_MAX);
    const std::size_t offset = sizeParam(request.query, "_offset", 0, 1'000'000);
    std::vector<Fhir::Json> found = _service.search(request.actor(), type, search);

    const Fhir::Bases bases = _service.bases(request.actor().clinicId);
    auto pageUrl = [&](std::size_t pageOffset) {
        std::string url = bases.fhirBase + "/" + type + "?";
        for (const auto& [name, value] : request.query.values()) {
            if (name == "_offset" || name == "_count")
                continue;
            std::string encoded;
            Poco::URI::encode(value, "&=#+%?", encoded);
            url += name + "=" + encoded + "&";
        }
        return url + "_count=" + std::to_string(count) + "&_offset=" + std::to_string(pageOffset);
    };
    std::vector<std::pair<std::string, std::string>> links{{"self", pageUrl(offset)}};
    if (count > 0 && offset + count < found.size())
        links.emplace_back("next", pageUrl(offset + count));
    if (offset > 0)
        links.emplace_back("previous", pageUrl(offset > count ? offset - count : 0));
    std::vector<Fhir::Json> page;
    for (std::size_t i = offset; i < found.size() && i < offset + count; ++i)
        page.push_back(found[i]);
    return fhirJson(Fhir::searchsetBundle(page, found.size(), bases, links));
}

WebResponse FhirEndpoints::everything(WebRequest& request) {
    std::vector<Fhir::Json> resources = _service.everything(request.actor(), request.idParam("id"));
    const Fhir::Bases bases = _service.bases(request.actor().clinicId);
    return fhirJson(Fhir::searchsetBundle(
        resources, resources.size(), bases,
        {{"self", bases.fhirBase + "/Patient/" + request.params.at("id") + "/$everything"}}));
}

} // namespace Limber

namespace Limber {

std::variant<PatientDetails, WebResponse>
FhirEndpoints::patientDetailsOf(const WebRequest& request, const Fhir::Bases& bases,
                                std::optional<std::int64_t> target) {
    Fhir::Json resource;
    try {
        Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(request.body);
        if (parsed.type() == typeid(Fhir::Json))
            resource = parsed.extract<Fhir::Json>();
    } catch (const std::exception&) {
        return refusal(400, {{"Patient", "the body is not JSON", true}});
    }
    Fhir::PatientReading reading = Fhir::readPatient(resource, bases.recordNumberSystem,
                                                     Fhir::identifierSystem(bases, "Patient"));
    bool structural = false;
    for (const auto& issue : reading.issues)
        structural = structural || issue.structural;
    if (!reading.issues.empty())
        return refusal(structural ? 400 : 422, reading.issues);
    if (!reading.input.limberId.empty() &&
        (!target || reading.input.limberId != std::to_string(*target)))
        return refusal(422, {{"Patient.identifier",
                              target ? "carries Limber's id of another patient (" +
                                           reading.input.limberId + ")"
                                     : "carries Limber's own patient id: update that patient "
                                       "with PUT /fhir/r4/Patient?identifier=system|record-number",
                              false}});
    PatientDetails details;
    details.name = reading.input.name;
    details.firstName = reading.input.firstName;
    details.recordNumber = reading.input.recordNumber;
    details.language = reading.input.language;
    details.birthDate = reading.input.birthDate;
    details.phone = reading.input.phone;
    details.email = reading.input.email;
    return details;
}

WebResponse FhirEndpoints::patientAnswer(WebRequest& request, std::int64_t patientId, int status) {
    Fhir::Json patient = _service.read(request.actor(), "Patient", std::to_string(patientId));
    WebResponse response = fhirJson(patient, status);
    const std::string version = patient->getObject("meta")->getValue<std::string>("versionId");
    response.headers.emplace_back("Location", _service.bases(request.actor().clinicId).fhirBase +
                                                  "/Patient/" + std::to_string(patientId) +
                                                  "/_history/" + version);
    response.headers.emplace_back("ETag", "W/\"" + version + "\"");
    return response;
}

WebResponse FhirEndpoints::createPatient(WebRequest& request) {
    const Actor actor = request.actor();
    const Fhir::Bases bases = _service.bases(actor.clinicId);
    auto details = patientDetailsOf(request, bases, std::nullopt);
    if (auto* refused = std::get_if<WebResponse>(&details))
        return *refused;
    PatientDetails input = std::get<PatientDetails>(details);
    if (input.language.empty())
        input.language = "en";
    try {
        Patient created = _context.patients.create(actor, input);
        return patientAnswer(request, created.id, 201);
    } catch (const ValidationException& error) {
        return refusalOf(error);
    } catch (const Poco::ExistsException&) {
        return refusal(409, {{"Patient.identifier",
                              "the clinic has a patient with record number " + input.recordNumber +
                                  " already: update it with PUT /fhir/r4/Patient?identifier=" +
                                  bases.recordNumberSystem + "|" + input.recordNumber,
                              false}});
    }
}

WebResponse FhirEndpoints::upsertPatient(WebRequest& request) {
    const Actor actor = request.actor();
    const Fhir::Bases bases = _service.bases(actor.clinicId);
    std::vector<Fhir::InputIssue> queryIssues;
    for (const auto& [name, value] : request.query.values())
        if (name != "identifier")
            queryIssues.push_back({name,
                                   "is not a condition of an update here: give only "
                                   "identifier=system|record-number",
                                   true});
    auto [system, recordNumber] = token(request.query.get("identifier"));
    if (!request.query.has("identifier") || recordNumber.empty())
        queryIssues.push_back({"identifier", "is required: identifier=system|record-number", true});
    else if (system.value_or("") != bases.recordNumberSystem)
        queryIssues.push_back({"identifier",
                               "must name the clinic's record number system " +
                                   bases.recordNumberSystem + " (identifier=system|value)",
                               true});
    if (!queryIssues.empty())
        return refusal(400, queryIssues);
    std::optional<Patient> existing;
    for (const auto& patient : _context.store.patients(actor.clinicId))
        if (patient.recordNumber == recordNumber)
            existing = patient;
    auto details =
        patientDetailsOf(request, bases, existing ? std::optional(existing->id) : std::nullopt);
    if (auto* refused = std::get_if<WebResponse>(&details))
        return *refused;
    PatientDetails input = std::get<PatientDetails>(details);
    if (input.recordNumber != recordNumber)
        return refusal(400, {{"Patient.identifier",
                              "the record number \"" + input.recordNumber +
                                  "\" is not the one of the URL (\"" + recordNumber + "\")",
                              true}});
    try {
        if (!existing) {
            if (input.language.empty())
                input.language = "en";
            Patient created = _context.patients.create(actor, input);
            return patientAnswer(request, created.id, 201);
        }
        if (input.language.empty())
            input.language = existing->language;
        _context.patients.update(actor, existing->id, input);
        return patientAnswer(request, existing->id, 200);
    } catch (const ValidationException& error) {
        return refusalOf(error);
    }
}

} // namespace Limber
