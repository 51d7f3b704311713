#pragma once

#include "DayLog.h"
#include "Patient.h"
#include "ProgramSchedule.h"

#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// One patient of a clinic with what clinic-wide adherence needs: the current program's
/// schedule and day log, no sessions. The store reads it for every patient at once.
struct CaseloadEntry {
    Patient patient;
    std::string therapistName;
    std::optional<ProgramSchedule> program; ///< the newest program, if any
    std::string programTitle;               ///< of the program's current version
    DayLog days;                            ///< the program's days
};

} // namespace Limber
