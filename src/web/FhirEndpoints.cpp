#include "FhirEndpoints.h"

#include "domain/ValidationException.h"

#include <Poco/Exception.h>
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
