#pragma once

#include "domain/Clinic.h"

#include <cstdint>
#include <string>
#include <utility>

namespace Limber {

/// Who is asking: a signed-in user of one clinic (or that clinic's API key, or a patient
/// through a personal link). Every service call that touches clinic data takes an Actor and
/// only ever sees that clinic's records; the audit trail records the actor with each access.
struct Actor {
    Actor() = default;
    Actor(std::int64_t clinicId, std::int64_t userId, Role role, std::string name,
          std::string address = {}, std::string via = {})
        : clinicId(clinicId), userId(userId), role(role), name(std::move(name)),
          address(std::move(address)), via(std::move(via)) {}

    std::int64_t clinicId = 0;
    std::int64_t userId = 0; ///< 0: not a user (a patient through a link)
    Role role = Role::Therapist;
    std::string name;
    std::string address; ///< where the request came from: an IP address, or "command line"
    std::string via;     ///< how it authenticated when not by a signed-in user: "API key 3"

    /// The actor as the audit trail names it: "Dana Whitfield (user 2)", "... via API key 3".
    std::string description() const {
        std::string text = name;
        if (userId != 0)
            text += " (user " + std::to_string(userId) + ")";
        if (!via.empty())
            text += (text.empty() ? "" : " via ") + via;
        return text;
    }
};

} // namespace Limber
