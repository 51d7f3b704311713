#pragma once

#include "domain/Store.h"

#include <cstdint>
#include <optional>

namespace Limber {

/// One version of a saved program with the patient it is for, as printing and exporting it
/// need them.
struct ProgramVersionOfPatient {
    Program program;
    int versionNumber = 0;
    Patient patient;

    const ProgramVersion& version() const { return *program.version(versionNumber); }
};

/// Program programId of the clinic, its version (the current one when version is empty) and
/// its patient. Throws Poco::NotFoundException naming what is not in the clinic: the program,
/// the version or the patient.
ProgramVersionOfPatient findProgramVersion(Store& store, std::int64_t clinicId,
                                           std::int64_t programId, std::optional<int> version);

} // namespace Limber
