#pragma once

#include <cstdint>
#include <string>

namespace Limber {

/// One saved state of a clinic's own exercise. Revisions are numbered from 1 and only ever
/// added, so a program version that prescribed revision 2 prints revision 2 for ever.
struct ClinicExerciseRevision {
    std::int64_t clinicId = 0;
    std::string exerciseId;
    int revision = 1;
    std::string entry; ///< the exercise written as a pack's exercise entry (README "Catalog packs")
    std::int64_t createdAt = 0;
    std::int64_t createdBy = 0; ///< the user who saved it
};

} // namespace Limber
