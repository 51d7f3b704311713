#include "fhir/FhirPatientInput.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

namespace Limber::Fhir {

namespace {

using Json = Poco::JSON::Object::Ptr;
using Var = Poco::Dynamic::Var;

/// Every element of R4 Patient.
const std::set<std::string>& patientElements() {
    static const std::set<std::string> names{"resourceType",
                                             "id",
                                             "meta",
                                             "implicitRules",
                                             "language",
                                             "text",
                                             "contained",
                                             "extension",
                                             "modifierExtension",
                                             "identifier",
                                             "active",
                                             "name",
                                             "telecom",
                                             "gender",
                                             "birthDate",
                                             "deceasedBoolean",
                                             "deceasedDateTime",
                                             "address",
                                             "maritalStatus",
                                             "multipleBirthBoolean",
                                             "multipleBirthInteger",
                                             "photo",
                                             "contact",
                                             "communication",
                                             "generalPractitioner",
                                             "managingOrganization",
                                             "link"};
    return names;
}

/// Elements Limber does not keep and need not: they do not change what Limber does for the
/// patient (a server may ignore data it does not store; an extension is never a modifier).
const std::set<std::string>& ignoredElements() {
    static const std::set<std::string> names{"id",
                                             "meta",
                                             "language",
                                             "text",
                                             "extension",
                                             "gender",
                                             "address",
                                             "maritalStatus",
                                             "multipleBirthBoolean",
                                             "multipleBirthInteger",
                                             "generalPractitioner",
                                             "managingOrganization"};
    return names;
}

class Reader {
public:
    Reader(std::string recordSystem, std::string limberSystem)
        : _recordSystem(std::move(recordSystem)), _limberSystem(std::move(limberSystem)) {}

    PatientReading read(const Json& resource) {
        if (!resource) {
            structural("Patient", "the body must be a JSON object, an R4 Patient");
            return std::move(_reading);
        }
        if (!resource->has("resourceType") || !resource->get("resourceType").isString() ||
            resource->getValue<std::string>("resourceType") != "Patient") {
            structural("Patient.resourceType", "must be \"Patient\"");
            return std::move(_reading);
        }
        findModifierExtensions(Var(resource), "Patient");
        for (const auto& name : resource->getNames()) {
            const std::string path = "Patient." + name;
            if (!patientElements().count(name)) {
                structural(path, "is not an element of an R4 Patient");
                continue;
            }
            if (name == "resourceType" || name == "modifierExtension" ||
                ignoredElements().count(name))
                continue;
            const Var value = resource->get(name);
            if (name == "identifier")
                identifiers(value, path);
            else if (name == "name")
                names(value, path);
            else if (name == "telecom")
                telecoms(value, path);
            else if (name == "birthDate")
                birthDate(value, path);
            else if (name == "communication")
                communications(value, path);
            else if (name == "active") {
                if (!value.isBoolean())
                    structural(path, "must be true or false");
                else if (!value.extract<bool>())
                    refuse(path, "an inactive patient cannot be kept: discharge the patient in "
                                 "Limber instead");
            } else if (name == "deceasedBoolean") {
                if (!value.isBoolean())
                    structural(path, "must be true or false");
                else if (value.extract<bool>())
                    refuse(path, "Limber keeps no deceased patients");
            } else if (name == "deceasedDateTime") {
                refuse(path, "Limber keeps no deceased patients");
            } else {
                // implicitRules, contained, photo, contact, link: they carry meaning Limber
                // would lose (other rules, merged records, other people).
                refuse(path, "Limber cannot keep this element; send the Patient without it");
            }
        }
        if (_reading.input.recordNumber.empty() && !hasIssueAt("Patient.identifier"))
            refuse("Patient.identifier", "needs the clinic's record number (an identifier with "
                                         "system " +
                                             _recordSystem + ")");
        if (!resource->has("name"))
            refuse("Patient.name", "is required");
        return std::move(_reading);
    }

private:
    void structural(const std::string& path, const std::string& message) {
        _reading.issues.push_back({path, message, true});
    }
    void refuse(const std::string& path, const std::string& message) {
        _reading.issues.push_back({path, message, false});
    }
    bool hasIssueAt(const std::string& prefix) const {
        return std::any_of(_reading.issues.begin(), _reading.issues.end(), [&](const auto& issue) {
            return issue.expression.rfind(prefix, 0) == 0;
        });
    }

    void findModifierExtensions(const Var& node, const std::string& path) {
        if (node.type() == typeid(Json)) {
            Json json = node.extract<Json>();
            for (const auto& name : json->getNames()) {
                if (name == "modifierExtension")
                    refuse(path + ".modifierExtension",
                           "Limber understands no modifier extension, so it cannot keep the "
                           "Patient");
                else
                    findModifierExtensions(json->get(name), path + "." + name);
            }
        } else if (node.type() == typeid(Poco::JSON::Array::Ptr)) {
            auto list = node.extract<Poco::JSON::Array::Ptr>();
            for (std::size_t i = 0; i < list->size(); ++i)
                findModifierExtensions(list->get(i), path + "[" + std::to_string(i) + "]");
        }
    }

    /// The array at path, or null after an issue.
    Poco::JSON::Array::Ptr arrayAt(const Var& value, const std::string& path) {
        if (value.type() != typeid(Poco::JSON::Array::Ptr)) {
            structural(path, "must be an array");
            return nullptr;
        }
        return value.extract<Poco::JSON::Array::Ptr>();
    }
    Json objectAt(const Poco::JSON::Array::Ptr& list, std::size_t i, const std::string& path) {
        Var item = list->get(i);
        if (item.type() != typeid(Json)) {
            structural(path, "must be an object");
            return nullptr;
        }
        return item.extract<Json>();
    }
    /// The string element name of json ("" when absent), with an issue when not a string.
    std::string text(const Json& json, const std::string& name, const std::string& path) {
        if (!json->has(name))
            return "";
        Var value = json->get(name);
        if (!value.isString()) {
            structural(path + "." + name, "must be a string");
            return "";
        }
        return value.toString();
    }

    void identifiers(const Var& value, const std::string& path) {
        auto list = arrayAt(value, path);
        for (std::size_t i = 0; list && i < list->size(); ++i) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            Json identifier = objectAt(list, i, at);
            if (!identifier)
                continue;
            const std::string system = text(identifier, "system", at);
            const std::string value = text(identifier, "value", at);
            if (value.empty()) {
                refuse(at + ".value", "is required");
                continue;
            }
            if (system == _recordSystem) {
                if (!_reading.input.recordNumber.empty() && _reading.input.recordNumber != value)
                    refuse(at, "a second record number (\"" + value + "\" besides \"" +
                                   _reading.input.recordNumber + "\"): Limber keeps one");
                _reading.input.recordNumber = value;
            } else if (system == _limberSystem) {
                _reading.input.limberId = value;
            } else {
                refuse(at + ".system", "Limber keeps only the clinic's record number (system " +
                                           _recordSystem + "), not identifiers of system \"" +
                                           system + "\"");
            }
        }
    }

    void names(const Var& value, const std::string& path) {
        auto list = arrayAt(value, path);
        if (!list)
            return;
        // The name to keep: the official one, else the usual one, else the only current one.
        std::vector<std::pair<std::size_t, Json>> current;
        for (std::size_t i = 0; i < list->size(); ++i) {
            Json name = objectAt(list, i, path + "[" + std::to_string(i) + "]");
            if (!name)
                return;
            std::string use = text(name, "use", path + "[" + std::to_string(i) + "]");
            if (use != "old" && use != "anonymous" && use != "maiden")
                current.emplace_back(i, name);
        }
        auto withUse = [&](const std::string& use) {
            std::vector<std::pair<std::size_t, Json>> found;
            for (const auto& entry : current)
                if (entry.second->optValue<std::string>("use", "") == use)
                    found.push_back(entry);
            return found;
        };
        std::vector<std::pair<std::size_t, Json>> chosen = withUse("official");
        if (chosen.empty())
            chosen = withUse("usual");
        if (chosen.empty())
            chosen = current;
        if (chosen.size() != 1) {
            refuse(path, chosen.empty() ? "has no current name (only old, maiden or anonymous ones)"
                                        : "has several names and no single official or usual "
                                          "one: Limber keeps one name");
            return;
        }
        const std::string at = path + "[" + std::to_string(chosen.front().first) + "]";
        Json name = chosen.front().second;
        std::vector<std::string> given;
        if (name->has("given")) {
            auto givenList = arrayAt(name->get("given"), at + ".given");
            for (std::size_t i = 0; givenList && i < givenList->size(); ++i) {
                if (!givenList->get(i).isString()) {
                    structural(at + ".given[" + std::to_string(i) + "]", "must be a string");
                    return;
                }
                given.push_back(givenList->get(i).toString());
            }
        }
        const std::string family = text(name, "family", at);
        std::string full = text(name, "text", at);
        if (full.empty()) {
            for (const auto& part : given)
                full += (full.empty() ? "" : " ") + part;
            if (!family.empty())
                full += (full.empty() ? "" : " ") + family;
        }
        if (full.empty()) {
            refuse(at, "needs text, given or family");
            return;
        }
        _reading.input.name = full;
        _reading.input.firstName = given.empty() ? "" : given.front();
    }

    void telecoms(const Var& value, const std::string& path) {
        auto list = arrayAt(value, path);
        bool phoneIsMobile = false;
        for (std::size_t i = 0; list && i < list->size(); ++i) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            Json point = objectAt(list, i, at);
            if (!point)
                continue;
            const std::string system = text(point, "system", at);
            const std::string use = text(point, "use", at);
            const std::string value = text(point, "value", at);
            if (use == "old")
                continue;
            if (system != "phone" && system != "email") {
                refuse(at + ".system",
                       "Limber keeps a phone number and an e-mail address, not \"" + system + "\"");
                continue;
            }
            if (value.empty()) {
                refuse(at + ".value", "is required");
                continue;
            }
            // One of each: the mobile phone if any, else the first; the first e-mail.
            if (system == "phone" &&
                (_reading.input.phone.empty() || (!phoneIsMobile && use == "mobile"))) {
                _reading.input.phone = value;
                phoneIsMobile = use == "mobile";
            } else if (system == "email" && _reading.input.email.empty()) {
                _reading.input.email = value;
            }
        }
    }

    void birthDate(const Var& value, const std::string& path) {
        if (!value.isString()) {
            structural(path, "must be a date string");
            return;
        }
        static const std::regex fullDate("[0-9]{4}-[0-9]{2}-[0-9]{2}");
        static const std::regex partialDate("[0-9]{4}(-[0-9]{2})?");
        const std::string text = value.toString();
        if (std::regex_match(text, fullDate))
            _reading.input.birthDate = text;
        else if (std::regex_match(text, partialDate))
            refuse(path, "Limber keeps a full date of birth, YYYY-MM-DD (got \"" + text + "\")");
        else
            structural(path, "must be a FHIR date (got \"" + text + "\")");
    }

    void communications(const Var& value, const std::string& path) {
        auto list = arrayAt(value, path);
        if (!list || list->size() == 0)
            return;
        std::size_t chosen = 0;
        for (std::size_t i = 0; i < list->size(); ++i) {
            Json entry = objectAt(list, i, path + "[" + std::to_string(i) + "]");
            if (!entry)
                return;
            if (entry->has("preferred") && entry->get("preferred").isBoolean() &&
                entry->getValue<bool>("preferred")) {
                chosen = i;
                break;
            }
        }
        const std::string at = path + "[" + std::to_string(chosen) + "].language";
        Json entry = list->getObject(chosen);
        Json language = entry->getObject("language");
        if (!language) {
            structural(at, "is required (a CodeableConcept)");
            return;
        }
        std::string code;
        if (auto codings = language->getArray("coding"))
            for (std::size_t i = 0; i < codings->size(); ++i) {
                Json coding = codings->getObject(i);
                if (coding && coding->optValue<std::string>("system", "") == "urn:ietf:bcp:47")
                    code = coding->optValue<std::string>("code", "");
            }
        if (code.empty()) {
            refuse(at, "needs a coding of system urn:ietf:bcp:47 (\"en\", \"es-MX\")");
            return;
        }
        std::string primary = code.substr(0, code.find('-'));
        std::transform(primary.begin(), primary.end(), primary.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        _reading.input.language = primary;
    }

    std::string _recordSystem;
    std::string _limberSystem;
    PatientReading _reading;
};

} // namespace

PatientReading readPatient(const Poco::JSON::Object::Ptr& resource, const std::string& recordSystem,
                           const std::string& limberSystem) {
    return Reader(recordSystem, limberSystem).read(resource);
}

} // namespace Limber::Fhir
