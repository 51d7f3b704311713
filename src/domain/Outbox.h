#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace Limber {

/// One event waiting for (or given to) one recipient, a Notifier plugin. Entries are written in
/// the transaction of the change the event describes, so that a change that rolls back leaves
/// none and a committed change keeps its entries through a crash; a background worker delivers
/// them after the commit (at least once: the same eventId may reach a recipient twice).
struct OutboxEntry {
    std::int64_t id = 0;
    std::string eventId;   ///< the event's id, the same for every recipient and every attempt
    std::string recipient; ///< the plugin's id
    std::int64_t clinicId = 0;
    std::string type;    ///< "session.logged", ...
    std::string payload; ///< the event document (limber.event/1)
    std::int64_t createdAt = 0;
    int attempts = 0;               ///< failed deliveries so far
    std::int64_t nextAttemptAt = 0; ///< not delivered before this (UTC epoch seconds)
    std::string lastError;
    std::string state = "pending"; ///< pending | delivered | dead
    std::optional<std::int64_t> deliveredAt;
};

/// A recipient's outbox at a glance, for the admin.
struct OutboxStatus {
    std::int64_t pending = 0;
    std::int64_t dead = 0;
    std::int64_t delivered = 0;
    std::string lastError; ///< of the newest failed attempt; empty when none
    std::int64_t lastErrorAt = 0;
};

} // namespace Limber
