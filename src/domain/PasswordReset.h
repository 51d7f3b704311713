#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace Limber {

/// A one-time link a clinic admin made for a user to set a new password without the old one.
/// Only the SHA-256 of the link's token is stored; the token is shown to the admin once.
struct PasswordReset {
    std::int64_t id = 0;
    std::int64_t userId = 0;    ///< whose password the link sets
    std::string tokenHash;      ///< SHA-256 (hex) of the token
    std::int64_t createdBy = 0; ///< the admin who made it
    std::int64_t createdAt = 0; ///< epoch seconds
    std::int64_t expiresAt = 0; ///< the link works while now < expiresAt
    std::optional<std::int64_t> usedAt;
};

} // namespace Limber
