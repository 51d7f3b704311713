#include "ClinicExerciseService.h"

#include "ClinicCatalog.h"
#include "catalog/CatalogSearch.h"
#include "catalog/PackLoader.h"
#include "catalog/PackWriter.h"

#include <Poco/Exception.h>

namespace Limber {

namespace {

void requireAdmin(const Actor& actor) {
    if (actor.role != Role::Admin || actor.userId == 0 || !actor.via.empty())
        throw Poco::NoPermissionException("only a clinic admin may change the clinic's exercises");
}

} // namespace

ClinicExerciseService::ClinicExerciseService(Store& store, const Clock& clock,
                                             const Catalog& shared, AuditTrail& audit)
    : _store(store), _clock(clock), _shared(shared), _audit(audit) {}

Catalog ClinicExerciseService::catalog(const Actor& actor) const {
    return clinicCatalog(_store, _shared, actor.clinicId);
}

Catalog ClinicExerciseService::catalogFor(const Actor& actor,
                                          const Prescription& prescription) const {
    return prescriptionCatalog(_store, _shared, actor.clinicId, prescription);
}

std::vector<ExerciseRevisionInfo> ClinicExerciseService::history(const Actor& actor,
                                                                 const std::string& id) const {
    std::vector<ExerciseRevisionInfo> list;
    for (const auto& revision : _store.clinicExerciseRevisions(actor.clinicId, id)) {
        ExerciseRevisionInfo info{exerciseOf(revision), revision.createdAt, revision.createdBy, ""};
        if (auto user = _store.user(revision.createdBy))
            info.createdByName = user->name;
        list.push_back(std::move(info));
    }
    if (list.empty())
        throw Poco::NotFoundException("exercise " + id);
    return list;
}

SavedExercise ClinicExerciseService::create(const Actor& actor, const Exercise& exercise) {
    requireAdmin(actor);
    return save(actor, exercise, 1, "exercise.create");
}

std::string ClinicExerciseService::unusedIdFor(const Actor& actor, const std::string& name) const {
    const std::string base = exerciseIdFromName(name);
    Catalog seen = catalog(actor);
    std::string id = base;
    for (int n = 2; seen.exercise(id); ++n)
        id = base + "-" + std::to_string(n);
    return id;
}

SavedExercise ClinicExerciseService::update(const Actor& actor, const std::string& id,
                                            const Exercise& exercise, int basedOn) {
    requireAdmin(actor);
    std::vector<ClinicExerciseRevision> revisions =
        _store.clinicExerciseRevisions(actor.clinicId, id);
    if (revisions.empty()) {
        if (_shared.exercise(id))
            throw Poco::NoPermissionException("\"" + id +
                                              "\" is a built-in exercise and cannot be changed; "
                                              "copy it to adapt it");
        throw Poco::NotFoundException("exercise " + id);
    }
    if (exercise.id != id)
        throw ValidationException("id", "cannot change: an exercise keeps its id (copy it to "
                                        "make one with another id)");
    if (basedOn != revisions.back().revision)
        throw Poco::ExistsException("revision " + std::to_string(revisions.back().revision) +
                                    " of " + id + " was saved after the one you edited (" +
                                    std::to_string(basedOn) +
                                    "); reload it and make your change again");
    return save(actor, exercise, basedOn + 1, "exercise.revise");
}

Exercise ClinicExerciseService::copyOf(const Actor& actor, const std::string& sourceId,
                                       const std::string& newId) const {
    Catalog clinic = catalog(actor);
    const Exercise* source = clinic.exercise(sourceId);
    if (!source)
        throw Poco::NotFoundException("exercise " + sourceId);
    Exercise copy = *source;
    copy.id = newId;
    copy.packId = "clinic";
    copy.revision = 0;
    // The copy keeps the drawing of what it adapts, and says where it came from.
    if (copy.figureId == sourceId || copy.figureId.empty())
        copy.figureId = source->figureId;
    copy.source =
        "Adapted from \"" + source->textIn("en").name + "\" (" + sourceId + "). " + source->source;
    if (copy.source.size() > 1000)
        copy.source.resize(1000);
    return copy;
}

SavedExercise ClinicExerciseService::save(const Actor& actor, const Exercise& exercise,
                                          int revision, const std::string& action) {
    // The one validator: the pack loader, fed the exercise as a pack entry, against the
    // clinic's catalog (its terms, and exercises its links may name).
    Catalog clinic = catalog(actor);
    PackRules rules;
    rules.requireAllLanguages = false;
    rules.context = &clinic;
    ExerciseEntryResult result = loadExerciseEntry(exerciseEntryJson(exercise), "exercise",
                                                   CLINIC_EXERCISE_LANGUAGES, rules);
    FieldErrors errors;
    SavedExercise saved;
    for (const auto& problem : result.problems) {
        if (problem.warning)
            saved.warnings.push_back({problem.field, problem.message});
        else
            errors.add(problem.field, problem.message);
    }
    errors.throwIfAny();
    ClinicExerciseRevision stored{
        actor.clinicId,      result.exercise->id, revision, exerciseEntryJson(*result.exercise),
        _clock.nowSeconds(), actor.userId};
    _store.atomically([&] {
        _store.addClinicExerciseRevision(stored);
        _audit.record(actor, std::nullopt, action,
                      "exercise " + stored.exerciseId + " revision " + std::to_string(revision));
    });
    saved.exercise = exerciseOf(stored);
    return saved;
}

} // namespace Limber
