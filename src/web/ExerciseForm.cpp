#include "ExerciseForm.h"

#include "SideChoice.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <regex>

namespace Limber {

namespace {

const char* TEXT_FIELDS[] = {"name",     "aliases",     "steps",      "cues",
                             "mistakes", "precautions", "regression", "progression"};
const char* LANGUAGES[] = {"en", "es"};

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    Poco::StringTokenizer tokens(
        text, "\n", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& line : tokens)
        lines.push_back(line);
    return lines;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines)
        text += (text.empty() ? "" : "\n") + line;
    return text;
}

int formInt(const Fields& form, const std::string& name, int fallback, FieldErrors& errors) {
    std::string value = Poco::trim(form.get(name));
    if (value.empty())
        return fallback;
    int number = 0;
    if (value.size() > 6 || !Poco::NumberParser::tryParse(value, number)) {
        errors.add(name, "must be a whole number");
        return fallback;
    }
    return number;
}

PageData options(const std::vector<std::pair<std::string, std::string>>& choices,
                 const std::vector<std::string>& selected) {
    PageData list{PageData::type::list};
    for (const auto& [value, label] : choices) {
        PageData option;
        option.set("value", value);
        option.set("label", label);
        option.set("selected",
                   std::find(selected.begin(), selected.end(), value) != selected.end());
        list.push_back(option);
    }
    return list;
}

std::vector<std::pair<std::string, std::string>> termChoices(const Catalog& catalog,
                                                             TermKind kind) {
    std::vector<std::pair<std::string, std::string>> list;
    for (const Term* term : catalog.terms(kind))
        list.emplace_back(term->id, term->labelIn("en"));
    return list;
}

} // namespace

Exercise readExerciseForm(const Fields& form) {
    FieldErrors errors;
    Exercise e;
    e.id = Poco::trim(form.get("id"));
    e.strategy = Poco::trim(form.get("strategy"));
    e.type = exerciseTypeFromString(form.get("type")).value_or(ExerciseType::Stretch);
    e.regions = form.all("regions");
    e.position = Poco::trim(form.get("position"));
    e.equipment = form.all("equipment");
    e.figureId = Poco::trim(form.get("figure"));
    if (e.figureId == "none")
        e.figureId.clear();
    e.regressionId = Poco::trim(form.get("regressionId"));
    e.progressionId = Poco::trim(form.get("progressionId"));
    e.source = Poco::trim(form.get("source"));

    Dose& d = e.defaultDose;
    std::string unit = form.get("dose.holdUnit", "none");
    d.holdUnit = unit == "seconds"   ? HoldUnit::Seconds
                 : unit == "breaths" ? HoldUnit::Breaths
                                     : HoldUnit::None;
    d.hold = formInt(form, "dose.hold", 0, errors);
    if (d.holdUnit == HoldUnit::None)
        d.hold = 0;
    d.reps = formInt(form, "dose.reps", d.reps, errors);
    d.sets = formInt(form, "dose.sets", d.sets, errors);
    if (!applySideChoice(form.get("dose.side"), d)) {
        d.side = Side::Both;
        d.sideOrder = SideOrder::Alternate;
    }
    d.sessionsPerDay = formInt(form, "dose.sessionsPerDay", d.sessionsPerDay, errors);
    d.daysPerWeek = formInt(form, "dose.daysPerWeek", d.daysPerWeek, errors);
    d.restSeconds = formInt(form, "dose.restSeconds", 0, errors);
    e.doseRange.holdMin = formInt(form, "range.holdMin", 0, errors);
    e.doseRange.holdMax = formInt(form, "range.holdMax", 0, errors);
    e.doseRange.repsMin = formInt(form, "range.repsMin", 0, errors);
    e.doseRange.repsMax = formInt(form, "range.repsMax", 0, errors);

    for (const char* language : LANGUAGES) {
        std::string prefix = std::string(language) + ".";
        bool any = false;
        for (const char* field : TEXT_FIELDS)
            any = any || !Poco::trim(form.get(prefix + field)).empty();
        if (!any && std::string(language) != "en")
            continue; // no text in this language: a warning from the validator, not an error
        ExerciseText& t = e.text[language];
        t.name = Poco::trim(form.get(prefix + "name"));
        t.aliases = linesOf(form.get(prefix + "aliases"));
        t.steps = linesOf(form.get(prefix + "steps"));
        t.cues = linesOf(form.get(prefix + "cues"));
        t.mistakes = linesOf(form.get(prefix + "mistakes"));
        t.precautions = linesOf(form.get(prefix + "precautions"));
        t.regression = Poco::trim(form.get(prefix + "regression"));
        t.progression = Poco::trim(form.get(prefix + "progression"));
    }
    errors.throwIfAny();
    return e;
}

std::string exerciseFormField(const std::string& entryField) {
    static const std::regex INDEX("\\[\\d+\\]");
    std::string field = std::regex_replace(entryField, INDEX, "");
    if (field.rfind("defaultDose.", 0) == 0) {
        std::string rest = field.substr(12);
        if (rest == "holdSeconds" || rest == "holdBreaths")
            rest = "hold";
        return "dose." + rest;
    }
    if (field.rfind("doseRange.", 0) == 0)
        return "range." + field.substr(10);
    if (field.rfind("text.", 0) == 0) {
        std::string rest = field.substr(5); // "es.steps" or "es"
        return rest.find('.') == std::string::npos ? rest + ".name" : rest;
    }
    return field;
}

PageData exerciseFormData(const Catalog& catalog, const Exercise& exercise, const Fields* submitted,
                          const std::vector<FieldError>& errors) {
    auto value = [&](const std::string& name, const std::string& fallback) {
        return submitted ? submitted->get(name) : fallback;
    };
    auto invalid = [&](const std::string& formField) {
        return std::any_of(errors.begin(), errors.end(), [&](const FieldError& error) {
            return exerciseFormField(error.field) == formField;
        });
    };
    PageData data;
    data.set("id", value("id", exercise.id));
    data.set("source", value("source", exercise.source));
    const Dose& d = exercise.defaultDose;
    std::string unit = value("dose.holdUnit", d.holdUnit == HoldUnit::Seconds   ? "seconds"
                                              : d.holdUnit == HoldUnit::Breaths ? "breaths"
                                                                                : "none");
    data.set("hold", value("dose.hold", d.hold > 0 ? text(d.hold) : ""));
    data.set("unitSeconds", unit == "seconds");
    data.set("unitBreaths", unit == "breaths");
    data.set("unitNone", unit == "none");
    data.set("reps", value("dose.reps", text(d.reps)));
    data.set("sets", value("dose.sets", text(d.sets)));
    data.set("sessionsPerDay", value("dose.sessionsPerDay", text(d.sessionsPerDay)));
    data.set("daysPerWeek", value("dose.daysPerWeek", text(d.daysPerWeek)));
    data.set("restSeconds", value("dose.restSeconds", text(d.restSeconds)));
    const DoseRange& r = exercise.doseRange;
    auto rangeText = [](int n) { return n > 0 ? text(n) : std::string(); };
    data.set("holdMin", value("range.holdMin", rangeText(r.holdMin)));
    data.set("holdMax", value("range.holdMax", rangeText(r.holdMax)));
    data.set("repsMin", value("range.repsMin", rangeText(r.repsMin)));
    data.set("repsMax", value("range.repsMax", rangeText(r.repsMax)));
    for (const char* name : {"id",
                             "strategy",
                             "type",
                             "regions",
                             "position",
                             "equipment",
                             "figure",
                             "regressionId",
                             "progressionId",
                             "source",
                             "dose.hold",
                             "dose.reps",
                             "dose.sets",
                             "dose.sessionsPerDay",
                             "dose.daysPerWeek",
                             "dose.restSeconds",
                             "range.holdMin",
                             "range.holdMax",
                             "range.repsMin",
                             "range.repsMax"}) {
        std::string key = name;
        std::replace(key.begin(), key.end(), '.', '_');
        data.set(key + "Invalid", invalid(name));
    }

    auto pick = [&](const char* name, const std::string& current) {
        return std::vector<std::string>{value(name, current)};
    };
    data.set("strategies", options(termChoices(catalog, TermKind::Strategy),
                                   pick("strategy", exercise.strategy)));
    data.set("positions", options(termChoices(catalog, TermKind::Position),
                                  pick("position", exercise.position)));
    data.set("regions", options(termChoices(catalog, TermKind::Region),
                                submitted ? submitted->all("regions") : exercise.regions));
    data.set("equipment", options(termChoices(catalog, TermKind::Equipment),
                                  submitted ? submitted->all("equipment") : exercise.equipment));
    std::vector<std::pair<std::string, std::string>> types;
    for (ExerciseType type : {ExerciseType::Stretch, ExerciseType::Mobility, ExerciseType::Strength,
                              ExerciseType::Balance})
        types.emplace_back(std::string(toString(type)), typeLabel(type, "en"));
    data.set("types", options(types, pick("type", std::string(toString(exercise.type)))));
    data.set("sides", options(sideChoices(), pick("dose.side", sideChoiceOf(d))));

    // Drawings: the figures of the packs' exercises (the library draws one per exercise).
    std::vector<std::pair<std::string, std::string>> figures{{"none", "No drawing"}};
    std::vector<std::pair<std::string, std::string>> links{{"", "None"}};
    for (const Exercise* each : catalog.exercises()) {
        if (each->revision == 0 && !each->figureId.empty() &&
            std::none_of(figures.begin(), figures.end(),
                         [&](const auto& f) { return f.first == each->figureId; }))
            figures.emplace_back(each->figureId, each->textIn("en").name);
        if (each->id != exercise.id)
            links.emplace_back(each->id, each->textIn("en").name);
    }
    std::string figure = value("figure", exercise.figureId.empty() ? "none" : exercise.figureId);
    data.set("figures", options(figures, {figure}));
    data.set("figure", figure == "none" ? "" : figure);
    data.set("hasFigure", figure != "none" && !figure.empty());
    data.set("regressions", options(links, pick("regressionId", exercise.regressionId)));
    data.set("progressions", options(links, pick("progressionId", exercise.progressionId)));

    PageData languages{PageData::type::list};
    for (const char* language : LANGUAGES) {
        auto found = exercise.text.find(language);
        ExerciseText words = found == exercise.text.end() ? ExerciseText{} : found->second;
        PageData block;
        std::string code = language;
        block.set("code", code);
        block.set("label", code == "en" ? "English" : "Spanish");
        block.set("required", code == "en");
        auto field = [&](const char* name, const std::string& current) {
            std::string formName = code + "." + name;
            PageData f;
            f.set("name", formName);
            f.set("value", value(formName, current));
            f.set("invalid", invalid(formName));
            return f;
        };
        block.set("name", field("name", words.name));
        block.set("aliases", field("aliases", joined(words.aliases)));
        block.set("steps", field("steps", joined(words.steps)));
        block.set("cues", field("cues", joined(words.cues)));
        block.set("mistakes", field("mistakes", joined(words.mistakes)));
        block.set("precautions", field("precautions", joined(words.precautions)));
        block.set("regression", field("regression", words.regression));
        block.set("progression", field("progression", words.progression));
        languages.push_back(block);
    }
    data.set("languages", languages);

    PageData errorList{PageData::type::list};
    for (const auto& error : errors)
        errorList.push_back(PageData{"message", error.field + ": " + error.message});
    data.set("hasErrors", !errors.empty());
    data.set("errors", errorList);
    return data;
}

} // namespace Limber
