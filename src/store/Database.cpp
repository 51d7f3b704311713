#include "Database.h"

#include "PostgresSession.h"
#include "SqliteSession.h"
#include "domain/StoreUnavailable.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Exception.h>
#include <Poco/String.h>

#include <algorithm>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace Limber {

using Poco::Data::Keywords::into;
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

/// libpq's notice processor for Limber's connections: says nothing. Without it libpq prints
/// on stderr what the server sends outside a query, such as a restart's "FATAL: terminating
/// connection due to administrator command"; Limber notices a lost connection itself (and
/// answers 503), so the line is noise on the console of a command or the server.
void ignoreNotice(void*, const char*) {}

/// An idle PostgreSQL connection that still looks connected, without a round trip: libpq still
/// says connected, and nothing waits to be read on its socket. An idle connection receives
/// nothing unasked; a server that restarts or terminates it sends its last message and closes
/// the socket, which makes it readable.
bool postgresConnectionLooksAlive(Poco::Data::Session& session) {
    PGconn* connection = postgresConnection(session);
    if (connection == nullptr || PQstatus(connection) != CONNECTION_OK)
        return false;
    pollfd socket{PQsocket(connection), POLLIN, 0};
    if (socket.fd < 0)
        return false;
    const int ready = ::poll(&socket, 1, 0);
    return ready == 0;
}

std::string reasonOf(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const Poco::Exception& e) {
        return e.displayText();
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "the connection failed";
    }
}

} // namespace

void Database::throwUnavailableIfNotAnswering(Poco::Data::Session& session) {
    std::exception_ptr error = std::current_exception();
    bool connected = false;
    try {
        connected = session.isConnected();
    } catch (...) {
    }
    if (connected) {
        std::exception_ptr locked = unavailableWhenLockedTooLong(error);
        if (locked != error)
            std::rethrow_exception(locked);
        return;
    }
    try {
        std::rethrow_exception(error);
    } catch (const StoreUnavailable&) {
        throw;
    } catch (...) {
    }
    throw StoreUnavailable("the database connection was lost: " + reasonOf(error));
}

Database::Database(DatabaseConfig config) : _config(std::move(config)) {
    registerConnectors();
    if (_config.connection.empty())
        throw Poco::InvalidArgumentException("store: no database given");
    if (_config.dialect == SqlDialect::SQLite) {
        // The journal mode is a property of the file: set it once, before anyone writes.
        Poco::Data::Session first = open();
        useWriteAheadLog(first);
        first.close();
    }
    // SQLite has one write lock: one writer, batching. PostgreSQL: a few writers, one job per
    // transaction but for appends (see GroupCommitWriter).
    const bool sqlite = _config.dialect == SqlDialect::SQLite;
    // PostgreSQL connections are checked before use: a server restart closes every one of them.
    ConnectionPool::Check check;
    if (!sqlite)
        check = postgresConnectionLooksAlive;
    _writer = std::make_unique<GroupCommitWriter>(
        [this] { return open(); }, check, _config.dialect,
        sqlite ? 1 : std::max<std::size_t>(2, _config.readers / 2), MAX_BATCH);
    _readers = std::make_unique<ConnectionPool>([this] { return open(); }, _config.readers,
                                                _config.waitLimit, check);
    // Fail now, with the reason, rather than on the first request.
    read([](Poco::Data::Session& session) { session << "SELECT 1", now; });
}

Database::~Database() {
    close();
}

void Database::useWriteAheadLog(Poco::Data::Session& session) {
    std::string mode;
    session << "PRAGMA journal_mode", into(mode), now;
    if (Poco::toLower(mode) == "wal")
        return;
    // Changing the mode takes an exclusive lock that SQLite does not wait for: processes
    // opening a new file at the same moment change it one at a time (the database-wide lock),
    // and a moment's shared lock of one reading the mode is waited out.
    exclusively([&] {
        const auto giveUp = std::chrono::steady_clock::now() + _config.lockWaitLimit;
        for (;;) {
            try {
                session << "PRAGMA journal_mode=WAL", now;
                return;
            } catch (const Poco::Data::SQLite::DBLockedException&) {
                if (std::chrono::steady_clock::now() >= giveUp)
                    throw;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
}

void Database::exclusively(const std::function<void()>& work) {
    if (_config.dialect == SqlDialect::PostgreSQL) {
        // A connection of its own, outside the pool, so that work's reads never wait for it.
        Poco::Data::Session holder = open();
        holder << "SELECT 1 FROM (SELECT pg_advisory_lock(" + std::to_string(DATABASE_LOCK_KEY) +
                      ")) AS held",
            now;
        try {
            work();
        } catch (...) {
            holder.close(); // ends the session and with it the lock
            throw;
        }
        holder << "SELECT 1 FROM (SELECT pg_advisory_unlock(" + std::to_string(DATABASE_LOCK_KEY) +
                      ")) AS released",
            now;
        holder.close();
        return;
    }
    const std::string path = _config.connection + ".lock";
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        throw Poco::FileException(path + ": cannot open the database's lock file");
    if (::flock(fd, LOCK_EX) != 0) {
        ::close(fd);
        throw Poco::FileException(path + ": cannot lock the database's lock file");
    }
    try {
        work();
    } catch (...) {
        ::close(fd); // releases the lock
        throw;
    }
    ::close(fd);
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
        Poco::Data::Session session = openSqliteSession(_config.connection);
        configure(session);
        return session;
    }
    try {
        Poco::Data::Session session = openPostgresSession(_config.connection);
        PQsetNoticeProcessor(postgresConnection(session), ignoreNotice, nullptr);
        // Without it libpq prints the server's notices on stderr ("relation ... already exists,
        // skipping" on every start), ahead of the one line a command prints when it fails.
        session << "SET client_min_messages = warning", now;
        return session;
    } catch (const Poco::Data::ConnectionFailedException& e) {
        throw StoreUnavailable("the database does not answer: " + e.message());
    } catch (const Poco::Exception& e) {
        throw StoreUnavailable("the database does not answer: " + e.displayText());
    }
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
