#include "ProgramForm.h"

#include "domain/DoseText.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>
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
        Dose dose = exercise.defaultDose;
        std::string unit = form.get(fieldName(exercise.id, "holdUnit"), "none");
        int hold = formInt(form, fieldName(exercise.id, "hold"), 0, errors);
        dose.holdUnit = unit == "seconds"   ? HoldUnit::Seconds
                        : unit == "breaths" ? HoldUnit::Breaths
                                            : HoldUnit::None;
        dose.hold = dose.holdUnit == HoldUnit::None ? 0 : hold;
        dose.reps = formInt(form, fieldName(exercise.id, "reps"), dose.reps, errors);
        dose.sets = formInt(form, fieldName(exercise.id, "sets"), dose.sets, errors);
        dose.sessionsPerDay =
            formInt(form, fieldName(exercise.id, "sessionsPerDay"), dose.sessionsPerDay, errors);
        dose.daysPerWeek =
            formInt(form, fieldName(exercise.id, "daysPerWeek"), dose.daysPerWeek, errors);
        if (auto side = sideFromString(form.get(fieldName(exercise.id, "side"))))
            dose.side = *side;
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

PageData programFormData(const Catalog& catalog, const Fields* submitted,
                         const Prescription* current, const std::vector<FieldError>& errors,
                         Date today, const ExerciseQuery& filter) {
    auto messagesFor = [&errors](const std::string& prefix) {
        PageData list{PageData::type::list};
        for (const auto& error : errors)
            if (error.field.rfind(prefix, 0) == 0)
                list.push_back(PageData{"message", error.message});
        return list;
    };
    auto invalid = [&errors](const std::string& field) {
        return std::any_of(errors.begin(), errors.end(),
                           [&](const FieldError& e) { return e.field == field; });
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
    data.set("titleInvalid", invalid("title"));
    data.set("startDateInvalid", invalid("startDate"));
    data.set("endDateInvalid", invalid("endDate"));

    // Chosen exercises first, in the program's order; then the rest in catalog order.
    std::vector<std::pair<std::pair<int, std::size_t>, PageData>> sorted;
    std::vector<const Exercise*> exercises = catalog.exercises();
    for (std::size_t i = 0; i < exercises.size(); ++i) {
        const Exercise& exercise = *exercises[i];
        const ProgramItem* item = nullptr;
        int position = 0;
        if (current)
            for (std::size_t k = 0; k < current->items.size(); ++k)
                if (current->items[k].exerciseId == exercise.id) {
                    item = &current->items[k];
                    position = static_cast<int>(k) + 1;
                }
        Dose dose = item ? item->dose : exercise.defaultDose;
        auto field = [&](const char* name) { return fieldName(exercise.id, name); };
        bool chosen = submitted ? submitted->has(field("include")) : item != nullptr;
        if (!chosen && !matchesQuery(exercise, filter))
            continue;
        PageData row;
        row.set("id", exercise.id);
        row.set("name", exercise.textIn("en").name);
        row.set("figure", optionalText(exercise.figureId));
        row.set("own", exercise.revision > 0);
        row.set("defaultDose", describeDose(exercise.defaultDose, "en"));
        bool included = submitted ? submitted->has(field("include")) : item != nullptr;
        row.set("included", included);
        // Exercises not in the program sort after those that are, in catalog order.
        long long order = item ? position : static_cast<long long>(100 + i);
        std::string rowOrder = value(field("order"), text(order));
        row.set("order", rowOrder);
        std::string unit = value(field("holdUnit"), dose.holdUnit == HoldUnit::Seconds   ? "seconds"
                                                    : dose.holdUnit == HoldUnit::Breaths ? "breaths"
                                                                                         : "none");
        row.set("hold", value(field("hold"), dose.hold > 0 ? text(dose.hold) : ""));
        row.set("unitSeconds", unit == "seconds");
        row.set("unitBreaths", unit == "breaths");
        row.set("unitNone", unit == "none");
        row.set("reps", value(field("reps"), text(dose.reps)));
        row.set("sets", value(field("sets"), text(dose.sets)));
        row.set("sessionsPerDay", value(field("sessionsPerDay"), text(dose.sessionsPerDay)));
        row.set("daysPerWeek", value(field("daysPerWeek"), text(dose.daysPerWeek)));
        std::string side = value(field("side"), std::string(toString(dose.side)));
        PageData sides{PageData::type::list};
        for (const auto& [code, label] :
             std::vector<std::pair<std::string, std::string>>{{"both", "both sides together"},
                                                              {"each", "each side"},
                                                              {"left", "left only"},
                                                              {"right", "right only"}}) {
            PageData option;
            option.set("value", code);
            option.set("label", label);
            option.set("selected", side == code);
            sides.push_back(option);
        }
        row.set("sides", sides);
        row.set("note", value(field("note"), item ? item->note : ""));
        for (const char* name :
             {"hold", "reps", "sets", "sessionsPerDay", "daysPerWeek", "note", "order"})
            row.set(std::string(name) + "Invalid", invalid(field(name)));
        PageData messages = messagesFor("ex." + exercise.id + ".");
        row.set("hasErrors", !messages.is_empty_list());
        row.set("errors", messages);
        int rank = 1'000'000;
        if (included && !Poco::NumberParser::tryParse(Poco::trim(rowOrder), rank))
            rank = 999'999;
        sorted.push_back({{included ? rank : 1'000'000, i}, row});
    }
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    PageData rows{PageData::type::list};
    for (auto& [key, row] : sorted)
        rows.push_back(row);
    data.set("exercises", rows);
    data.set("noneShown", rows.is_empty_list());

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

    PageData summary{PageData::type::list};
    for (const auto& error : errors) {
        std::string where = error.field;
        for (const Exercise* exercise : exercises)
            if (where.rfind("ex." + exercise->id + ".", 0) == 0)
                where = exercise->textIn("en").name + " (" + where.substr(exercise->id.size() + 4) +
                        ")";
        summary.push_back(PageData{"message", where + ": " + error.message});
    }
    data.set("hasErrors", !errors.empty());
    data.set("errors", summary);
    return data;
}

} // namespace Limber
