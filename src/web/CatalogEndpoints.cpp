#include "CatalogEndpoints.h"

#include "ApiEndpoints.h"
#include "ApiJson.h"
#include "CatalogQueryParams.h"
#include "catalog/PackLoader.h"
#include "catalog/PackWriter.h"
#include "json/DoseJson.h"
#include "json/JsonReader.h"
#include "services/ClinicCatalog.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace Limber {

namespace {

Poco::JSON::Array::Ptr fieldErrorsToJson(const std::vector<FieldError>& list) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& each : list) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("field", each.field);
        item->set("message", each.message);
        array->add(item);
    }
    return array;
}

Poco::JSON::Object::Ptr entryObject(const Exercise& exercise) {
    return parseJsonObject(exerciseEntryJson(exercise), "entry");
}

WebResponse savedResponse(const SavedExercise& saved, const std::string& language) {
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("exercise", exerciseToJson(saved.exercise, language));
    json->set("warnings", fieldErrorsToJson(saved.warnings));
    WebResponse response = WebResponse::json(toJsonText(json), 201);
    response.headers.emplace_back("Location", "/api/v1/exercises/" + saved.exercise.id);
    return response;
}

} // namespace

Exercise readExerciseEntry(const std::string& json, const Catalog& clinic) {
    PackRules rules;
    rules.requireAllLanguages = false;
    rules.context = &clinic;
    ExerciseEntryResult result = loadExerciseEntry(json, "body", CLINIC_EXERCISE_LANGUAGES, rules);
    FieldErrors errors;
    for (const auto& problem : result.problems)
        if (!problem.warning)
            errors.add(problem.field.empty() ? "body" : problem.field, problem.message);
    errors.throwIfAny();
    return *result.exercise;
}

WebResponse CatalogEndpoints::listExercises(WebRequest& request) {
    std::string language = languageParam(request.query);
    Catalog catalog = _context.exercises.catalog(request.actor());
    ExerciseQuery query = exerciseQueryOf(request.query, catalog);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const Exercise* exercise : catalog.find(query))
        list->add(exerciseToJson(*exercise, language));
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("exercises", list);
    return WebResponse::json(toJsonText(json));
}

WebResponse CatalogEndpoints::getExercise(WebRequest& request) {
    std::string language = languageParam(request.query);
    std::string format = request.query.get("format", "view");
    if (format != "view" && format != "entry")
        throw ValidationException("format", "must be view or entry");
    Catalog catalog = _context.exercises.catalog(request.actor());
    const std::string& id = request.params.at("exerciseId");
    const Exercise* exercise = catalog.exercise(id);
    if (!exercise)
        throw Poco::NotFoundException("exercise " + id);
    if (format == "entry")
        return WebResponse::json(exerciseEntryJson(*exercise));
    return WebResponse::json(toJsonText(exerciseToJson(*exercise, language)));
}

WebResponse CatalogEndpoints::exerciseRevisions(WebRequest& request) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& revision :
         _context.exercises.history(request.actor(), request.params.at("exerciseId"))) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("revision", revision.exercise.revision);
        item->set("createdAt", isoInstant(revision.createdAt));
        item->set("createdBy", revision.createdByName);
        item->set("entry", entryObject(revision.exercise));
        list->add(item);
    }
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("revisions", list);
    return WebResponse::json(toJsonText(json));
}

WebResponse CatalogEndpoints::createExercise(WebRequest& request) {
    Catalog clinic = _context.exercises.catalog(request.actor());
    Exercise exercise = readExerciseEntry(request.body, clinic);
    return savedResponse(_context.exercises.create(request.actor(), exercise),
                         languageParam(request.query));
}

WebResponse CatalogEndpoints::reviseExercise(WebRequest& request) {
    Actor actor = request.actor();
    const std::string& id = request.params.at("exerciseId");
    // Scope first: another clinic's exercise answers 404 whatever the body says.
    _context.exercises.history(actor, id);
    FieldErrors errors;
    Poco::JSON::Object::Ptr root = parseJsonObject(request.body, "body");
    JsonReader reader(root, "", errors);
    reader.rejectUnknown({"basedOn", "exercise"});
    auto basedOn = reader.integer("basedOn", true, 1, 1'000'000);
    if (!reader.has("exercise"))
        reader.fail("exercise", "is required: the exercise as a pack entry");
    else if (!root->getObject("exercise"))
        reader.fail("exercise", "must be an object");
    errors.throwIfAny();
    std::ostringstream entry;
    root->getObject("exercise")->stringify(entry);
    Exercise exercise;
    try {
        exercise = readExerciseEntry(entry.str(), _context.exercises.catalog(actor));
    } catch (const ValidationException& invalid) {
        FieldErrors nested;
        nested.addAll(invalid.errors(), "exercise.");
        nested.throwIfAny();
    }
    return savedResponse(_context.exercises.update(actor, id, exercise, *basedOn),
                         languageParam(request.query));
}

WebResponse CatalogEndpoints::terms(WebRequest& request) {
    Catalog catalog = _context.exercises.catalog(request.actor());
    return WebResponse::json(toJsonText(termsToJson(catalog, languageParam(request.query))));
}

WebResponse CatalogEndpoints::listTemplates(WebRequest& request) {
    std::string language = languageParam(request.query);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const ProgramTemplate* each : _context.exercises.shared().templates())
        list->add(templateToJson(*each, language));
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("templates", list);
    return WebResponse::json(toJsonText(json));
}

WebResponse CatalogEndpoints::getTemplate(WebRequest& request) {
    std::string language = languageParam(request.query);
    Date start = dateParam(request.query, "startDate").value_or(_context.clock.today());
    const std::string& id = request.params.at("templateId");
    const ProgramTemplate* found = _context.exercises.shared().programTemplate(id);
    if (!found)
        throw Poco::NotFoundException("template " + id);
    Poco::JSON::Object::Ptr json = templateToJson(*found, language);
    // The template as a program body: POST it to /api/v1/patients/{id}/programs as it is.
    Prescription p = found->prescription(language, start);
    Poco::JSON::Object::Ptr program = jsonObject();
    program->set("title", p.title);
    program->set("startDate", p.startDate.toString());
    program->set("endDate", p.endDate.toString());
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& item : p.items) {
        Poco::JSON::Object::Ptr each = jsonObject();
        each->set("exercise", item.exerciseId);
        each->set("dose", doseToJson(item.dose));
        if (!item.note.empty())
            each->set("note", item.note);
        items->add(each);
    }
    program->set("items", items);
    Poco::JSON::Array::Ptr education = new Poco::JSON::Array;
    for (const auto& each : p.educationIds)
        education->add(each);
    program->set("education", education);
    program->set("notes", p.notes);
    json->set("program", program);
    return WebResponse::json(toJsonText(json));
}

} // namespace Limber
