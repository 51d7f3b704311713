#include "ClinicCatalog.h"

#include "catalog/PackLoader.h"

#include <Poco/Exception.h>

#include <map>
#include <mutex>
#include <unordered_map>

namespace Limber {

namespace {

/// Exercises already read back, by their stored text. A stored revision never changes, so
/// reading it once is enough; keyed by the text itself, so two databases in one process
/// never mix. Bounded: cleared when full.
class ReadRevisions {
public:
    std::optional<Exercise> find(const std::string& entry) {
        std::lock_guard<std::mutex> lock(_mutex);
        auto found = _exercises.find(entry);
        if (found == _exercises.end())
            return std::nullopt;
        return found->second;
    }
    void add(const std::string& entry, const Exercise& exercise) {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_exercises.size() >= MAX_ENTRIES)
            _exercises.clear();
        _exercises.emplace(entry, exercise);
    }

private:
    static constexpr std::size_t MAX_ENTRIES = 4096;
    std::mutex _mutex;
    std::unordered_map<std::string, Exercise> _exercises;
};

ReadRevisions& readRevisions() {
    static ReadRevisions cache;
    return cache;
}

} // namespace

Exercise exerciseOf(const ClinicExerciseRevision& revision) {
    if (auto known = readRevisions().find(revision.entry)) {
        known->revision = revision.revision;
        return std::move(*known);
    }
    // Checked in full when saved; read back without re-checking terms and links, so that a
    // later change to the packs never makes a saved revision (and the programs that prescribed
    // it) unreadable.
    PackRules rules;
    rules.requireAllLanguages = false;
    rules.checkReferences = false;
    ExerciseEntryResult result =
        loadExerciseEntry(revision.entry, "clinic exercise", CLINIC_EXERCISE_LANGUAGES, rules);
    if (result.hasErrors())
        throw Poco::DataFormatException("revision " + std::to_string(revision.revision) +
                                        " of the clinic's exercise " + revision.exerciseId +
                                        " cannot be read: " + result.problems.front().toString());
    Exercise exercise = std::move(*result.exercise);
    exercise.packId = "clinic";
    readRevisions().add(revision.entry, exercise);
    exercise.revision = revision.revision;
    return exercise;
}

Catalog clinicCatalog(Store& store, const Catalog& shared, std::int64_t clinicId) {
    std::vector<Exercise> own;
    for (const auto& revision : store.clinicExercises(clinicId))
        own.push_back(exerciseOf(revision));
    return shared.withOwnExercises(std::move(own));
}

bool namesOnlySharedExercises(const Catalog& shared, const Prescription& prescription) {
    for (const auto& item : prescription.items)
        if (item.exerciseRevision > 0 || !shared.exercise(item.exerciseId))
            return false;
    return true;
}

Catalog prescriptionCatalog(Store& store, const Catalog& shared, std::int64_t clinicId,
                            const Prescription& prescription) {
    std::map<std::string, Exercise> own;
    for (const auto& revision : store.clinicExercises(clinicId))
        own.emplace(revision.exerciseId, exerciseOf(revision));
    for (const auto& item : prescription.items) {
        if (item.exerciseRevision <= 0)
            continue;
        auto current = own.find(item.exerciseId);
        if (current != own.end() && current->second.revision == item.exerciseRevision)
            continue;
        if (auto pinned =
                store.clinicExerciseRevision(clinicId, item.exerciseId, item.exerciseRevision))
            own.insert_or_assign(item.exerciseId, exerciseOf(*pinned));
    }
    std::vector<Exercise> list;
    for (auto& [id, exercise] : own)
        list.push_back(std::move(exercise));
    return shared.withOwnExercises(std::move(list));
}

Prescription pinRevisions(const Catalog& catalog, Prescription prescription) {
    for (auto& item : prescription.items) {
        const Exercise* exercise = catalog.exercise(item.exerciseId);
        item.exerciseRevision = exercise ? exercise->revision : 0;
    }
    return prescription;
}

} // namespace Limber
