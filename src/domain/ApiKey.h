#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace Limber {

/// A clinic's key for the JSON API, an alternative to a signed-in session for integrations.
/// Only the key's SHA-256 is stored; the key itself is shown once, when it is made.
struct ApiKey {
    std::int64_t id = 0;
    std::int64_t clinicId = 0;
    std::int64_t userId = 0; ///< the admin who made it; the API acts as this clinic's user
    std::string name;        ///< what it is for: "EHR export"
    std::string keyHash;
    std::int64_t createdAt = 0;
    std::optional<std::int64_t> revokedAt;

    static constexpr std::size_t MAX_NAME = 80;
};

} // namespace Limber
