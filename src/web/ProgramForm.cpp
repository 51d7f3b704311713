#include "ProgramForm.h"

#include "SideChoice.h"
#include "domain/DoseText.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>
#include <map>
#include <regex>

namespace Limber {

namespace {

std::string fieldName(const std::string& exerciseId, const char* field) {
    return "ex." + exerciseId + "." + field;
}

/// A whole number from a form field, recording an error when it is not one.
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

std::optional<Date> formDate(const Fields& form, const std::string& name, FieldErrors& errors) {
    std::string value = Poco::trim(form.get(name));
    if (value.empty()) {
        errors.add(name, "is required");
        return std::nullopt;
    }
    try {
        return Date::parse(value);
    } catch (const Poco::InvalidArgumentException& error) {
        errors.add(name, error.message());
        return std::nullopt;
    }
}

const char* doseFormField(const std::string& doseField) {
    if (doseField == "holdSeconds" || doseField == "holdBreaths" || doseField == "hold")
        return "hold";
    if (doseField == "reps")
        return "reps";
    if (doseField == "sets")
        return "sets";
    if (doseField == "side")
        return "side";
    if (doseField == "sessionsPerDay")
        return "sessionsPerDay";
    if (doseField == "daysPerWeek")
        return "daysPerWeek";
    return "restSeconds";
}

} // namespace

Prescription readProgramForm(const Fields& form, const Catalog& catalog) {
    FieldErrors errors;
    Prescription p;
    p.title = Poco::trim(form.get("title"));
    p.notes = Poco::trim(form.get("notes"));
    auto start = formDate(form, "startDate", errors);
    auto end = formDate(form, "endDate", errors);
    struct Chosen {
        int order;
        std::size_t catalogIndex;
        ProgramItem item;
    };
    std::vector<Chosen> chosen;
    std::vector<const Exercise*> exercises = catalog.exercises();
    for (std::size_t i = 0; i < exercises.size(); ++i) {
        const Exercise& exercise = *exercises[i];
        if (!form.has(fieldName(exercise.id, "include")))
            continue;
        // A field the form does not carry keeps the catalog's default dose: an exercise ticked
        // in a row that was never drawn with its fields (or posted by a script) is prescribed
        // as the catalog says, never with blanks or another side.
        Dose dose = exercise.defaultDose;
        std::string unitField = fieldName(exercise.id, "holdUnit");
        if (form.has(unitField)) {
            std::string unit = form.get(unitField);
            dose.holdUnit = unit == "seconds"   ? HoldUnit::Seconds
                            : unit == "breaths" ? HoldUnit::Breaths
                                                : HoldUnit::None;
        }
        std::string holdField = fieldName(exercise.id, "hold");
        int hold = form.has(holdField) || dose.holdUnit != exercise.defaultDose.holdUnit
                       ? formInt(form, holdField, 0, errors)
                       : exercise.defaultDose.hold;
        dose.hold = dose.holdUnit == HoldUnit::None ? 0 : hold;
        dose.reps = formInt(form, fieldName(exercise.id, "reps"), dose.reps, errors);
        dose.sets = formInt(form, fieldName(exercise.id, "sets"), dose.sets, errors);
        dose.sessionsPerDay =
            formInt(form, fieldName(exercise.id, "sessionsPerDay"), dose.sessionsPerDay, errors);
        dose.daysPerWeek =
            formInt(form, fieldName(exercise.id, "daysPerWeek"), dose.daysPerWeek, errors);
        applySideChoice(form.get(fieldName(exercise.id, "side")), dose);
        int order = formInt(form, fieldName(exercise.id, "order"), static_cast<int>(i) + 1, errors);
        chosen.push_back(
            {order, i, {exercise.id, dose, Poco::trim(form.get(fieldName(exercise.id, "note")))}});
    }
    std::stable_sort(chosen.begin(), chosen.end(), [](const Chosen& a, const Chosen& b) {
        return a.order != b.order ? a.order < b.order : a.catalogIndex < b.catalogIndex;
    });
    for (auto& each : chosen)
        p.items.push_back(std::move(each.item));
    for (const EducationItem* item : catalog.educationItems())
        if (form.has("edu." + item->id))
            p.educationIds.push_back(item->id);
    errors.throwIfAny();
    p.startDate = *start;
    p.endDate = *end;
    return p;
}

std::vector<FieldError> programFormErrors(const std::vector<FieldError>& errors,
                                          const Prescription& prescription) {
    static const std::regex ITEM("items\\[(\\d+)\\](?:\\.(dose\\.)?(\\w+))?");
    std::vector<FieldError> renamed;
    for (const auto& error : errors) {
        std::smatch match;
        if (std::regex_match(error.field, match, ITEM)) {
            std::size_t index = std::stoul(match[1]);
            if (index < prescription.items.size()) {
                const std::string& id = prescription.items[index].exerciseId;
                std::string field = match[3].matched ? match[3].str() : "include";
                const char* formField = match[2].matched  ? doseFormField(field)
                                        : field == "note" ? "note"
                                                          : "include";
                renamed.push_back({fieldName(id, formField), error.message});
                continue;
            }
        }
        if (error.field.rfind("education", 0) == 0) {
            renamed.push_back({"education", error.message});
            continue;
        }
        renamed.push_back(error);
    }
    return renamed;
}

PageData programFilterData(const Catalog& catalog, const ExerciseQuery& filter) {
    PageData data;
    data.set("q", filter.text);
    PageData facets{PageData::type::list};
    auto facet = [&](const char* name, const char* label, TermKind kind,
                     const std::string& selected) {
        PageData f;
        f.set("name", name);
        f.set("label", label);
        PageData options{PageData::type::list};
        if (kind == TermKind::Equipment) {
            PageData none;
            none.set("value", "none");
            none.set("label", "Nothing (a mat at most)");
            none.set("selected", selected == "none");
            options.push_back(none);
        }
        for (const Term* term : catalog.terms(kind)) {
            PageData option;
            option.set("value", term->id);
            option.set("label", term->labelIn("en"));
            option.set("selected", term->id == selected);
            options.push_back(option);
        }
        f.set("options", options);
        facets.push_back(f);
    };
    facet("strategy", "Strategy", TermKind::Strategy, filter.strategy);
    facet("region", "Works on", TermKind::Region, filter.region);
    facet("position", "Position", TermKind::Position, filter.position);
    facet("equipment", "Equipment", TermKind::Equipment, filter.equipment);
    data.set("facets", facets);
    data.set("filtered", !filter.empty());
    return data;
}

namespace {

/// The chosen exercises of a submitted form, in the order readProgramForm reads them.
std::vector<std::string> chosenInOrder(const Fields& form, const Catalog& catalog) {
    struct Chosen {
        int order;
        std::size_t index;
        std::string id;
    };
    std::vector<Chosen> chosen;
    std::vector<const Exercise*> exercises = catalog.exercises();
    for (std::size_t i = 0; i < exercises.size(); ++i) {
        const std::string& id = exercises[i]->id;
        if (!form.has(fieldName(id, "include")))
            continue;
        int order = 0;
        if (!Poco::NumberParser::tryParse(Poco::trim(form.get(fieldName(id, "order"))), order))
            order = 1'000'000;
        chosen.push_back({order, i, id});
    }
    std::stable_sort(chosen.begin(), chosen.end(), [](const Chosen& a, const Chosen& b) {
        return a.order != b.order ? a.order < b.order : a.index < b.index;
    });
    std::vector<std::string> ids;
    for (const auto& each : chosen)
        ids.push_back(each.id);
    return ids;
}

/// The label of a dose field of the form, for messages.
std::string doseLabel(const std::string& field) {
    static const std::map<std::string, std::string> LABELS{{"hold", "hold"},
                                                           {"holdUnit", "hold unit"},
                                                           {"reps", "reps"},
                                                           {"sets", "sets"},
                                                           {"side", "side"},
                                                           {"sessionsPerDay", "times a day"},
                                                           {"daysPerWeek", "days a week"},
                                                           {"order", "position"},
                                                           {"note", "note"},
                                                           {"include", "exercise"}};
    auto found = LABELS.find(field);
    return found != LABELS.end() ? found->second : field;
}

std::string capitalized(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

} // namespace

Fields rearrangeProgramForm(const Fields& form, const Catalog& catalog, const std::string& action) {
    std::vector<std::string> ids = chosenInOrder(form, catalog);
    auto colon = action.find(':');
    std::string verb = action.substr(0, colon);
    std::string target = colon == std::string::npos ? "" : action.substr(colon + 1);
    auto at = std::find(ids.begin(), ids.end(), target);
    std::string removed;
    if (at != ids.end()) {
        if (verb == "up" && at != ids.begin())
            std::iter_swap(at, at - 1);
        else if (verb == "down" && at + 1 != ids.end())
            std::iter_swap(at, at + 1);
        else if (verb == "remove") {
            removed = *at;
            ids.erase(at);
        }
    }
    std::map<std::string, std::string> position;
    for (std::size_t i = 0; i < ids.size(); ++i)
        position[fieldName(ids[i], "order")] = std::to_string(i + 1);
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto& [name, value] : form.values()) {
        if (!removed.empty() && name == fieldName(removed, "include"))
            continue;
        auto found = position.find(name);
        values.emplace_back(name, found != position.end() ? found->second : value);
    }
    return Fields(std::move(values));
}

std::vector<FieldError> programFormWarnings(const std::vector<PrescriptionWarning>& warnings,
                                            const Prescription& prescription,
                                            const Catalog& catalog) {
    std::vector<FieldError> asErrors;
    for (const auto& warning : warnings)
        asErrors.push_back({warning.field, warning.message});
    std::vector<FieldError> renamed = programFormErrors(asErrors, prescription);
    for (auto& each : renamed) {
        // "Tree pose: 3 sets is more..." reads "3 sets is more..." inside the tree pose's row.
        for (const auto& item : prescription.items) {
            const Exercise* exercise = catalog.exercise(item.exerciseId);
            if (!exercise || each.field.rfind("ex." + item.exerciseId + ".", 0) != 0)
                continue;
            std::string prefix = exercise->textIn("en").name + ": ";
            if (each.message.rfind(prefix, 0) == 0)
                each.message = each.message.substr(prefix.size());
        }
        each.message = capitalized(each.message);
    }
    return renamed;
}

PageData programFormData(const Catalog& catalog, const Fields* submitted,
                         const Prescription* current, const std::vector<FieldError>& errors,
                         Date today, const ExerciseQuery& filter,
                         const std::vector<FieldError>& warnings) {
    auto messageOf = [](const std::vector<FieldError>& list, const std::string& field) {
        std::string joined;
        for (const auto& each : list)
            if (each.field == field)
                joined += (joined.empty() ? "" : "; ") + each.message;
        return joined;
    };

    PageData data;
    auto value = [&](const std::string& name, const std::string& fallback) {
        return submitted ? submitted->get(name) : fallback;
    };
    data.set("title", value("title", current ? current->title : ""));
    data.set("startDate", value("startDate", (current ? current->startDate : today).toString()));
    data.set("endDate",
             value("endDate", (current ? current->endDate : today.plusDays(41)).toString()));
    data.set("notes", value("notes", current ? current->notes : ""));
    for (const char* field : {"title", "startDate", "endDate", "notes"}) {
        std::string error = messageOf(errors, field);
        data.set(std::string(field) + "Invalid", !error.empty());
        data.set(std::string(field) + "Error", optionalText(error));
    }
    std::string itemsError = messageOf(errors, "items");
    data.set("itemsError", optionalText(itemsError.empty() ? "" : capitalized(itemsError)));
    PageData programWarnings{PageData::type::list};
    for (const auto& warning : warnings)
        if (warning.field == "items")
            programWarnings.push_back(PageData{"message", warning.message});
    data.set("hasProgramWarnings", !programWarnings.is_empty_list());
    data.set("programWarnings", programWarnings);

    // The program's exercises in its order (as submitted, or as saved), then the rest.
    std::vector<std::string> order;
    if (submitted)
        order = chosenInOrder(*submitted, catalog);
    else if (current)
        for (const auto& item : current->items)
            order.push_back(item.exerciseId);

    auto rowOf = [&](const Exercise& exercise, const ProgramItem* item, bool included,
                     std::size_t position) {
        Dose dose = item ? item->dose : exercise.defaultDose;
        auto field = [&](const char* name) { return fieldName(exercise.id, name); };
        PageData row;
        row.set("id", exercise.id);
        row.set("name", exercise.textIn("en").name);
        row.set("figure", optionalText(exercise.figureId));
        row.set("own", exercise.revision > 0);
        row.set("defaultDose", describeDose(exercise.defaultDose, "en"));
        row.set("included", included);
        row.set("position", text(static_cast<long long>(position)));
        row.set("first", included && position == 1);
        row.set("last", included && position == order.size());

        struct DoseField {
            const char* name;
            const char* idPrefix;
            const char* label;
            std::string value;
            std::vector<std::pair<std::string, std::string>> options; ///< a select's
        };
        std::string unit = dose.holdUnit == HoldUnit::Seconds   ? "seconds"
                           : dose.holdUnit == HoldUnit::Breaths ? "breaths"
                                                                : "none";
        std::vector<DoseField> fields{
            {"hold", "hold", "Hold", dose.hold > 0 ? text(dose.hold) : "", {}},
            {"holdUnit",
             "unit",
             "Hold in",
             unit,
             {{"seconds", "seconds"}, {"breaths", "breaths"}, {"none", "no hold"}}},
            {"reps", "reps", "Reps", text(dose.reps), {}},
            {"sets", "sets", "Sets", text(dose.sets), {}},
            {"side", "side", "Side", sideChoiceOf(dose), sideChoices()},
            {"sessionsPerDay", "spd", "Times a day", text(dose.sessionsPerDay), {}},
            {"daysPerWeek", "dpw", "Days a week", text(dose.daysPerWeek), {}},
            {"order", "order", "Position", text(static_cast<long long>(position)), {}}};
        PageData list{PageData::type::list};
        bool rowInvalid = false;
        for (auto& each : fields) {
            std::string name = field(each.name);
            // A row the submitted form did not carry (it was filtered out when the form was
            // posted) shows its catalog default, never the blanks of a missing field; a select
            // whose value is not one of its options shows the default too (else the browser
            // would silently pick the first option).
            std::string current =
                submitted && submitted->has(name) ? submitted->get(name) : each.value;
            if (!each.options.empty() &&
                std::none_of(each.options.begin(), each.options.end(),
                             [&](const auto& option) { return option.first == current; }))
                current = each.value;
            if (std::string(each.name) == "order" && included)
                current = text(static_cast<long long>(position));
            std::string inputId = std::string(each.idPrefix) + "-" + exercise.id;
            std::string error = messageOf(errors, name);
            // A mistake is what to fix first; the field's guardrail shows once it is fixed.
            std::string warning =
                included && error.empty() ? messageOf(warnings, name) : std::string();
            PageData f;
            f.set("name", name);
            f.set("inputId", inputId);
            f.set("label", each.label);
            f.set("value", current);
            f.set("wide", std::string(each.name) == "side");
            f.set("isSelect", !each.options.empty());
            PageData options{PageData::type::list};
            for (const auto& [code, label] : each.options) {
                PageData option;
                option.set("value", code);
                option.set("label", label);
                option.set("selected", current == code);
                options.push_back(option);
            }
            f.set("options", options);
            f.set("invalid", !error.empty());
            f.set("error", optionalText(error));
            f.set("warning", optionalText(warning));
            std::string described;
            if (!error.empty())
                described = inputId + "-error";
            if (!warning.empty())
                described += (described.empty() ? "" : " ") + inputId + "-warning";
            f.set("describedBy", optionalText(described));
            rowInvalid = rowInvalid || !error.empty();
            list.push_back(f);
        }
        row.set("fields", list);
        std::string note = value(field("note"), item ? item->note : "");
        std::string noteError = messageOf(errors, field("note"));
        row.set("note", note);
        row.set("noteInvalid", !noteError.empty());
        row.set("noteError", optionalText(noteError));
        std::string includeError = messageOf(errors, field("include"));
        row.set("includeError", optionalText(includeError));
        row.set("invalid", rowInvalid || !noteError.empty() || !includeError.empty());
        row.set("hasWarnings",
                included && std::any_of(warnings.begin(), warnings.end(), [&](const FieldError& w) {
                    return w.field.rfind("ex." + exercise.id + ".", 0) == 0;
                }));
        return row;
    };

    PageData chosen{PageData::type::list};
    for (std::size_t k = 0; k < order.size(); ++k) {
        const Exercise* exercise = catalog.exercise(order[k]);
        if (!exercise)
            continue;
        const ProgramItem* item = nullptr;
        if (!submitted && current)
            for (const auto& each : current->items)
                if (each.exerciseId == exercise->id)
                    item = &each;
        chosen.push_back(rowOf(*exercise, item, true, k + 1));
    }
    PageData available{PageData::type::list};
    for (const Exercise* exercise : catalog.exercises()) {
        if (std::find(order.begin(), order.end(), exercise->id) != order.end() ||
            !matchesQuery(*exercise, filter))
            continue;
        available.push_back(rowOf(*exercise, nullptr, false, 0));
    }
    data.set("chosen", chosen);
    data.set("chosenCount", text(static_cast<long long>(order.size())));
    data.set("noneChosen", chosen.is_empty_list());
    data.set("available", available);
    data.set("noneShown", available.is_empty_list());

    PageData education{PageData::type::list};
    for (const EducationItem* item : catalog.educationItems()) {
        PageData row;
        row.set("id", item->id);
        row.set("title", item->textIn("en").title);
        bool checked = submitted ? submitted->has("edu." + item->id)
                                 : current && std::find(current->educationIds.begin(),
                                                        current->educationIds.end(),
                                                        item->id) != current->educationIds.end();
        row.set("checked", checked);
        education.push_back(row);
    }
    data.set("education", education);

    // The summary at the top: each mistake named by exercise and field, linked to the field.
    static const std::map<std::string, std::string> TOP_LABELS{{"title", "Program title"},
                                                               {"startDate", "Starts"},
                                                               {"endDate", "Ends"},
                                                               {"notes", "Notes"},
                                                               {"items", "Exercises"}};
    static const std::map<std::string, std::string> ID_PREFIX{
        {"hold", "hold"}, {"holdUnit", "unit"},      {"reps", "reps"},       {"sets", "sets"},
        {"side", "side"}, {"sessionsPerDay", "spd"}, {"daysPerWeek", "dpw"}, {"order", "order"},
        {"note", "note"}, {"include", "ex"}};
    PageData summary{PageData::type::list};
    for (const auto& error : errors) {
        std::string where = error.field;
        std::string target;
        if (auto top = TOP_LABELS.find(where); top != TOP_LABELS.end()) {
            where = top->second;
            target = error.field == "items" ? "chosen-title" : error.field;
        }
        for (const Exercise* exercise : catalog.exercises())
            if (error.field.rfind("ex." + exercise->id + ".", 0) == 0) {
                std::string name = error.field.substr(exercise->id.size() + 4);
                where = exercise->textIn("en").name + ", " + doseLabel(name);
                if (auto prefix = ID_PREFIX.find(name); prefix != ID_PREFIX.end())
                    target = prefix->second + "-" + exercise->id;
            }
        PageData entry;
        entry.set("label", where);
        entry.set("message", error.message);
        entry.set("target", optionalText(target));
        summary.push_back(entry);
    }
    data.set("hasErrors", !errors.empty());
    data.set("errors", summary);
    return data;
}

} // namespace Limber
