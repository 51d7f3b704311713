// The plugins' outbox half of SqlStore. See migrations/010_outbox.sql for the table.
#include "SqlStore.h"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

namespace Limber {

using namespace Poco::Data::Keywords;
using DbSession = Poco::Data::Session;
using Poco::Data::Statement;

namespace {

const char* OUTBOX_COLUMNS = "id, event_id, recipient, clinic_id, event_type, payload, created_at, "
                             "attempts, next_attempt_at, last_error, state, delivered_at";

std::vector<OutboxEntry> selectOutbox(Database& database, const std::string& where,
                                      const std::function<void(Statement&)>& bindings) {
    return database.read([&](DbSession& session) {
        std::vector<std::int64_t> ids, clinicIds, createdAts, nextAts;
        std::vector<int> attempts;
        std::vector<std::string> eventIds, recipients, types, payloads, errors, states;
        std::vector<Poco::Nullable<std::int64_t>> deliveredAts;
        Statement select(session);
        select << database.sql(std::string("SELECT ") + OUTBOX_COLUMNS + " FROM outbox WHERE " +
                               where),
            into(ids), into(eventIds), into(recipients), into(clinicIds), into(types),
            into(payloads), into(createdAts), into(attempts), into(nextAts), into(errors),
            into(states), into(deliveredAts);
        bindings(select);
        select.execute();
        std::vector<OutboxEntry> list(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            OutboxEntry& entry = list[i];
            entry.id = ids[i];
            entry.eventId = eventIds[i];
            entry.recipient = recipients[i];
            entry.clinicId = clinicIds[i];
            entry.type = types[i];
            entry.payload = payloads[i];
            entry.createdAt = createdAts[i];
            entry.attempts = attempts[i];
            entry.nextAttemptAt = nextAts[i];
            entry.lastError = errors[i];
            entry.state = states[i];
            if (!deliveredAts[i].isNull())
                entry.deliveredAt = deliveredAts[i].value();
        }
        return list;
    });
}

} // namespace

void SqlStore::appendOutboxEntry(const OutboxEntry& entry) {
    _database->write([&](DbSession& session) {
        session << _database->sql("INSERT INTO outbox (event_id, recipient, clinic_id, event_type, "
                                  "payload, created_at, attempts, next_attempt_at, last_error, "
                                  "state) VALUES (?, ?, ?, ?, ?, ?, 0, ?, '', 'pending')"),
            bind(entry.eventId), bind(entry.recipient), bind(entry.clinicId), bind(entry.type),
            bind(entry.payload), bind(entry.createdAt), bind(entry.nextAttemptAt), now;
    });
}

bool SqlStore::appendOutboxEntryOnce(const OutboxEntry& entry) {
    return _database->write([&](DbSession& session) {
        // ON CONFLICT DO NOTHING leaves a transaction usable on PostgreSQL (a unique violation
        // would end it); of two instances inserting at once the second waits for the first's
        // commit and then inserts nothing. RETURNING tells which one wrote it.
        std::vector<std::int64_t> added;
        session << _database->sql(
            "INSERT INTO outbox (event_id, recipient, clinic_id, event_type, payload, created_at, "
            "attempts, next_attempt_at, last_error, state) VALUES (?, ?, ?, ?, ?, ?, 0, ?, '', "
            "'pending') ON CONFLICT (event_id, recipient) DO NOTHING RETURNING id"),
            bind(entry.eventId), bind(entry.recipient), bind(entry.clinicId), bind(entry.type),
            bind(entry.payload), bind(entry.createdAt), bind(entry.nextAttemptAt), into(added), now;
        return !added.empty();
    });
}

bool SqlStore::claimOutboxEntry(std::int64_t entryId, std::int64_t dueAt, std::int64_t until) {
    return _database->write([&](DbSession& session) {
        // The row lock makes a second instance's UPDATE wait and then find next_attempt_at
        // changed: it takes nothing.
        std::vector<std::int64_t> taken;
        session << _database->sql("UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND "
                                  "state = 'pending' AND next_attempt_at = ? RETURNING id"),
            bind(until), bind(entryId), bind(dueAt), into(taken), now;
        return !taken.empty();
    });
}

std::vector<OutboxEntry> SqlStore::dueOutboxEntries(std::int64_t at, std::size_t limit) {
    auto count = static_cast<std::int64_t>(limit);
    return selectOutbox(*_database,
                        "state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                        [&](Statement& s) { s, bind(at), bind(count); });
}

void SqlStore::markOutboxDelivered(std::int64_t entryId, std::int64_t at) {
    _database->write([&](DbSession& session) {
        session << _database->sql(
            "UPDATE outbox SET state = 'delivered', delivered_at = ? WHERE id = ?"),
            bind(at), bind(entryId), now;
    });
}

void SqlStore::markOutboxFailed(std::int64_t entryId, int attempts, std::int64_t nextAttemptAt,
                                const std::string& error, std::int64_t at, bool dead) {
    std::string state = dead ? "dead" : "pending";
    _database->write([&](DbSession& session) {
        session << _database->sql("UPDATE outbox SET attempts = ?, next_attempt_at = ?, "
                                  "last_error = ?, last_error_at = ?, state = ? WHERE id = ?"),
            bind(attempts), bind(nextAttemptAt), bind(error), bind(at), bind(state), bind(entryId),
            now;
    });
}

OutboxStatus SqlStore::outboxStatus(const std::string& recipient) {
    return _database->read([&](DbSession& session) {
        OutboxStatus status;
        std::vector<std::string> states;
        std::vector<std::int64_t> counts;
        session << _database->sql(
            "SELECT state, COUNT(*) FROM outbox WHERE recipient = ? GROUP BY state"),
            bind(recipient), into(states), into(counts), now;
        for (std::size_t i = 0; i < states.size(); ++i)
            (states[i] == "pending" ? status.pending
             : states[i] == "dead"  ? status.dead
                                    : status.delivered) = counts[i];
        std::vector<std::string> errors;
        std::vector<std::int64_t> ats;
        session << _database->sql("SELECT last_error, last_error_at FROM outbox WHERE recipient = "
                                  "? AND last_error_at > 0 ORDER BY last_error_at DESC, id DESC "
                                  "LIMIT 1"),
            bind(recipient), into(errors), into(ats), now;
        if (!errors.empty()) {
            status.lastError = errors.front();
            status.lastErrorAt = ats.front();
        }
        return status;
    });
}

std::vector<OutboxEntry> SqlStore::outboxEntries(const std::string& recipient,
                                                 const std::string& state, std::size_t limit) {
    auto count = static_cast<std::int64_t>(limit);
    return selectOutbox(*_database, "recipient = ? AND state = ? ORDER BY id DESC LIMIT ?",
                        [&](Statement& s) { s, bind(recipient), bind(state), bind(count); });
}

} // namespace Limber
