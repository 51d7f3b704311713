#include "ProgramChanges.h"

#include "SideChoice.h"
#include "domain/DateStyle.h"
#include "domain/DoseText.h"

#include <algorithm>

namespace Limber {

namespace {

std::string exerciseName(const Catalog& catalog, const std::string& id) {
    const Exercise* exercise = catalog.exercise(id);
    return exercise ? exercise->textIn("en").name : id;
}

std::string educationTitle(const Catalog& catalog, const std::string& id) {
    const EducationItem* item = catalog.educationItem(id);
    return item ? item->textIn("en").title : id;
}

const ProgramItem* itemOf(const Prescription& p, const std::string& exerciseId) {
    for (const auto& item : p.items)
        if (item.exerciseId == exerciseId)
            return &item;
    return nullptr;
}

std::string plural(int count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::string holdText(const Dose& dose) {
    if (dose.holdUnit == HoldUnit::None || dose.hold == 0)
        return "no hold";
    return "hold " + (dose.holdUnit == HoldUnit::Breaths ? plural(dose.hold, "breath", "breaths")
                                                         : std::to_string(dose.hold) + " s");
}

std::string sideText(const Dose& dose) {
    return sideChoiceLabel(dose);
}

/// Only what differs between two doses: "2 reps → 3 reps; hold 30 s → 25 s".
std::string doseChange(const Dose& before, const Dose& after) {
    std::vector<std::string> parts;
    auto add = [&parts](const std::string& from, const std::string& to) {
        if (from != to)
            parts.push_back(from + " → " + to);
    };
    add(holdText(before), holdText(after));
    add(plural(before.reps, "rep", "reps"), plural(after.reps, "rep", "reps"));
    add(plural(before.sets, "set", "sets"), plural(after.sets, "set", "sets"));
    add(sideText(before), sideText(after));
    add(plural(before.sessionsPerDay, "time a day", "times a day"),
        plural(after.sessionsPerDay, "time a day", "times a day"));
    add(plural(before.daysPerWeek, "day a week", "days a week"),
        plural(after.daysPerWeek, "day a week", "days a week"));
    add("rest " + std::to_string(before.restSeconds) + " s",
        "rest " + std::to_string(after.restSeconds) + " s");
    std::string joined;
    for (const auto& part : parts)
        joined += (joined.empty() ? "" : "; ") + part;
    return joined;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

ChangePiece typed(std::string text) {
    return ChangePiece{std::move(text), true};
}

ChangePiece fixed(std::string text) {
    return ChangePiece{std::move(text), false};
}

} // namespace

std::string ProgramChange::text() const {
    std::string joined;
    for (const auto& piece : pieces)
        joined += piece.text;
    return joined;
}

std::vector<ProgramChange> programChanges(const Prescription& before, const Prescription& after,
                                          const Catalog& catalog) {
    std::vector<ProgramChange> changes;
    auto add = [&changes](std::vector<ChangePiece> pieces) {
        changes.push_back(ProgramChange{std::move(pieces)});
    };
    for (const auto& item : after.items)
        if (!itemOf(before, item.exerciseId))
            add({fixed("Added "), typed(exerciseName(catalog, item.exerciseId)),
                 fixed(" (" + describeDose(item.dose, "en") + ")")});
    for (const auto& item : before.items)
        if (!itemOf(after, item.exerciseId))
            add({fixed("Removed "), typed(exerciseName(catalog, item.exerciseId))});
    std::vector<std::string> keptBefore, keptAfter;
    for (const auto& item : after.items) {
        const ProgramItem* old = itemOf(before, item.exerciseId);
        if (!old)
            continue;
        keptAfter.push_back(item.exerciseId);
        std::string name = exerciseName(catalog, item.exerciseId);
        if (!(old->dose == item.dose))
            add({typed(name), fixed(": " + doseChange(old->dose, item.dose))});
        if (old->note != item.note)
            add({typed(name), fixed(item.note.empty() ? ": note removed" : ": new note")});
    }
    for (const auto& item : before.items)
        if (itemOf(after, item.exerciseId))
            keptBefore.push_back(item.exerciseId);
    if (keptBefore != keptAfter)
        add({fixed("Exercises in a new order")});
    for (const auto& id : after.educationIds)
        if (!contains(before.educationIds, id))
            add({fixed("Added advice: "), typed(educationTitle(catalog, id))});
    for (const auto& id : before.educationIds)
        if (!contains(after.educationIds, id))
            add({fixed("Removed advice: "), typed(educationTitle(catalog, id))});
    if (before.startDate != after.startDate || before.endDate != after.endDate)
        add({fixed("Dates " + dateText(before.startDate) + " to " + dateText(before.endDate) +
                   " \u2192 " + dateText(after.startDate) + " to " + dateText(after.endDate))});
    if (before.title != after.title)
        add({fixed("Title \u201c"), typed(before.title), fixed("\u201d \u2192 \u201c"),
             typed(after.title), fixed("\u201d")});
    if (before.notes != after.notes)
        add({fixed(after.notes.empty() ? "Notes removed" : "New notes for the patient")});
    return changes;
}

} // namespace Limber
