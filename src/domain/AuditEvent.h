#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace Limber {

/// One entry of the audit trail: who did what to which patient's data, when and from where.
/// Entries are only ever appended. An entry is written unsealed, in the transaction of the change
/// it records; shortly after it commits the sealer gives it the next place in the chain (seal)
/// with the hash of the entry before it and its own hash over both, so that editing, removing or
/// reordering a sealed entry breaks the chain.
struct AuditEvent {
    std::int64_t id = 0;
    std::int64_t at = 0; ///< UTC epoch seconds
    std::int64_t clinicId = 0;
    std::optional<std::int64_t> userId; ///< empty for a patient link or the command line
    std::string actor;                  ///< "Dana Whitfield <dana@...>", "patient link 7", ...
    std::optional<std::int64_t> patientId;
    std::string action;               ///< "patient.view", "program.revise", "handout.print", ...
    std::string detail;               ///< what exactly: "program 4 version 2"
    std::string address;              ///< the client's IP address, or "command line"
    std::string previousHash;         ///< empty until sealed
    std::string hash;                 ///< empty until sealed
    std::optional<std::int64_t> seal; ///< the entry's place in the chain; empty until sealed

    /// The hash this entry must carry after previousHash: SHA-256 (hex) over previousHash and
    /// every field but id and hash, each length-prefixed so that no two entries share a text.
    std::string expectedHash() const;
};

/// The previousHash of the first entry of the chain.
inline constexpr const char* AUDIT_CHAIN_START =
    "0000000000000000000000000000000000000000000000000000000000000000";

} // namespace Limber
