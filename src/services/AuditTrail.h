#pragma once

#include "Actor.h"
#include "domain/Clock.h"
#include "domain/Store.h"

#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// What walking the audit chain found.
struct AuditVerification {
    std::size_t checked = 0;            ///< entries read
    std::optional<AuditEvent> firstBad; ///< the first entry whose hashes do not hold
    std::string problem;                ///< why it is bad
    bool intact() const { return !firstBad.has_value(); }
};

/// The append-only record of every view, creation, change, print and export of patient data:
/// who, when, which patient, what, and from where. Services call record() for each access.
class AuditTrail {
public:
    AuditTrail(Store& store, const Clock& clock);

    /// Appends an entry for actor. patientId: the patient whose data was touched, if one.
    void record(const Actor& actor, std::optional<std::int64_t> patientId,
                const std::string& action, const std::string& detail = {});

    /// The actor's clinic's entries from the start of day from to the end of day to (UTC),
    /// oldest first; recorded as an "audit.view" (or "audit.export") itself. Admins only:
    /// throws Poco::NoPermissionException otherwise, ValidationException when to < from.
    std::vector<AuditEvent> list(const Actor& actor, Date from, Date to, bool exported = false);

    /// Recomputes the chain of every clinic from the first entry; stops at the first entry
    /// whose previous hash or own hash does not match.
    AuditVerification verify();

private:
    Store& _store;
    const Clock& _clock;
};

} // namespace Limber
