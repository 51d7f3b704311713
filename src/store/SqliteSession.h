#pragma once

#include <Poco/Data/Session.h>

#include <cstddef>
#include <string>

namespace Limber {

/// How many prepared statements one connection keeps, by SQL text. The store has fewer
/// distinct texts than this; one-off texts (migrations) push out the least recently used.
constexpr std::size_t SQLITE_STATEMENTS_KEPT = 256;

/// Opens a SQLite connection (Poco::Data session) on the file at path whose statements are
/// prepared once per connection and SQL text, not once per execution.
///
/// Poco 1.11's SQLite connector prepares the SQL text again on every execute, even for a reused
/// Statement. This session's statements take a prepared statement (sqlite3_prepare_v3,
/// SQLITE_PREPARE_PERSISTENT) from the connection's own cache when their text was prepared
/// before, and give it back when they are done with it: reset (so it holds no read
/// transaction open) and its bindings cleared (so it refers to no caller's memory). Everything
/// else is as with Poco's SQLite connector: the same binder and extractor, several statements
/// in one text run in turn (those are not kept), and a statement whose tables changed is
/// prepared again by SQLite itself. A text used twice at once on one connection (a statement
/// still open while the same query runs again) gets a second prepared statement.
///
/// Not thread-safe beyond Poco's own rules: one thread uses a connection at a time.
Poco::Data::Session openSqliteSession(const std::string& path);

/// Makes SQLite's process-wide settings for Limber's connections, once:
/// - multi-thread mode: the pools lend each connection, and the statements prepared on it, to
///   one thread at a time, so SQLite need not take the connection's lock on every call (each
///   column read took it twice);
/// - no memory statistics: they took one lock for the whole process on every allocation and
///   release by any connection, and the threads' reads queued on it.
///
/// SQLite takes them only before its first connection opens, so they are made at start-up (a
/// static initializer of the store) and by openSqliteSession. Returns whether they are in
/// force; false means SQLite was in use first and keeps its defaults (serialized, which is
/// slower but as correct).
bool configureSqlite();

/// What a connection's statement cache has done so far (tests and benchmarks).
struct SqliteStatementCounts {
    std::size_t prepared = 0; ///< statements prepared by SQLite
    std::size_t reused = 0;   ///< executions that took an already prepared statement
    std::size_t kept = 0;     ///< prepared statements held idle now
};

/// The counts of a session from openSqliteSession; all zero for any other session.
SqliteStatementCounts sqliteStatementCounts(Poco::Data::Session& session);

} // namespace Limber
