#pragma once

#include "Date.h"
#include "Program.h"

#include <cstdint>
#include <vector>

namespace Limber {

/// How often one program version asks the patient to practise, and when.
struct VersionSchedule {
    int number = 1;
    Date effectiveFrom;
    Date startDate;
    Date endDate;
    int daysPerWeek = 7;    ///< of the version's most demanding item
    int sessionsPerDay = 1; ///< of the version's most demanding item
    bool operator==(const VersionSchedule&) const = default;
};

/// A program reduced to what adherence needs: each version's frequency and dates. Clinic-wide
/// reports read it from the store for every patient at once, without the programs' items.
struct ProgramSchedule {
    std::int64_t programId = 0;
    std::vector<VersionSchedule> versions; ///< ascending by number; never empty when used

    /// The schedule of program.
    static ProgramSchedule of(const Program& program);

    /// The version in force on day, with Program::versionOn's rule: the latest whose
    /// effectiveFrom is on or before day (the first for days before any), or nullptr when day
    /// is outside that version's start and end dates.
    const VersionSchedule* on(Date day) const;
    /// The first day of the first version: program weeks are counted from it.
    Date anchor() const { return versions.front().startDate; }
    /// The current version's last day.
    Date endDate() const { return versions.back().endDate; }
};

} // namespace Limber
