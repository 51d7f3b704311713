#include "Program.h"

#include "TextRule.h"

#include <algorithm>
#include <set>

namespace Limber {

std::vector<FieldError> prescriptionErrors(const Prescription& p) {
    FieldErrors errors;
    if (p.title.empty())
        errors.add("title", "is required");
    else
        checkedField(errors, "title", p.title, TextKind::Name, PrescriptionLimits::MAX_TITLE);
    if (p.endDate < p.startDate)
        errors.add("endDate", "must be on or after the start date " + p.startDate.toString());
    else if (p.startDate.daysUntil(p.endDate) >= PrescriptionLimits::MAX_DAYS)
        errors.add("endDate", "a program may last at most " +
                                  std::to_string(PrescriptionLimits::MAX_DAYS) + " days");
    if (p.items.empty())
        errors.add("items", "must list at least one exercise");
    else if (p.items.size() > PrescriptionLimits::MAX_ITEMS)
        errors.add("items", "must list at most " + std::to_string(PrescriptionLimits::MAX_ITEMS) +
                                " exercises (got " + std::to_string(p.items.size()) + ")");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < p.items.size(); ++i) {
        const ProgramItem& item = p.items[i];
        std::string prefix = "items[" + std::to_string(i) + "].";
        if (item.exerciseId.empty())
            errors.add(prefix + "exercise", "is required");
        else if (!seen.insert(item.exerciseId).second)
            errors.add(prefix + "exercise", "\"" + item.exerciseId + "\" is listed twice");
        errors.addAll(doseErrors(item.dose), prefix + "dose.");
        checkedField(errors, prefix + "note", item.note, TextKind::Paragraph,
                     PrescriptionLimits::MAX_NOTE);
    }
    if (p.educationIds.size() > PrescriptionLimits::MAX_EDUCATION)
        errors.add("education", "must list at most " +
                                    std::to_string(PrescriptionLimits::MAX_EDUCATION) + " items");
    std::set<std::string> seenEducation;
    for (std::size_t i = 0; i < p.educationIds.size(); ++i)
        if (!seenEducation.insert(p.educationIds[i]).second)
            errors.add("education[" + std::to_string(i) + "]",
                       "\"" + p.educationIds[i] + "\" is listed twice");
    checkedField(errors, "notes", p.notes, TextKind::Paragraph, PrescriptionLimits::MAX_NOTE);
    return errors.list();
}

const ProgramVersion* Program::versionOn(Date day) const {
    if (versions.empty())
        return nullptr;
    const ProgramVersion* inForce = &versions.front();
    for (const auto& candidate : versions)
        if (candidate.effectiveFrom <= day)
            inForce = &candidate;
    const Prescription& p = inForce->prescription;
    if (day < p.startDate || day > p.endDate)
        return nullptr;
    return inForce;
}

const ProgramVersion* Program::version(int number) const {
    for (const auto& candidate : versions)
        if (candidate.number == number)
            return &candidate;
    return nullptr;
}

int practiceDaysPerWeek(const Prescription& prescription) {
    int days = 0;
    for (const auto& item : prescription.items)
        days = std::max(days, item.dose.daysPerWeek);
    return days;
}

int sessionsPerDay(const Prescription& prescription) {
    int sessions = 0;
    for (const auto& item : prescription.items)
        sessions = std::max(sessions, item.dose.sessionsPerDay);
    return sessions;
}

} // namespace Limber
