#include "AuditTrail.h"

#include "domain/ValidationException.h"

#include <Poco/Exception.h>

namespace Limber {

AuditTrail::AuditTrail(Store& store, const Clock& clock) : _store(store), _clock(clock) {}

void AuditTrail::record(const Actor& actor, std::optional<std::int64_t> patientId,
                        const std::string& action, const std::string& detail) {
    AuditEvent event;
    event.at = _clock.nowSeconds();
    event.clinicId = actor.clinicId;
    if (actor.userId != 0)
        event.userId = actor.userId;
    event.actor = actor.description();
    event.patientId = patientId;
    event.action = action;
    event.detail = detail;
    event.address = actor.address.empty() ? "unknown" : actor.address;
    _store.appendAuditEventBeforeAnswer(event);
}

std::vector<AuditEvent> AuditTrail::list(const Actor& actor, Date from, Date to, bool exported) {
    if (actor.role != Role::Admin || actor.userId == 0 || !actor.via.empty())
        throw Poco::NoPermissionException("the audit trail is for clinic admins");
    if (to < from)
        throw ValidationException("to", "must not be before from");
    record(actor, std::nullopt, exported ? "audit.export" : "audit.view",
           from.toString() + " to " + to.toString());
    return _store.auditEvents(actor.clinicId, _clock.timeZone().startOfDay(from),
                              _clock.timeZone().startOfDay(to.plusDays(1)));
}

AuditVerification AuditTrail::verify() {
    constexpr std::size_t PAGE = 1000;
    AuditVerification result;
    std::string previous = AUDIT_CHAIN_START;
    std::int64_t after = 0;
    for (;;) {
        std::vector<AuditEvent> page = _store.auditChain(after, PAGE);
        if (page.empty())
            break;
        for (const auto& event : page) {
            ++result.checked;
            if (event.previousHash != previous) {
                result.firstBad = event;
                result.problem = "its previous hash does not match the entry before it (an entry "
                                 "was removed, inserted or reordered)";
                return result;
            }
            if (event.expectedHash() != event.hash) {
                result.firstBad = event;
                result.problem = "its content does not match its hash (the entry was changed)";
                return result;
            }
            previous = event.hash;
            after = event.seal.value_or(after);
        }
        if (page.size() < PAGE)
            break;
    }
    AuditBacklog backlog = _store.auditBacklog(_clock.nowSeconds() - AUDIT_SEAL_BOUND_SECONDS);
    result.unsealed = backlog.unsealed;
    result.overdue = backlog.overdue;
    return result;
}

std::size_t AuditTrail::seal() {
    // Each chunk is one write: the clinic's own writes queue behind it, so a chunk stays short
    // (at most a millisecond or two) and the writes that arrive meanwhile commit between chunks.
    constexpr std::size_t CHUNK = 250;
    std::size_t total = 0;
    for (;;) {
        std::size_t sealed = _store.sealAuditEvents(CHUNK);
        total += sealed;
        if (sealed < CHUNK)
            return total;
    }
}

} // namespace Limber
