#pragma once

#include <Poco/Data/Session.h>

#include <cstddef>
#include <string>

struct pg_conn; // libpq's PGconn

namespace Limber {

/// How many prepared statements one PostgreSQL connection keeps, by SQL text. The store has
/// fewer distinct texts than this; one-off texts (migrations) push out the least recently
/// used.
constexpr std::size_t POSTGRES_STATEMENTS_KEPT = 256;

/// Opens a PostgreSQL connection (a Poco::Data session on libpq) whose statements are prepared once
/// per connection and SQL text, not once per execution.
///
/// Throws Poco::Data::ConnectionFailedException, with libpq's reason, when it cannot connect.
///
/// Poco 1.11's PostgreSQL statements prepare, describe, run and deallocate their text: four
/// round trips for one execution. Worse, a statement that ran, then failed when run again
/// (a server restart between the two), freed its first result a second time when it was run
/// again or destroyed: a double free that brought the process down.
///
/// This session's statements share the connection's prepared statements by text: a text is
/// prepared and described once (PQprepare, PQdescribePrepared), and each execution is one
/// PQexecPrepared whose result the statement owns until its next execution or destruction.
/// Everything else keeps Poco's contract for its PostgreSQL connector:
/// - parameters go through Poco's PostgreSQL binder, as text (bytea as binary);
/// - columns are read as text with the same conversions as Poco's extractor;
/// - a failure is a Poco::Data::PostgreSQL::StatementException carrying the server's message
///   and SQLSTATE; a lost connection reads as not connected (Session::isConnected);
/// - a text is one statement with $1, $2... placeholders; container bindings run it once per
///   row, and a statement object may be executed again.
///
/// The session owns its libpq connection: it is finished when the session closes, whether it
/// is still connected or was lost (Poco's session left a lost connection unfinished, 35 KB
/// each, and one whose connect failed). Session::isTransaction is the server's own
/// transaction status. A session is not opened again: open a new one.
///
/// Beyond POSTGRES_STATEMENTS_KEPT texts, the least recently used one is deallocated, at a
/// moment the connection is outside any transaction (a failed DEALLOCATE must never abort a
/// caller's transaction). A text whose plan the server refuses to reuse (its tables changed
/// the result's columns) is prepared again and run again at once outside a transaction; inside
/// one, the failure stands (it aborted the transaction) and the next execution prepares anew.
///
/// Not thread-safe: one thread uses a connection at a time.
Poco::Data::Session openPostgresSession(const std::string& connection);

/// The libpq connection of a session from openPostgresSession (nullptr once it is closed, and
/// for any other session), for what Poco does not offer: its socket, its notice processor.
pg_conn* postgresConnection(Poco::Data::Session& session);

/// Queues command, a statement without parameters or rows (BEGIN, SAVEPOINT, RELEASE
/// SAVEPOINT), to be sent with the next statement the session runs, in the same round trip
/// (libpq's pipeline mode). The queued commands run first, in order; when one fails, the
/// statement does not run and fails with that command's error. A session not from
/// openPostgresSession runs command at once. Throws NotConnectedException once the session is
/// closed or its connection lost.
void deferPostgresCommand(Poco::Data::Session& session, const std::string& command);

/// What a connection's prepared statements have done so far (tests and benchmarks).
struct PostgresStatementCounts {
    std::size_t prepared = 0; ///< texts prepared on the server
    std::size_t reused = 0;   ///< statements that ran an already prepared text
    std::size_t kept = 0;     ///< prepared texts kept now
};

/// The counts of a session from openPostgresSession; all zero for any other session.
PostgresStatementCounts postgresStatementCounts(Poco::Data::Session& session);

} // namespace Limber
