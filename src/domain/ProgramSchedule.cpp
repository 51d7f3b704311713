#include "ProgramSchedule.h"

namespace Limber {

ProgramSchedule ProgramSchedule::of(const Program& program) {
    ProgramSchedule schedule;
    schedule.programId = program.id;
    for (const auto& version : program.versions) {
        const Prescription& p = version.prescription;
        schedule.versions.push_back({version.number, version.effectiveFrom, p.startDate, p.endDate,
                                     practiceDaysPerWeek(p), sessionsPerDay(p)});
    }
    return schedule;
}

const VersionSchedule* ProgramSchedule::on(Date day) const {
    if (versions.empty())
        return nullptr;
    const VersionSchedule* inForce = &versions.front();
    for (const auto& candidate : versions)
        if (candidate.effectiveFrom <= day)
            inForce = &candidate;
    if (day < inForce->startDate || day > inForce->endDate)
        return nullptr;
    return inForce;
}

} // namespace Limber
