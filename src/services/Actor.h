#pragma once

#include "domain/Clinic.h"

#include <cstdint>
#include <string>

namespace Limber {

/// Who is asking: a signed-in user of one clinic. Every service call that touches clinic data
/// takes an Actor and only ever sees that clinic's records.
struct Actor {
    std::int64_t clinicId = 0;
    std::int64_t userId = 0;
    Role role = Role::Therapist;
    std::string name;
};

} // namespace Limber
