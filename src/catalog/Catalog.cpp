#include "Catalog.h"

#include "CatalogPacks.h"
#include "PackLoader.h"

#include <Poco/Exception.h>

#include <set>

namespace Limber {

namespace {

std::string_view rangeUnit(HoldUnit unit) {
    return unit == HoldUnit::Breaths ? " breaths" : " s";
}

} // namespace

void Catalog::addPack(const Pack& pack) {
    auto taken = [this](const std::string& id) {
        return _exercises.count(id) || _education.count(id);
    };
    auto clash = [&pack](const std::string& id) {
        return Poco::ExistsException("catalog entry \"" + id + "\" of pack " + pack.id +
                                     " is already in the catalog");
    };
    for (const auto& exercise : pack.exercises)
        if (taken(exercise.id))
            throw clash(exercise.id);
    for (const auto& item : pack.education)
        if (taken(item.id))
            throw clash(item.id);
    for (const auto& each : pack.templates)
        if (_templates.count(each.id))
            throw Poco::ExistsException("template \"" + each.id + "\" of pack " + pack.id +
                                        " is already in the catalog");
    auto shared = std::make_shared<const Pack>(pack);
    _packs.push_back(shared);
    for (const auto& exercise : shared->exercises)
        _exercises[exercise.id] = &exercise;
    for (const auto& item : shared->education)
        _education[item.id] = &item;
    for (const auto& each : shared->templates)
        _templates[each.id] = &each;
    for (const auto& term : shared->terms)
        _terms.emplace(std::make_pair(term.kind, term.id), &term);
}

Catalog Catalog::withOwnExercises(std::vector<Exercise> own) const {
    Catalog scoped = *this;
    scoped._own = std::make_shared<const std::vector<Exercise>>(std::move(own));
    for (const auto& exercise : *scoped._own)
        scoped._exercises[exercise.id] = &exercise;
    return scoped;
}

const Exercise* Catalog::exercise(const std::string& id) const {
    auto found = _exercises.find(id);
    return found == _exercises.end() ? nullptr : found->second;
}

const EducationItem* Catalog::educationItem(const std::string& id) const {
    auto found = _education.find(id);
    return found == _education.end() ? nullptr : found->second;
}

const ProgramTemplate* Catalog::programTemplate(const std::string& id) const {
    auto found = _templates.find(id);
    return found == _templates.end() ? nullptr : found->second;
}

const Term* Catalog::term(TermKind kind, const std::string& id) const {
    auto found = _terms.find({kind, id});
    return found == _terms.end() ? nullptr : found->second;
}

bool Catalog::hasEntry(const std::string& id) const {
    return exercise(id) || educationItem(id);
}

std::vector<const Exercise*> Catalog::exercises() const {
    std::vector<const Exercise*> list;
    for (const auto& pack : _packs)
        for (const auto& exercise : pack->exercises)
            if (this->exercise(exercise.id) == &exercise) // not replaced by a clinic's own
                list.push_back(&exercise);
    if (_own)
        for (const auto& exercise : *_own)
            list.push_back(&exercise);
    return list;
}

std::vector<const Exercise*> Catalog::find(const ExerciseQuery& query) const {
    std::vector<const Exercise*> list;
    for (const Exercise* exercise : exercises())
        if (matchesQuery(*exercise, query))
            list.push_back(exercise);
    return list;
}

std::vector<const EducationItem*> Catalog::educationItems() const {
    std::vector<const EducationItem*> list;
    for (const auto& pack : _packs)
        for (const auto& item : pack->education)
            list.push_back(&item);
    return list;
}

std::vector<const ProgramTemplate*> Catalog::templates() const {
    std::vector<const ProgramTemplate*> list;
    for (const auto& pack : _packs)
        for (const auto& each : pack->templates)
            list.push_back(&each);
    return list;
}

std::vector<const Term*> Catalog::terms(TermKind kind) const {
    std::vector<const Term*> list;
    std::set<std::string> seen;
    for (const auto& pack : _packs)
        for (const auto& term : pack->terms)
            if (term.kind == kind && seen.insert(term.id).second)
                list.push_back(&term);
    return list;
}

std::optional<Dose> Catalog::defaultDose(const std::string& id) const {
    if (const Exercise* found = exercise(id))
        return found->defaultDose;
    return std::nullopt;
}

std::vector<FieldError> Catalog::prescriptionErrors(const Prescription& prescription) const {
    FieldErrors errors;
    for (std::size_t i = 0; i < prescription.items.size(); ++i)
        if (!exercise(prescription.items[i].exerciseId))
            errors.add("items[" + std::to_string(i) + "].exercise",
                       "\"" + prescription.items[i].exerciseId +
                           "\" is not an exercise of the catalog");
    for (std::size_t i = 0; i < prescription.educationIds.size(); ++i)
        if (!educationItem(prescription.educationIds[i]))
            errors.add("education[" + std::to_string(i) + "]",
                       "\"" + prescription.educationIds[i] +
                           "\" is not an education item of the catalog");
    return errors.list();
}

std::vector<PrescriptionWarning> Catalog::warnings(const Prescription& prescription) const {
    std::vector<PrescriptionWarning> list;
    if (prescription.items.size() > PrescriptionLimits::WARN_ITEMS)
        list.push_back({"items", "items-many",
                        std::to_string(prescription.items.size()) +
                            " exercises a session is a lot: adherence falls as programs grow; "
                            "consider " +
                            std::to_string(PrescriptionLimits::WARN_ITEMS) + " or fewer"});
    for (std::size_t i = 0; i < prescription.items.size(); ++i) {
        const ProgramItem& item = prescription.items[i];
        const Exercise* found = exercise(item.exerciseId);
        if (!found)
            continue;
        std::string prefix = "items[" + std::to_string(i) + "].dose.";
        std::string name = found->textIn("en").name;
        std::set<std::string> warned;
        for (const auto& warning : doseWarnings(item.dose, found->type)) {
            list.push_back({prefix + warning.field, warning.code, name + ": " + warning.message});
            warned.insert(warning.field);
        }
        // The exercise's own evidence-based range, in the unit its default dose uses.
        const DoseRange& range = found->doseRange;
        const Dose& dose = item.dose;
        std::string holdField = dose.holdUnit == HoldUnit::Breaths ? "holdBreaths" : "holdSeconds";
        if (range.holdMax > 0 && dose.holdUnit != HoldUnit::None &&
            dose.holdUnit == found->defaultDose.holdUnit && !warned.count(holdField) &&
            (dose.hold < range.holdMin || dose.hold > range.holdMax))
            list.push_back({prefix + holdField, "hold-outside-range",
                            name + ": the usual hold is " + std::to_string(range.holdMin) + "-" +
                                std::to_string(range.holdMax) +
                                std::string(rangeUnit(dose.holdUnit)) + "; " +
                                std::to_string(dose.hold) + std::string(rangeUnit(dose.holdUnit)) +
                                " is outside it"});
        if (range.repsMax > 0 && !warned.count("reps") &&
            (dose.reps < range.repsMin || dose.reps > range.repsMax))
            list.push_back({prefix + "reps", "reps-outside-range",
                            name + ": the usual number of repetitions is " +
                                std::to_string(range.repsMin) + "-" +
                                std::to_string(range.repsMax) + "; " + std::to_string(dose.reps) +
                                " is outside it"});
    }
    return list;
}

std::string_view builtInPackJson() {
    return CatalogPacks::find("packs/back-care.json");
}

Catalog loadBuiltInCatalog() {
    Catalog catalog;
    catalog.addPack(loadPackOrThrow(builtInPackJson(), "back-care.json", PackRules{}));
    return catalog;
}

std::string typeLabel(ExerciseType type, const std::string& language) {
    bool es = language == "es";
    switch (type) {
    case ExerciseType::Stretch:
        return es ? "Estiramiento" : "Stretch";
    case ExerciseType::Balance:
        return es ? "Equilibrio" : "Balance";
    case ExerciseType::Strength:
        return es ? "Fuerza" : "Strength";
    case ExerciseType::Mobility:
        return es ? "Movilidad" : "Mobility";
    }
    return es ? "Estiramiento" : "Stretch";
}

} // namespace Limber
