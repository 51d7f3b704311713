#include "Database.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Exception.h>

namespace Limber {

using Poco::Data::Keywords::now;

namespace {

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
        _writer = std::make_unique<Poco::Data::Session>(open());
        // The journal mode is a property of the file: set it once, on the writer.
        *_writer << "PRAGMA journal_mode=WAL", now;
    }
    _readers = std::make_unique<ConnectionPool>([this] { return open(); }, _config.readers,
                                                _config.waitLimit);
    // Fail now, with the reason, rather than on the first request.
    read([](Poco::Data::Session& session) { session << "SELECT 1", now; });
}

Database::~Database() {
    close();
}

void Database::close() {
    if (_readers)
        _readers->close();
    std::lock_guard lock(_writerMutex);
    if (_writer) {
        try {
            _writer->close();
        } catch (...) {
        }
        _writer.reset();
    }
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

Database::WriteTransaction::WriteTransaction(Database& database)
    : _database(database), _writerLock(database._writerMutex, std::defer_lock) {
    if (_database._config.dialect == SqlDialect::SQLite) {
        _writerLock.lock();
        if (!_database._writer)
            throw Poco::IllegalStateException("the database is closed");
        *_database._writer << "BEGIN IMMEDIATE", now;
    } else {
        _lease = std::make_unique<ConnectionPool::Lease>(_database._readers->acquire());
        _lease->session().begin();
    }
}

Poco::Data::Session& Database::WriteTransaction::session() {
    return _lease ? _lease->session() : *_database._writer;
}

void Database::WriteTransaction::commit() {
    if (_lease)
        _lease->session().commit();
    else
        session() << "COMMIT", now;
    _done = true;
}

Database::WriteTransaction::~WriteTransaction() {
    if (_done)
        return;
    try {
        if (_lease)
            _lease->session().rollback();
        else
            session() << "ROLLBACK", now;
    } catch (...) {
        // The connection is gone; PostgreSQL rolls back on disconnect and SQLite on close.
    }
}

} // namespace Limber
