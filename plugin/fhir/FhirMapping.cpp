#include "fhir/FhirMapping.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DigestEngine.h>
#include <Poco/JSON/Parser.h>
#include <Poco/MD5Engine.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>
#include <Poco/UUID.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>

namespace Limber::Fhir {

namespace {

constexpr const char* PA_CATEGORY_SYSTEM =
    "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes";
constexpr const char* OBSERVATION_CATEGORY_SYSTEM =
    "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr const char* SNOMED = "http://snomed.info/sct";
constexpr const char* LOINC = "http://loinc.org";
constexpr const char* UCUM = "http://unitsofmeasure.org";
constexpr const char* PAIN_CODE = "72514-3";
constexpr const char* PAIN_DISPLAY =
    "Pain severity - 0-10 verbal numeric rating [Score] - Reported";

Json object() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::JSON::Array::Ptr array() {
    return new Poco::JSON::Array;
}

Poco::JSON::Array::Ptr arrayOf(const Json& only) {
    Poco::JSON::Array::Ptr list = array();
    list->add(only);
    return list;
}

Json reference(const std::string& type, const std::string& id) {
    Json json = object();
    json->set("reference", type + "/" + id);
    return json;
}

Json coding(const std::string& system, const std::string& code, const std::string& display = "") {
    Json json = object();
    json->set("system", system);
    json->set("code", code);
    if (!display.empty())
        json->set("display", display);
    return json;
}

Json codeable(std::vector<Json> codings, const std::string& text = "") {
    Json json = object();
    Poco::JSON::Array::Ptr list = array();
    for (const auto& one : codings)
        list->add(one);
    json->set("coding", list);
    if (!text.empty())
        json->set("text", text);
    return json;
}

Json textConcept(const std::string& text) {
    Json json = object();
    json->set("text", text);
    return json;
}

Json identifier(const std::string& system, const std::string& value) {
    Json json = object();
    json->set("system", system);
    json->set("value", value);
    return json;
}

std::string instant(std::int64_t seconds) {
    return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(seconds),
                                           "%Y-%m-%dT%H:%M:%SZ");
}

Json meta(const std::string& versionId, std::int64_t lastUpdated) {
    Json json = object();
    if (!versionId.empty())
        json->set("versionId", versionId);
    if (lastUpdated > 0)
        json->set("lastUpdated", instant(lastUpdated));
    return json;
}

Json start(const std::string& type, const std::string& id) {
    Json json = object();
    json->set("resourceType", type);
    json->set("id", id);
    return json;
}

Json quantity(int value, const std::string& unit, const std::string& code) {
    Json json = object();
    json->set("value", value);
    json->set("unit", unit);
    json->set("system", UCUM);
    json->set("code", code);
    return json;
}

Json seconds(int value) {
    return quantity(value, "s", "s");
}

Json paCategory() {
    return codeable({coding(PA_CATEGORY_SYSTEM, "PhysicalActivity", "Physical Activity")});
}

/// The day before date ("YYYY-MM-DD"), for the end of a version's span.
std::string dayBefore(const std::string& date) {
    int year = 0, month = 0, day = 0;
    if (std::sscanf(date.c_str(), "%d-%d-%d", &year, &month, &day) != 3)
        throw std::invalid_argument("not a date: \"" + date + "\"");
    Poco::DateTime next(year, month, day);
    Poco::DateTime previous = next - Poco::Timespan(1, 0, 0, 0, 0);
    return Poco::DateTimeFormatter::format(previous, "%Y-%m-%d");
}

const ExerciseData* findExercise(const PatientRecord& record, const std::string& id, int revision) {
    for (const auto& exercise : record.exercises)
        if (exercise.id == id && exercise.revision == revision)
            return &exercise;
    return nullptr;
}

std::string exerciseName(const PatientRecord& record, const ItemData& item) {
    const ExerciseData* exercise = findExercise(record, item.exerciseId, item.exerciseRevision);
    return exercise ? exercise->name : item.exerciseId;
}

std::string serviceRequestId(const std::string& programId, int version, std::size_t index) {
    return programId + "-" + std::to_string(version) + "-" + std::to_string(index + 1);
}

/// The index of the exercise in the version, or npos.
std::size_t itemIndex(const VersionData& version, const std::string& exerciseId) {
    for (std::size_t i = 0; i < version.items.size(); ++i)
        if (version.items[i].exerciseId == exerciseId)
            return i;
    return std::string::npos;
}

const VersionData* findVersion(const PatientRecord& record, const std::string& programId,
                               int number) {
    for (const auto& program : record.programs)
        if (program.id == programId)
            for (const auto& version : program.versions)
                if (version.number == number)
                    return &version;
    return nullptr;
}

/// The version after this one that is in force by today, if any: it supersedes this one.
const VersionData* supersededBy(const PatientRecord& record, const ProgramData& program,
                                const VersionData& version) {
    for (const auto& later : program.versions)
        if (later.number > version.number && later.effectiveFrom <= record.today)
            return &later;
    return nullptr;
}

/// The first version after this one (in force or planned), if any.
const VersionData* nextVersion(const ProgramData& program, const VersionData& version) {
    for (const auto& later : program.versions)
        if (later.number > version.number)
            return &later;
    return nullptr;
}

std::string sideCode(const std::string& side) {
    return side == "each" ? "each-side" : side;
}

Json doseExtension(const DoseData& dose, const Bases& bases) {
    Poco::JSON::Array::Ptr parts = array();
    auto add = [&parts](const std::string& url, const std::string& valueKey,
                        const Poco::Dynamic::Var& value) {
        Json part = object();
        part->set("url", url);
        part->set(valueKey, value);
        parts->add(part);
    };
    add("sets", "valueInteger", dose.sets);
    add("repetitions", "valueInteger", dose.reps);
    if (dose.holdUnit == "seconds")
        add("hold", "valueDuration", seconds(dose.hold));
    else if (dose.holdUnit == "breaths")
        add("holdBreaths", "valueInteger", dose.hold);
    add("side", "valueCode", sideCode(dose.side));
    if (dose.sideOrder != "alternate") // left, right, left, right needs no word: the default
        add("sideOrder", "valueCode", dose.sideOrder);
    if (dose.restSeconds > 0)
        add("rest", "valueDuration", seconds(dose.restSeconds));
    add("sessionsPerDay", "valueInteger", dose.sessionsPerDay);
    add("daysPerWeek", "valueInteger", dose.daysPerWeek);
    Json extension = object();
    extension->set("url", exerciseDoseUrl(bases));
    extension->set("extension", parts);
    return extension;
}

std::string timesADay(int sessions) {
    if (sessions == 1)
        return "once a day";
    if (sessions == 2)
        return "twice a day";
    return std::to_string(sessions) + " times a day";
}

Json timing(const DoseData& dose, const std::string& from, const std::string& to) {
    Json bounds = object();
    bounds->set("start", from);
    bounds->set("end", to);
    Json repeat = object();
    repeat->set("boundsPeriod", bounds);
    repeat->set("frequency", dose.sessionsPerDay);
    repeat->set("period", 1);
    repeat->set("periodUnit", "d");
    Json json = object();
    json->set("repeat", repeat);
    json->set("code", textConcept(timesADay(dose.sessionsPerDay) + ", " +
                                  std::to_string(dose.daysPerWeek) + " days a week"));
    return json;
}

Json annotation(const std::string& text) {
    Json json = object();
    json->set("text", text);
    return json;
}

Json exerciseCode(const Bases& bases, const std::string& id, const std::string& name) {
    return codeable({coding(exerciseCodeSystemUrl(bases), id, name),
                     coding(SNOMED, "229065009", "Exercise therapy")},
                    name);
}

std::string fullUrl(const Bases& bases, const Json& resource) {
    return bases.fhirBase + "/" + resource->getValue<std::string>("resourceType") + "/" +
           resource->getValue<std::string>("id");
}

std::string uuidOf(const std::string& name) {
    static const Poco::UUID limberNamespace("0f1f3c6e-8c1a-4e47-9b0e-3a6b1f6c2d11");
    return "urn:uuid:" +
           Poco::UUIDGenerator::defaultGenerator().createFromName(limberNamespace, name).toString();
}

/// Replaces every "reference" of json (at any depth) found in fullUrls by its fullUrl.
void rewriteReferences(const Poco::Dynamic::Var& node,
                       const std::map<std::string, std::string>& fullUrls) {
    if (node.type() == typeid(Json)) {
        Json json = node.extract<Json>();
        for (const auto& name : json->getNames()) {
            Poco::Dynamic::Var value = json->get(name);
            if (name == "reference" && value.isString()) {
                auto found = fullUrls.find(value.toString());
                if (found != fullUrls.end())
                    json->set(name, found->second);
            } else {
                rewriteReferences(value, fullUrls);
            }
        }
    } else if (node.type() == typeid(Poco::JSON::Array::Ptr)) {
        Poco::JSON::Array::Ptr list = node.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < list->size(); ++i)
            rewriteReferences(list->get(i), fullUrls);
    }
}

/// The identifier a transaction matches the resource on: the record number for a Patient,
/// else Limber's own identifier (the first of the resource's identifiers).
Json matchingIdentifier(const Json& resource) {
    Poco::JSON::Array::Ptr identifiers = resource->getArray("identifier");
    if (!identifiers || identifiers->size() == 0)
        throw std::logic_error("a resource without identifier cannot be sent conditionally");
    return identifiers->getObject(0);
}

} // namespace

std::string exerciseDoseUrl(const Bases& bases) {
    return bases.canonicalBase + "/StructureDefinition/exercise-dose";
}

std::string exerciseCodeSystemUrl(const Bases& bases) {
    return bases.canonicalBase + "/CodeSystem/exercise";
}

std::string observationCodeSystemUrl(const Bases& bases) {
    return bases.canonicalBase + "/CodeSystem/observation";
}

std::string identifierSystem(const Bases& bases, const std::string& resourceType) {
    return bases.canonicalBase + "/identifier/" + resourceType;
}

Json organization(const ClinicData& clinic, const Bases& bases) {
    Json json = start("Organization", clinic.id);
    json->set("identifier",
              arrayOf(identifier(identifierSystem(bases, "Organization"), clinic.id)));
    json->set("active", true);
    json->set("name", clinic.name);
    if (!clinic.phone.empty()) {
        Json phone = object();
        phone->set("system", "phone");
        phone->set("value", clinic.phone);
        phone->set("use", "work");
        json->set("telecom", arrayOf(phone));
    }
    if (!clinic.address.empty()) {
        Json address = object();
        address->set("use", "work");
        address->set("text", clinic.address);
        json->set("address", arrayOf(address));
    }
    return json;
}

Json practitioner(const TherapistData& therapist, const Bases& bases) {
    Json json = start("Practitioner", therapist.id);
    json->set("identifier",
              arrayOf(identifier(identifierSystem(bases, "Practitioner"), therapist.id)));
    json->set("active", true);
    json->set("name", arrayOf(textConcept(therapist.name)));
    return json;
}

Json patient(const PatientRecord& record) {
    const PatientData& data = record.patient;
    Json json = start("Patient", data.id);
    // Limber keeps no patient versions: the version is a digest of what the Patient says.
    Poco::MD5Engine md5;
    for (const std::string* part : {&data.recordNumber, &data.name, &data.firstName, &data.language,
                                    &data.birthDate, &data.phone, &data.email, &data.therapistId})
        md5.update(*part + '\x1f');
    json->set("meta",
              meta(Poco::DigestEngine::digestToHex(md5.digest()).substr(0, 16), data.createdAt));
    Json recordNumber = identifier(record.bases.recordNumberSystem, data.recordNumber);
    recordNumber->set("use", "usual");
    recordNumber->set("type", codeable({coding("http://terminology.hl7.org/CodeSystem/v2-0203",
                                               "MR", "Medical record number")}));
    Poco::JSON::Array::Ptr identifiers = array();
    identifiers->add(recordNumber);
    identifiers->add(identifier(identifierSystem(record.bases, "Patient"), data.id));
    json->set("identifier", identifiers);
    json->set("active", true);
    Json name = object();
    name->set("use", "usual");
    name->set("text", data.name);
    if (!data.firstName.empty()) {
        Poco::JSON::Array::Ptr given = array();
        given->add(data.firstName);
        name->set("given", given);
    }
    json->set("name", arrayOf(name));
    Poco::JSON::Array::Ptr telecom = array();
    for (const auto& [system, value] : {std::pair{"phone", data.phone}, {"email", data.email}})
        if (!value.empty()) {
            Json point = object();
            point->set("system", system);
            point->set("value", value);
            telecom->add(point);
        }
    if (telecom->size() > 0)
        json->set("telecom", telecom);
    if (!data.birthDate.empty())
        json->set("birthDate", data.birthDate);
    if (!data.language.empty()) {
        Json communication = object();
        communication->set("language",
                           codeable({coding("urn:ietf:bcp:47", data.language)}, data.language));
        communication->set("preferred", true);
        json->set("communication", arrayOf(communication));
    }
    if (!data.therapistId.empty())
        json->set("generalPractitioner", arrayOf(reference("Practitioner", data.therapistId)));
    json->set("managingOrganization", reference("Organization", record.clinic.id));
    return json;
}

std::string activityDefinitionId(const ExerciseData& exercise) {
    const std::string suffix =
        exercise.revision > 0 ? "-r" + std::to_string(exercise.revision) : std::string();
    if (exercise.id.size() + suffix.size() <= 64)
        return exercise.id + suffix;
    // Exercise ids may have 80 characters, FHIR ids at most 64: keep a readable start and
    // tell long ids apart by a digest of the whole id.
    Poco::MD5Engine md5;
    md5.update(exercise.id);
    const std::string digest = Poco::DigestEngine::digestToHex(md5.digest()).substr(0, 12);
    return exercise.id.substr(0, 64 - 1 - digest.size() - suffix.size()) + "-" + digest + suffix;
}

Json activityDefinition(const ExerciseData& exercise, const Bases& bases) {
    const std::string id = activityDefinitionId(exercise);
    Json json = start("ActivityDefinition", id);
    if (exercise.revision > 0)
        json->set("meta", meta(std::to_string(exercise.revision), 0));
    json->set("url", bases.canonicalBase + "/ActivityDefinition/" + exercise.id);
    json->set("identifier", arrayOf(identifier(identifierSystem(bases, "ActivityDefinition"), id)));
    if (exercise.revision > 0)
        json->set("version", std::to_string(exercise.revision));
    json->set("title", exercise.name);
    json->set("status", "active");
    json->set("publisher", "Limber");
    std::string description;
    for (std::size_t i = 0; i < exercise.steps.size(); ++i)
        description += std::to_string(i + 1) + ". " + exercise.steps[i] + "\n";
    if (!description.empty())
        json->set("description", description);
    if (!exercise.type.empty()) {
        json->set("topic",
                  arrayOf(codeable({coding(exerciseCodeSystemUrl(bases), "type-" + exercise.type)},
                                   exercise.type)));
    }
    if (!exercise.source.empty()) {
        Json citation = object();
        citation->set("type", "citation");
        citation->set("citation", exercise.source);
        json->set("relatedArtifact", arrayOf(citation));
    }
    json->set("kind", "ServiceRequest");
    json->set("code", exerciseCode(bases, exercise.id, exercise.name));
    if (!exercise.regions.empty()) {
        Poco::JSON::Array::Ptr sites = array();
        for (const auto& region : exercise.regions)
            sites->add(textConcept(region));
        json->set("bodySite", sites);
    }
    return json;
}

Json carePlan(const PatientRecord& record, const ProgramData& program) {
    const VersionData& current = program.versions.back();
    Json json = start("CarePlan", program.id);
    json->set("meta", meta(std::to_string(current.number), current.createdAt));
    json->set("identifier",
              arrayOf(identifier(identifierSystem(record.bases, "CarePlan"), program.id)));
    json->set("status", record.today > current.endDate ? "completed" : "active");
    json->set("intent", "plan");
    json->set("category", arrayOf(paCategory()));
    json->set("title", current.title);
    json->set("subject", reference("Patient", record.patient.id));
    Json period = object();
    period->set("start", current.startDate);
    period->set("end", current.endDate);
    json->set("period", period);
    json->set("created", instant(program.versions.front().createdAt));
    if (!current.authorId.empty())
        json->set("author", reference("Practitioner", current.authorId));
    Poco::JSON::Array::Ptr activities = array();
    for (std::size_t i = 0; i < current.items.size(); ++i) {
        Json activity = object();
        activity->set("reference",
                      reference("ServiceRequest", serviceRequestId(program.id, current.number, i)));
        activities->add(activity);
    }
    if (activities->size() > 0)
        json->set("activity", activities);
    return json;
}

std::vector<Json> serviceRequests(const PatientRecord& record, const ProgramData& program) {
    std::vector<Json> list;
    const VersionData* previous = nullptr;
    for (const auto& version : program.versions) {
        const VersionData* successor = supersededBy(record, program, version);
        const VersionData* next = nextVersion(program, version);
        const std::string until = next ? dayBefore(next->effectiveFrom) : version.endDate;
        const std::string from = std::max(version.effectiveFrom, version.startDate);
        for (std::size_t i = 0; i < version.items.size(); ++i) {
            const ItemData& item = version.items[i];
            const std::string name = exerciseName(record, item);
            Json json = start("ServiceRequest", serviceRequestId(program.id, version.number, i));
            json->set("meta", successor
                                  ? meta(std::to_string(successor->number), successor->createdAt)
                                  : meta(std::to_string(version.number), version.createdAt));
            json->set("extension", arrayOf(doseExtension(item.dose, record.bases)));
            json->set("identifier",
                      arrayOf(identifier(identifierSystem(record.bases, "ServiceRequest"),
                                         json->getValue<std::string>("id"))));
            std::string canonical =
                record.bases.canonicalBase + "/ActivityDefinition/" + item.exerciseId;
            if (item.exerciseRevision > 0)
                canonical += "|" + std::to_string(item.exerciseRevision);
            Poco::JSON::Array::Ptr canonicals = array();
            canonicals->add(canonical);
            json->set("instantiatesCanonical", canonicals);
            json->set("basedOn", arrayOf(reference("CarePlan", program.id)));
            if (previous) {
                std::size_t before = itemIndex(*previous, item.exerciseId);
                if (before != std::string::npos)
                    json->set(
                        "replaces",
                        arrayOf(reference("ServiceRequest",
                                          serviceRequestId(program.id, previous->number, before))));
            }
            json->set("status", successor                        ? "revoked"
                                : record.today > version.endDate ? "completed"
                                                                 : "active");
            json->set("intent", "order");
            Poco::JSON::Array::Ptr categories = array();
            categories->add(paCategory());
            categories->add(codeable({coding(SNOMED, "91251008", "Physical therapy procedure")}));
            json->set("category", categories);
            json->set("code", exerciseCode(record.bases, item.exerciseId, name));
            json->set("subject", reference("Patient", record.patient.id));
            json->set("occurrenceTiming", timing(item.dose, from, until));
            json->set("authoredOn", instant(version.createdAt));
            if (!version.authorId.empty())
                json->set("requester", reference("Practitioner", version.authorId));
            json->set("performer", arrayOf(reference("Patient", record.patient.id)));
            if (!item.note.empty())
                json->set("note", arrayOf(annotation(item.note)));
            json->set("patientInstruction", item.dose.text);
            list.push_back(json);
        }
        previous = &version;
    }
    return list;
}

std::vector<Json> exerciseDayObservations(const PatientRecord& record) {
    std::vector<Json> list;
    for (const auto& day : record.days) {
        const VersionData* version = findVersion(record, day.programId, day.version);
        if (!version)
            throw std::invalid_argument("check-in of program " + day.programId + " version " +
                                        std::to_string(day.version) + " which the record lacks");
        std::size_t index = itemIndex(*version, day.exerciseId);
        if (index == std::string::npos)
            throw std::invalid_argument("check-in of " + day.exerciseId +
                                        ", which the version does not prescribe");
        Json json =
            start("Observation", day.programId + "-" + day.date + "-" + std::to_string(index + 1));
        json->set("meta", meta("", day.recordedAt));
        json->set("identifier", arrayOf(identifier(identifierSystem(record.bases, "Observation"),
                                                   json->getValue<std::string>("id"))));
        json->set("basedOn",
                  arrayOf(reference("ServiceRequest",
                                    serviceRequestId(day.programId, day.version, index))));
        json->set("status", "final");
        Poco::JSON::Array::Ptr categories = array();
        categories->add(codeable({coding(OBSERVATION_CATEGORY_SYSTEM, "activity", "Activity")}));
        categories->add(paCategory());
        json->set("category", categories);
        json->set("code",
                  codeable({coding(observationCodeSystemUrl(record.bases), "sessions-completed",
                                   "Home exercise sessions completed")},
                           "Sessions completed: " + exerciseName(record, version->items[index])));
        json->set("subject", reference("Patient", record.patient.id));
        json->set("effectiveDateTime", day.date);
        if (day.recordedAt > 0)
            json->set("issued", instant(day.recordedAt));
        json->set("performer", arrayOf(reference("Patient", record.patient.id)));
        json->set("valueQuantity", quantity(day.sessionsDone, "sessions", "{sessions}"));
        Json prescribed = object();
        prescribed->set(
            "code", codeable({coding(observationCodeSystemUrl(record.bases), "sessions-prescribed",
                                     "Home exercise sessions prescribed")}));
        prescribed->set("valueQuantity",
                        quantity(day.sessionsPrescribed, "sessions", "{sessions}"));
        json->set("component", arrayOf(prescribed));
        list.push_back(json);
    }
    return list;
}

std::vector<Json> painObservations(const PatientRecord& record) {
    std::vector<Json> list;
    for (const auto& pain : record.pains) {
        const std::string when = pain.beforeSession ? "before" : "after";
        Json json = start("Observation", pain.programId + "-" + pain.date + "-s" +
                                             std::to_string(pain.slot) + "-pain-" + when);
        json->set("meta", meta("", pain.recordedAt));
        json->set("identifier", arrayOf(identifier(identifierSystem(record.bases, "Observation"),
                                                   json->getValue<std::string>("id"))));
        json->set("basedOn", arrayOf(reference("CarePlan", pain.programId)));
        json->set("status", "final");
        json->set("category",
                  arrayOf(codeable({coding(OBSERVATION_CATEGORY_SYSTEM, "survey", "Survey")})));
        json->set("code", codeable({coding(LOINC, PAIN_CODE, PAIN_DISPLAY)},
                                   "Pain " + when + " home exercise (0-10)"));
        json->set("subject", reference("Patient", record.patient.id));
        json->set("effectiveDateTime", pain.date);
        if (pain.recordedAt > 0)
            json->set("issued", instant(pain.recordedAt));
        json->set("performer", arrayOf(reference("Patient", record.patient.id)));
        json->set("valueQuantity", quantity(pain.value, "score", "{score}"));
        json->set("method", codeable({coding(observationCodeSystemUrl(record.bases),
                                             pain.beforeSession ? "pre-exercise" : "post-exercise",
                                             pain.beforeSession ? "Before the session"
                                                                : "After the session")}));
        list.push_back(json);
    }
    return list;
}

std::vector<Json> allResources(const PatientRecord& record) {
    std::vector<Json> list;
    list.push_back(organization(record.clinic, record.bases));
    for (const auto& therapist : record.therapists)
        list.push_back(practitioner(therapist, record.bases));
    list.push_back(patient(record));
    for (const auto& exercise : record.exercises)
        list.push_back(activityDefinition(exercise, record.bases));
    for (const auto& program : record.programs) {
        list.push_back(carePlan(record, program));
        for (auto& request : serviceRequests(record, program))
            list.push_back(request);
    }
    for (auto& observation : exerciseDayObservations(record))
        list.push_back(observation);
    for (auto& observation : painObservations(record))
        list.push_back(observation);
    return list;
}

Json collectionBundle(const std::vector<Json>& resources, const Bases& bases) {
    Json bundle = object();
    bundle->set("resourceType", "Bundle");
    bundle->set("type", "collection");
    Poco::JSON::Array::Ptr entries = array();
    for (const auto& resource : resources) {
        Json entry = object();
        entry->set("fullUrl", fullUrl(bases, resource));
        entry->set("resource", resource);
        entries->add(entry);
    }
    bundle->set("entry", entries);
    return bundle;
}

Json searchsetBundle(const std::vector<Json>& page, std::size_t total, const Bases& bases,
                     const std::vector<std::pair<std::string, std::string>>& links) {
    Json bundle = object();
    bundle->set("resourceType", "Bundle");
    bundle->set("type", "searchset");
    bundle->set("total", total);
    Poco::JSON::Array::Ptr linkList = array();
    for (const auto& [relation, url] : links) {
        Json link = object();
        link->set("relation", relation);
        link->set("url", url);
        linkList->add(link);
    }
    if (linkList->size() > 0)
        bundle->set("link", linkList);
    Poco::JSON::Array::Ptr entries = array();
    for (const auto& resource : page) {
        Json entry = object();
        entry->set("fullUrl", fullUrl(bases, resource));
        entry->set("resource", resource);
        Json search = object();
        search->set("mode", "match");
        entry->set("search", search);
        entries->add(entry);
    }
    if (entries->size() > 0)
        bundle->set("entry", entries);
    return bundle;
}

Json transactionBundle(const PatientRecord& record) {
    std::vector<Json> resources = allResources(record);
    std::map<std::string, std::string> fullUrls;
    for (const auto& resource : resources) {
        std::string local = resource->getValue<std::string>("resourceType") + "/" +
                            resource->getValue<std::string>("id");
        fullUrls[local] = uuidOf(record.bases.canonicalBase + "/" + local);
    }
    Json bundle = object();
    bundle->set("resourceType", "Bundle");
    bundle->set("type", "transaction");
    Poco::JSON::Array::Ptr entries = array();
    for (const auto& original : resources) {
        // A copy without the server-side parts: the receiving server assigns id and meta.
        Json resource = object();
        for (const auto& name : original->getNames())
            if (name != "id" && name != "meta")
                resource->set(name, original->get(name));
        const std::string type = original->getValue<std::string>("resourceType");
        const std::string local = type + "/" + original->getValue<std::string>("id");
        Json match = matchingIdentifier(original);
        std::string query;
        Poco::URI::encode(match->getValue<std::string>("system") + "|" +
                              match->getValue<std::string>("value"),
                          "|?&=#+%/:", query);
        Json request = object();
        request->set("method", "PUT");
        request->set("url", type + "?identifier=" + query);
        Json entry = object();
        entry->set("fullUrl", fullUrls.at(local));
        entry->set("resource", resource);
        entry->set("request", request);
        entries->add(entry);
    }
    bundle->set("entry", entries);
    // The copies share their nested objects with the originals, which are not used again.
    rewriteReferences(Poco::Dynamic::Var(bundle), fullUrls);
    return bundle;
}

namespace {

Json deepCopy(const Json& json) {
    return Poco::JSON::Parser().parse(toText(json)).extract<Json>();
}

/// Every "reference" string anywhere in node.
void collectReferences(const Poco::Dynamic::Var& node, std::vector<std::string>& out) {
    if (node.type() == typeid(Json)) {
        Json json = node.extract<Json>();
        for (const auto& name : json->getNames()) {
            Poco::Dynamic::Var value = json->get(name);
            if (name == "reference" && value.isString())
                out.push_back(value.toString());
            else
                collectReferences(value, out);
        }
    } else if (node.type() == typeid(Poco::JSON::Array::Ptr)) {
        Poco::JSON::Array::Ptr list = node.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < list->size(); ++i)
            collectReferences(list->get(i), out);
    }
}

} // namespace

std::vector<Json> transactionParts(const Json& transaction, std::size_t maxEntries) {
    if (maxEntries == 0)
        throw std::invalid_argument("transactionParts: maxEntries must be at least 1");
    std::vector<Json> entries;
    if (Poco::JSON::Array::Ptr list = transaction->getArray("entry"))
        for (std::size_t i = 0; i < list->size(); ++i)
            entries.push_back(deepCopy(list->getObject(i)));
    std::map<std::string, std::size_t> indexOf;
    for (std::size_t i = 0; i < entries.size(); ++i)
        indexOf[entries[i]->getValue<std::string>("fullUrl")] = i;
    // The last entry each entry refers to (itself when none is later).
    std::vector<std::size_t> lastTarget(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        std::vector<std::string> references;
        collectReferences(Poco::Dynamic::Var(entries[i]->getObject("resource")), references);
        lastTarget[i] = i;
        for (const auto& reference : references)
            if (auto found = indexOf.find(reference); found != indexOf.end())
                lastTarget[i] = std::max(lastTarget[i], found->second);
    }
    // Units: entries that go in one part, in the order they are applied.
    std::vector<std::vector<Json>> units;
    std::map<std::size_t, std::vector<Json>> resendAfter; // entry index -> whole entries
    std::size_t i = 0;
    auto flushResends = [&](std::size_t index) {
        if (auto found = resendAfter.find(index); found != resendAfter.end()) {
            for (const auto& entry : found->second)
                units.push_back({entry});
            resendAfter.erase(found);
        }
    };
    while (i < entries.size()) {
        std::size_t end = lastTarget[i] + 1;
        for (std::size_t k = i; k < end; ++k)
            end = std::max(end, lastTarget[k] + 1);
        if (end - i <= maxEntries) {
            units.emplace_back(entries.begin() + static_cast<std::ptrdiff_t>(i),
                               entries.begin() + static_cast<std::ptrdiff_t>(end));
            for (std::size_t k = i; k < end; ++k)
                flushResends(k);
            i = end;
            continue;
        }
        // Too many to go together: entry i now without the elements that refer forward, and
        // whole again once its last target has been applied.
        Json whole = entries[i];
        Json first = deepCopy(whole);
        Json resource = first->getObject("resource");
        for (const auto& name : resource->getNames()) {
            std::vector<std::string> references;
            collectReferences(resource->get(name), references);
            for (const auto& reference : references)
                if (auto found = indexOf.find(reference);
                    found != indexOf.end() && found->second > i) {
                    resource->remove(name);
                    break;
                }
        }
        units.push_back({first});
        resendAfter[lastTarget[i]].push_back(whole);
        lastTarget[i] = i;
        flushResends(i);
        ++i;
    }
    std::vector<Json> parts;
    Poco::JSON::Array::Ptr current;
    for (const auto& unit : units) {
        if (!current || current->size() + unit.size() > maxEntries) {
            Json part = object();
            part->set("resourceType", "Bundle");
            part->set("type", "transaction");
            current = array();
            part->set("entry", current);
            parts.push_back(part);
        }
        for (const auto& entry : unit)
            current->add(entry);
    }
    return parts;
}

void resolveReferences(const Json& json, const std::map<std::string, std::string>& resolved) {
    rewriteReferences(Poco::Dynamic::Var(json), resolved);
}

Json exerciseDoseStructureDefinition(const Bases& bases) {
    Json json = start("StructureDefinition", "exercise-dose");
    json->set("url", exerciseDoseUrl(bases));
    json->set("version", "1");
    json->set("name", "ExerciseDose");
    json->set("title", "Exercise dose");
    json->set("status", "active");
    json->set("publisher", "Limber");
    json->set("description",
              "How a patient does one prescribed home exercise: sets, repetitions, hold (in "
              "seconds or breaths), side, rest, sessions a day and days a week. FHIR R4 has no "
              "element for these; the ServiceRequest's patientInstruction repeats them in "
              "words.");
    json->set("fhirVersion", FHIR_VERSION);
    json->set("kind", "complex-type");
    json->set("abstract", false);
    Json context = object();
    context->set("type", "element");
    context->set("expression", "ServiceRequest");
    json->set("context", arrayOf(context));
    json->set("type", "Extension");
    json->set("baseDefinition", "http://hl7.org/fhir/StructureDefinition/Extension");
    json->set("derivation", "constraint");

    Poco::JSON::Array::Ptr elements = array();
    auto element = [&elements](const std::string& id, const std::string& path) {
        Json json = object();
        json->set("id", id);
        json->set("path", path);
        elements->add(json);
        return json;
    };
    Json root = element("Extension", "Extension");
    root->set("short", "Exercise dose");
    root->set("definition", "The dose of one prescribed home exercise.");
    root->set("min", 0);
    root->set("max", "1");
    Json slices = element("Extension.extension", "Extension.extension");
    Json slicing = object();
    Json discriminator = object();
    discriminator->set("type", "value");
    discriminator->set("path", "url");
    slicing->set("discriminator", arrayOf(discriminator));
    slicing->set("rules", "closed");
    slices->set("slicing", slicing);
    slices->set("min", 4);

    struct Part {
        const char* name;
        const char* type;
        int min;
        const char* definition;
    };
    const Part parts[] = {
        {"sets", "integer", 1, "Sets (1-10)."},
        {"repetitions", "integer", 1, "Repetitions in each set (1-50)."},
        {"hold", "Duration", 0, "How long each repetition is held, in seconds (UCUM s)."},
        {"holdBreaths", "integer", 0, "How long each repetition is held, in breaths."},
        {"side", "code", 1,
         "Which side: both (together), each-side (left then right), left, right."},
        {"sideOrder", "code", 0,
         "For each-side: one-side-first (all repetitions on the left, then all on the right); "
         "absent means alternate (left, right, left, right)."},
        {"rest", "Duration", 0, "Rest between repetitions or sets, in seconds (UCUM s)."},
        {"sessionsPerDay", "integer", 1, "Sessions a day (1-6)."},
        {"daysPerWeek", "integer", 1,
         "Days a week (1-7); which days is the patient's choice unless it is 7."},
    };
    for (const Part& part : parts) {
        const std::string slice = std::string("Extension.extension:") + part.name;
        Json sliceElement = element(slice, "Extension.extension");
        sliceElement->set("sliceName", part.name);
        sliceElement->set("short", part.definition);
        sliceElement->set("definition", part.definition);
        sliceElement->set("min", part.min);
        sliceElement->set("max", "1");
        Json url = element(slice + ".url", "Extension.extension.url");
        url->set("fixedUri", part.name);
        Json value = element(slice + ".value[x]", "Extension.extension.value[x]");
        Json type = object();
        type->set("code", part.type);
        value->set("type", arrayOf(type));
        value->set("min", 1);
    }
    Json url = element("Extension.url", "Extension.url");
    url->set("fixedUri", exerciseDoseUrl(bases));
    Json value = element("Extension.value[x]", "Extension.value[x]");
    value->set("max", "0");
    Json differential = object();
    differential->set("element", elements);
    json->set("differential", differential);
    return json;
}

std::string toText(const Json& resource) {
    std::ostringstream out;
    resource->stringify(out);
    return out.str();
}

} // namespace Limber::Fhir
