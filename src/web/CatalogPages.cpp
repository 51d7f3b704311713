#include "CatalogPages.h"

#include "CatalogQueryParams.h"
#include "ExerciseForm.h"
#include "PortalPages.h"
#include "domain/DateStyle.h"
#include "domain/DoseText.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <ctime>

namespace Limber {

namespace {

std::string labelOf(const Catalog& catalog, TermKind kind, const std::string& id,
                    const std::string& language) {
    const Term* term = catalog.term(kind, id);
    return term ? term->labelIn(language) : id;
}

std::string labelsOf(const Catalog& catalog, TermKind kind, const std::vector<std::string>& ids,
                     const std::string& language, const std::string& none) {
    std::string text;
    for (const auto& id : ids)
        text += (text.empty() ? "" : ", ") + labelOf(catalog, kind, id, language);
    return text.empty() ? none : text;
}

PageData stringList(const std::vector<std::string>& values) {
    PageData list{PageData::type::list};
    for (const auto& value : values)
        list.push_back(PageData(value));
    return list;
}

/// The words of the exercise page's headings in the language the texts are shown in.
struct DetailWords {
    const char* steps;
    const char* cues;
    const char* mistakes;
    const char* precautions;
    const char* easier;
    const char* harder;
    const char* see;
};

const DetailWords& detailWords(const std::string& language) {
    static const DetailWords ENGLISH{"Steps",  "Tips",   "Common mistakes", "Take care",
                                     "Easier", "Harder", "Exercise:"};
    static const DetailWords SPANISH{"Pasos",     "Consejos",    "Errores frecuentes", "Precaución",
                                     "Más fácil", "Más difícil", "Ejercicio:"};
    return language == "es" ? SPANISH : ENGLISH;
}

std::string rangeText(const Exercise& exercise) {
    const DoseRange& r = exercise.doseRange;
    std::string text;
    if (r.holdMax > 0)
        text += "hold " + std::to_string(r.holdMin) + "-" + std::to_string(r.holdMax) +
                (exercise.defaultDose.holdUnit == HoldUnit::Breaths ? " breaths" : " s");
    if (r.repsMax > 0)
        text += (text.empty() ? "" : ", ") + std::to_string(r.repsMin) + "-" +
                std::to_string(r.repsMax) + " reps";
    return text;
}

} // namespace

PageData CatalogPages::pageData(const WebRequest& request, const std::string& title) const {
    PageData data;
    data.set("title", title);
    data.set("signedIn", true);
    data.set("userName", request.signedIn->user.name);
    data.set("csrf", request.signedIn->session.csrfToken);
    data.set("isAdmin", request.signedIn->user.role == Role::Admin);
    if (auto clinic = _context.accounts.clinic(request.signedIn->user.clinicId))
        data.set("clinicName", clinic->name);
    setNavigation(data, request.path);
    return data;
}

WebResponse CatalogPages::browse(WebRequest& request) {
    Catalog catalog = _context.exercises.catalog(request.actor());
    std::string language = languageParam(request.query);
    ExerciseQuery query = exerciseQueryOf(request.query, catalog);
    std::vector<const Exercise*> found = catalog.find(query);

    PageData cards{PageData::type::list};
    for (const Exercise* exercise : found) {
        PageData card;
        card.set("id", exercise->id);
        card.set("name", exercise->textIn(language).name);
        card.set("figure", optionalText(exercise->figureId));
        card.set("own", exercise->revision > 0);
        card.set("strategy", labelOf(catalog, TermKind::Strategy, exercise->strategy, language));
        card.set("type", typeLabel(exercise->type, language));
        card.set("position", labelOf(catalog, TermKind::Position, exercise->position, language));
        card.set("dose", describeDose(exercise->defaultDose, language));
        cards.push_back(card);
    }
    PageData facets{PageData::type::list};
    auto facet = [&](const char* name, const char* label,
                     std::vector<std::pair<std::string, std::string>> choices,
                     const std::string& selected) {
        PageData f;
        f.set("name", name);
        f.set("label", label);
        PageData options{PageData::type::list};
        for (const auto& [value, text] : choices) {
            PageData option;
            option.set("value", value);
            option.set("label", text);
            option.set("selected", value == selected);
            options.push_back(option);
        }
        f.set("options", options);
        facets.push_back(f);
    };
    auto termChoices = [&](TermKind kind) {
        std::vector<std::pair<std::string, std::string>> list;
        for (const Term* term : catalog.terms(kind))
            list.emplace_back(term->id, term->labelIn("en"));
        return list;
    };
    facet("strategy", "Strategy", termChoices(TermKind::Strategy), query.strategy);
    facet("region", "Works on", termChoices(TermKind::Region), query.region);
    facet("position", "Position", termChoices(TermKind::Position), query.position);
    auto equipment = termChoices(TermKind::Equipment);
    equipment.insert(equipment.begin(), {"none", "Nothing (a mat at most)"});
    facet("equipment", "Equipment", equipment, query.equipment);
    std::vector<std::pair<std::string, std::string>> types;
    for (ExerciseType type : {ExerciseType::Stretch, ExerciseType::Mobility, ExerciseType::Strength,
                              ExerciseType::Balance})
        types.emplace_back(std::string(toString(type)), typeLabel(type, "en"));
    facet("type", "Type", types, query.type ? std::string(toString(*query.type)) : std::string());
    facet("own", "From", {{"false", "Built-in"}, {"true", "The clinic's own"}},
          query.own ? (*query.own ? "true" : "false") : "");

    PageData filters;
    filters.set("q", query.text);
    filters.set("facets", facets);
    filters.set("filtered", !query.empty());

    PageData data = pageData(request, "Exercise catalog");
    data.set("filters", filters);
    data.set("exercises", cards);
    data.set("empty", cards.is_empty_list());
    data.set("count", text(static_cast<long long>(found.size())));
    data.set("total", text(static_cast<long long>(catalog.exercises().size())));
    data.set("langEs", language == "es");
    data.set("langEn", language != "es");
    return WebResponse::html(_context.pages.page("catalog", data));
}

WebResponse CatalogPages::exercise(WebRequest& request) {
    Actor actor = request.actor();
    Catalog catalog = _context.exercises.catalog(actor);
    std::string language = languageParam(request.query);
    const std::string& id = request.params.at("exerciseId");
    const Exercise* current = catalog.exercise(id);
    if (!current)
        throw Poco::NotFoundException("exercise " + id);

    std::vector<ExerciseRevisionInfo> history;
    if (current->revision > 0)
        history = _context.exercises.history(actor, id);
    Exercise shown = *current;
    if (request.query.has("revision")) {
        int wanted = 0;
        if (!Poco::NumberParser::tryParse(request.query.get("revision"), wanted))
            throw ValidationException("revision", "must be a revision number");
        auto found = std::find_if(history.begin(), history.end(), [&](const auto& each) {
            return each.exercise.revision == wanted;
        });
        if (found == history.end())
            throw Poco::NotFoundException("revision " + std::to_string(wanted) + " of " + id);
        shown = found->exercise;
    }

    const ExerciseText& words = shown.textIn(language);
    const DetailWords& headings = detailWords(language);
    PageData data = pageData(request, words.name);
    data.set("id", id);
    data.set("name", words.name);
    data.set("lang", shown.text.count(language) ? language : std::string("en"));
    data.set("langEs", language == "es");
    data.set("langQuery", language == "es" ? "?lang=es" : "");
    data.set("langAnd", language == "es" ? "&lang=es" : "");
    std::string revision = request.query.has("revision") ? text(shown.revision) : "";
    data.set("revisionQuery", revision.empty() ? "" : "?revision=" + revision);
    data.set("revisionAnd", revision.empty() ? "" : "&revision=" + revision);
    std::string aliases;
    for (const auto& alias : words.aliases)
        aliases += (aliases.empty() ? "" : ", ") + alias;
    data.set("aliases", aliases);
    data.set("hasAliases", !aliases.empty());
    data.set("figure", optionalText(shown.figureId));
    data.set("strategy", labelOf(catalog, TermKind::Strategy, shown.strategy, language));
    data.set("type", typeLabel(shown.type, language));
    data.set("position", labelOf(catalog, TermKind::Position, shown.position, language));
    data.set("regions", labelsOf(catalog, TermKind::Region, shown.regions, language, "\u2013"));
    data.set("equipment", labelsOf(catalog, TermKind::Equipment, shown.equipment, language,
                                   language == "es" ? "Nada" : "Nothing"));
    data.set("dose", describeDose(shown.defaultDose, language));
    data.set("range", optionalText(rangeText(shown)));
    data.set("source", shown.source);
    std::string packName = shown.packId;
    for (const auto& pack : catalog.packs())
        if (pack->id == shown.packId)
            packName = pack->name;
    data.set("pack", packName);
    data.set("own", shown.revision > 0);
    data.set("revision", text(shown.revision));
    data.set("canEdit", current->revision > 0);
    data.set("steps", stringList(words.steps));
    data.set("cues", stringList(words.cues));
    data.set("hasCues", !words.cues.empty());
    data.set("mistakes", stringList(words.mistakes));
    data.set("hasMistakes", !words.mistakes.empty());
    data.set("precautions", stringList(words.precautions));
    data.set("hasPrecautions", !words.precautions.empty());
    data.set("stepsTitle", headings.steps);
    data.set("cuesTitle", headings.cues);
    data.set("mistakesTitle", headings.mistakes);
    data.set("precautionsTitle", headings.precautions);
    data.set("easierTitle", headings.easier);
    data.set("harderTitle", headings.harder);
    data.set("seeTitle", headings.see);
    auto link = [&](const char* key, const std::string& text, const std::string& target) {
        const Exercise* linked = target.empty() ? nullptr : catalog.exercise(target);
        data.set(key, optionalText(text));
        data.set(std::string(key) + "Id", optionalText(linked ? target : std::string()));
        data.set(std::string(key) + "Name", linked ? linked->textIn(language).name : "");
    };
    link("regression", words.regression, shown.regressionId);
    link("progression", words.progression, shown.progressionId);

    // What a therapist should know before prescribing a clinic's exercise.
    PageData notes{PageData::type::list};
    if (shown.revision > 0 && !shown.text.count("es"))
        notes.push_back(PageData{"message", "No Spanish text yet: Spanish handouts and check-in "
                                            "pages show the English words."});
    for (const auto& warning : doseWarnings(shown.defaultDose, shown.type))
        notes.push_back(PageData{"message", "Usual dose: " + warning.message});
    data.set("notes", notes);
    data.set("hasNotes", !notes.is_empty_list());

    PageData rows{PageData::type::list};
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        PageData row;
        row.set("id", id);
        row.set("number", text(it->exercise.revision));
        row.set("current", it->exercise.revision == shown.revision);
        row.set("saved", timeText(it->createdAt, _context.clock.timeZone()));
        row.set("by", it->createdByName);
        rows.push_back(row);
    }
    data.set("history", rows);
    data.set("hasHistory", !history.empty());
    data.set("oldRevision", !history.empty() && shown.revision != history.back().exercise.revision);
    data.set("newest", history.empty() ? "" : text(history.back().exercise.revision));
    data.set("saved", request.query.has("saved"));
    return WebResponse::html(_context.pages.page("catalog_exercise", data));
}

WebResponse CatalogPages::formPage(WebRequest& request, const Catalog& catalog,
                                   const Exercise& exercise, bool editing, int basedOn,
                                   const Fields* submitted, const std::vector<FieldError>& errors,
                                   int status, bool restored) {
    PageData data =
        pageData(request, editing ? "Edit " + exercise.textIn("en").name : "Add an exercise");
    data.set("restored", restored);
    data.set("heading", editing ? "Edit \u201c" + exercise.textIn("en").name + "\u201d"
                                : "Add an exercise to the clinic's catalog");
    data.set("intro", editing ? "Saving makes revision " + text(basedOn + 1) +
                                    ". Programs saved earlier keep printing the revision they "
                                    "prescribed."
                              : "Checked like a built-in exercise. Only your clinic sees it.");
    data.set("action", editing ? "/admin/exercises/" + exercise.id : "/admin/exercises");
    data.set("back", editing ? "/catalog/" + exercise.id : "/catalog");
    data.set("editing", editing);
    data.set("basedOn", text(basedOn));
    data.set("submitLabel", editing ? "Save a new revision" : "Add the exercise");
    data.set("form", exerciseFormData(catalog, exercise, submitted, errors));
    return WebResponse::html(_context.pages.page("exercise_edit", data), status);
}

WebResponse CatalogPages::newExercise(WebRequest& request) {
    Actor actor = request.actor();
    Catalog catalog = _context.exercises.catalog(actor);
    Exercise draft;
    std::string from = request.query.get("from");
    if (!from.empty()) {
        draft = _context.exercises.copyOf(actor, from, from + "-adapted");
    } else {
        draft.figureId.clear();
        draft.text["en"];
    }
    // What was typed before the session ended comes back once, in place of the draft.
    std::optional<Fields> kept = takeKeptForm(_context, request, "/admin/exercises");
    if (!kept)
        return formPage(request, catalog, draft, false, 0, nullptr, {}, 200);
    WebResponse response = formPage(request, catalog, Exercise{}, false, 0, &*kept, {}, 200, true);
    forgetKeptForm(response);
    return response;
}

WebResponse CatalogPages::createExercise(WebRequest& request) {
    Actor actor = request.actor();
    std::vector<FieldError> errors;
    bool taken = false;
    try {
        Exercise exercise = readExerciseForm(request.form);
        // An id left empty is made from the English name; one typed is taken as it is.
        if (exercise.id.empty() && !exercise.textIn("en").name.empty())
            exercise.id = _context.exercises.unusedIdFor(actor, exercise.textIn("en").name);
        SavedExercise saved = _context.exercises.create(actor, exercise);
        return WebResponse::redirect("/catalog/" + saved.exercise.id + "?saved=1");
    } catch (const ValidationException& invalid) {
        errors = invalid.errors();
    } catch (const Poco::ExistsException& exists) {
        errors = {{"id", "the clinic already has an exercise with this id"}};
        taken = true;
    }
    Catalog catalog = _context.exercises.catalog(actor);
    return formPage(request, catalog, Exercise{}, false, 0, &request.form, errors,
                    taken ? 409 : 400);
}

WebResponse CatalogPages::editExercise(WebRequest& request) {
    Actor actor = request.actor();
    const std::string& id = request.params.at("exerciseId");
    std::vector<ExerciseRevisionInfo> history = _context.exercises.history(actor, id);
    Catalog catalog = _context.exercises.catalog(actor);
    const Exercise& newest = history.back().exercise;
    // What was typed before the session ended comes back once, with the revision it was based
    // on, so that saving it still notices a revision made meanwhile.
    std::optional<Fields> kept = takeKeptForm(_context, request, "/admin/exercises/" + id);
    if (!kept)
        return formPage(request, catalog, newest, true, newest.revision, nullptr, {}, 200);
    int basedOn = newest.revision;
    Poco::NumberParser::tryParse(kept->get("basedOn"), basedOn);
    WebResponse response = formPage(request, catalog, newest, true, basedOn, &*kept, {}, 200, true);
    forgetKeptForm(response);
    return response;
}

WebResponse CatalogPages::saveExercise(WebRequest& request) {
    Actor actor = request.actor();
    const std::string& id = request.params.at("exerciseId");
    // Scope first: another clinic's exercise (or a built-in) answers before the form is read.
    std::vector<ExerciseRevisionInfo> history = _context.exercises.history(actor, id);
    const Exercise& newest = history.back().exercise;
    int basedOn = 0;
    Poco::NumberParser::tryParse(request.form.get("basedOn"), basedOn);
    std::vector<FieldError> errors;
    int status = 400;
    try {
        Exercise exercise = readExerciseForm(request.form);
        exercise.id = id;
        _context.exercises.update(actor, id, exercise, basedOn);
        return WebResponse::redirect("/catalog/" + id + "?saved=1");
    } catch (const ValidationException& invalid) {
        errors = invalid.errors();
    } catch (const Poco::ExistsException& stale) {
        errors = {{"basedOn", stale.message()}};
        status = 409;
    }
    Catalog catalog = _context.exercises.catalog(actor);
    return formPage(request, catalog, newest, true, basedOn, &request.form, errors, status);
}

} // namespace Limber
