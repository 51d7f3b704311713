#pragma once

#include "Actor.h"
#include "domain/Clock.h"
#include "domain/Store.h"

#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// How long an entry may wait for the sealer before verify() counts it as a failure: the
/// sealer runs every fraction of a second while a server runs, and every command seals what it
/// wrote before it exits.
inline constexpr std::int64_t AUDIT_SEAL_BOUND_SECONDS = 60;

/// What walking the audit chain found.
struct AuditVerification {
    std::size_t checked = 0;            ///< sealed entries read
    std::optional<AuditEvent> firstBad; ///< the first entry whose hashes do not hold
    std::string problem;                ///< why it is bad
    std::size_t unsealed = 0;           ///< entries not sealed yet
    std::size_t overdue = 0;            ///< of those, how many were recorded over the bound ago
    bool intact() const { return !firstBad.has_value() && overdue == 0; }
};

/// The append-only record of every view, creation, change, print and export of patient data:
/// who, when, which patient, what, and from where. Services call record() for each access.
class AuditTrail {
public:
    AuditTrail(Store& store, const Clock& clock);

    /// Appends an entry for actor. patientId: the patient whose data was touched, if one.
    /// Inside a change (Store::atomically) the entry commits with it; within a request, the
    /// request goes on while the entry commits, and its answer waits until it is durable
    /// (Store::appendAuditEventBeforeAnswer).
    void record(const Actor& actor, std::optional<std::int64_t> patientId,
                const std::string& action, const std::string& detail = {});

    /// The actor's clinic's entries from the start of day from to the end of day to (UTC),
    /// oldest first; recorded as an "audit.view" (or "audit.export") itself. Admins only:
    /// throws Poco::NoPermissionException otherwise, ValidationException when to < from.
    std::vector<AuditEvent> list(const Actor& actor, Date from, Date to, bool exported = false);

    /// Recomputes the sealed chain from the first entry; stops at the first entry whose
    /// previous hash or own hash does not match. Counts the entries waiting for the sealer and
    /// those waiting longer than AUDIT_SEAL_BOUND_SECONDS (a sealer that stopped).
    AuditVerification verify();

    /// Chains every committed unsealed entry; returns how many. Servers call it from their
    /// AuditSealer; commands call it before they exit.
    std::size_t seal();

private:
    Store& _store;
    const Clock& _clock;
};

} // namespace Limber
