#pragma once

#include "domain/Clock.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace Limber {

/// Forms posted after their sender's sign-in session ended, kept for a short time so that the
/// same user, signed in again, finds what was typed instead of losing it. A form is kept under
/// a random id (handed to the browser in a cookie, never in a URL), for one user and the path
/// it was posted to, for LIFETIME_SECONDS, and is given back once. Kept in this instance's
/// memory: after a restart, or behind a balancer that sends the sign-in elsewhere, the form is
/// gone and the user types it again, as before.
class KeptForms {
public:
    using FieldList = std::vector<std::pair<std::string, std::string>>;

    static constexpr std::int64_t LIFETIME_SECONDS = 15 * 60;
    /// At most this many forms are kept at once; the oldest goes first.
    static constexpr std::size_t MAX_KEPT = 1000;
    /// A kept form larger than this (in bytes of names and values) is not kept.
    static constexpr std::size_t MAX_BYTES = 256 * 1024;

    explicit KeptForms(const Clock& clock) : _clock(clock) {}

    /// Keeps fields that userId posted to path; returns the id to give the browser, or
    /// nullopt when the form is too large to keep.
    std::optional<std::string> keep(std::int64_t userId, const std::string& path, FieldList fields);

    /// The fields kept under id, when they were posted by userId to path less than
    /// LIFETIME_SECONDS ago; they are forgotten either way once asked for by their user.
    std::optional<FieldList> take(const std::string& id, std::int64_t userId,
                                  const std::string& path);

private:
    struct Kept {
        std::int64_t userId = 0;
        std::string path;
        FieldList fields;
        std::int64_t keptAt = 0;
    };
    void forgetExpired(std::int64_t now);

    const Clock& _clock;
    std::mutex _mutex;
    std::map<std::string, Kept> _kept; ///< by the hash of the id
};

} // namespace Limber
