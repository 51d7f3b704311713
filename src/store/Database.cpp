#include "Database.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Exception.h>

#include <algorithm>

namespace Limber {

using Poco::Data::Keywords::now;

namespace {

/// The most writes one SQLite transaction commits together.
constexpr std::size_t MAX_BATCH = 512;

void registerConnectors() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
    });
}

} // namespace

Database::Database(DatabaseConfig config) : _config(std::move(config)) {
    registerConnectors();
    if (_config.connection.empty())
        throw Poco::InvalidArgumentException("store: no database given");
    if (_config.dialect == SqlDialect::SQLite) {
        // The journal mode is a property of the file: set it once, before anyone writes.
        Poco::Data::Session first = open();
        first << "PRAGMA journal_mode=WAL", now;
        first.close();
    }
    // SQLite has one write lock: one writer, batching. PostgreSQL: a few writers, one job per
    // transaction (see GroupCommitWriter).
    const bool sqlite = _config.dialect == SqlDialect::SQLite;
    _writer = std::make_unique<GroupCommitWriter>(
        [this] { return open(); }, _config.dialect,
        sqlite ? 1 : std::max<std::size_t>(2, _config.readers / 2), sqlite ? MAX_BATCH : 1);
    _readers = std::make_unique<ConnectionPool>([this] { return open(); }, _config.readers,
                                                _config.waitLimit);
    // Fail now, with the reason, rather than on the first request.
    read([](Poco::Data::Session& session) { session << "SELECT 1", now; });
}

Database::~Database() {
    close();
}

void Database::close() {
    if (_writer)
        _writer->stop();
    if (_readers)
        _readers->close();
}

GroupCommitWriter& Database::writer() {
    if (!_writer)
        throw Poco::IllegalStateException("the database is closed");
    return *_writer;
}

Poco::Data::Session Database::open() {
    if (_config.dialect == SqlDialect::SQLite) {
        Poco::Data::Session session("SQLite", _config.connection);
        configure(session);
        return session;
    }
    Poco::Data::Session session("PostgreSQL", _config.connection);
    // Without it libpq prints the server's notices on stderr ("relation ... already exists,
    // skipping" on every start), ahead of the one line a command prints when it fails.
    session << "SET client_min_messages = warning", now;
    return session;
}

void Database::configure(Poco::Data::Session& session) {
    std::string busy = "PRAGMA busy_timeout=" + std::to_string(_config.lockWaitLimit.count());
    session << busy, now;
    session << (_config.durableCommits ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"),
        now;
    session << "PRAGMA foreign_keys=ON", now;
}

Database::ReadTransaction::ReadTransaction(Poco::Data::Session& session, SqlDialect dialect)
    : _session(session) {
    if (dialect == SqlDialect::SQLite)
        _session << "BEGIN", now;
    else
        _session << "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", now;
}

void Database::ReadTransaction::end() {
    if (_open) {
        _open = false;
        _session << "COMMIT", now;
    }
}

Database::ReadTransaction::~ReadTransaction() {
    if (!_open)
        return;
    try {
        _session << "ROLLBACK", now;
    } catch (...) {
        // The connection is gone; the server ends the transaction with it.
    }
}

} // namespace Limber
