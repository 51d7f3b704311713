#include "Catalog.h"

#include "CatalogPacks.h"
#include "PackLoader.h"

#include <Poco/Exception.h>

namespace Limber {

void Catalog::addPack(const Pack& pack) {
    for (const auto& exercise : pack.exercises)
        if (this->exercise(exercise.id) || educationItem(exercise.id))
            throw Poco::ExistsException("catalog entry \"" + exercise.id + "\" of pack " + pack.id +
                                        " is already in the catalog");
    for (const auto& item : pack.education)
        if (exercise(item.id) || educationItem(item.id))
            throw Poco::ExistsException("catalog entry \"" + item.id + "\" of pack " + pack.id +
                                        " is already in the catalog");
    _packs.push_back(pack);
}

const Exercise* Catalog::exercise(const std::string& id) const {
    for (const auto& pack : _packs)
        for (const auto& exercise : pack.exercises)
            if (exercise.id == id)
                return &exercise;
    return nullptr;
}

const EducationItem* Catalog::educationItem(const std::string& id) const {
    for (const auto& pack : _packs)
        for (const auto& item : pack.education)
            if (item.id == id)
                return &item;
    return nullptr;
}

std::vector<const Exercise*> Catalog::exercises() const {
    std::vector<const Exercise*> list;
    for (const auto& pack : _packs)
        for (const auto& exercise : pack.exercises)
            list.push_back(&exercise);
    return list;
}

std::vector<const EducationItem*> Catalog::educationItems() const {
    std::vector<const EducationItem*> list;
    for (const auto& pack : _packs)
        for (const auto& item : pack.education)
            list.push_back(&item);
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
        for (const auto& warning : doseWarnings(item.dose, found->type))
            list.push_back({"items[" + std::to_string(i) + "].dose." + warning.field, warning.code,
                            warning.message});
    }
    return list;
}

std::string_view builtInPackJson() {
    return CatalogPacks::find("packs/back-care.json");
}

Catalog loadBuiltInCatalog() {
    Catalog catalog;
    catalog.addPack(loadPackOrThrow(builtInPackJson(), "back-care.json", PackRules{true}));
    return catalog;
}

} // namespace Limber
