#pragma once

#include "ConnectionPool.h"
#include "SqlDialect.h"

#include <Poco/Data/Session.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace Limber {

struct DatabaseConfig {
    SqlDialect dialect = SqlDialect::SQLite;
    /// SQLite: the database file's path. PostgreSQL: a libpq connection string
    /// ("host=127.0.0.1 port=5432 dbname=limber user=limber password=...").
    std::string connection;
    std::size_t readers = 8;
    std::chrono::milliseconds waitLimit{5000}; ///< for a free connection of the pool
    /// SQLite: how long a statement waits for a lock that another process holds (the server
    /// and `limber demo`, `user` or `report` on one file) before failing "database is locked".
    /// Within one process writers queue on the writer connection instead.
    std::chrono::milliseconds lockWaitLimit{30000};
    /// SQLite: false sets synchronous=NORMAL instead of FULL for a bulk load into a new
    /// database (limber demo): the WAL stays consistent after a crash, but the last commits
    /// may be lost on power failure. Patient data written while serving always use FULL.
    bool durableCommits = true;
};

/// Connections to one database and the transaction discipline both engines need.
///
/// SQLite: WAL journal, synchronous=FULL, foreign keys on, every connection set up alike.
/// Reads use a pool; all writes go through one writer connection, one at a time, inside
/// BEGIN IMMEDIATE (Poco's begin() is DEFERRED, which fails at once under WAL when a read
/// turns into a write). PostgreSQL: one pool; writes use BEGIN ... COMMIT on a pooled session.
class Database {
public:
    explicit Database(DatabaseConfig config);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    SqlDialect dialect() const { return _config.dialect; }

    /// SQL text with the dialect's placeholders.
    std::string sql(std::string_view text) const { return adaptSql(_config.dialect, text); }

    /// Runs work(session) on a pooled session outside any transaction; returns its result.
    template <typename Work> auto read(Work&& work) {
        ConnectionPool::Lease lease = _readers->acquire();
        return work(lease.session());
    }

    /// Runs work(session) inside a read-only transaction, so that several statements see one
    /// consistent state of the database even while writers commit (WAL snapshot in SQLite,
    /// REPEATABLE READ in PostgreSQL).
    template <typename Work> auto snapshot(Work&& work) {
        ConnectionPool::Lease lease = _readers->acquire();
        ReadTransaction transaction(lease.session(), _config.dialect);
        if constexpr (std::is_void_v<decltype(work(lease.session()))>) {
            work(lease.session());
            transaction.end();
        } else {
            auto result = work(lease.session());
            transaction.end();
            return result;
        }
    }

    /// Runs work(session) in a write transaction: committed when work returns, rolled back when
    /// it throws (the exception goes on to the caller).
    template <typename Work> auto write(Work&& work) {
        WriteTransaction transaction(*this);
        if constexpr (std::is_void_v<decltype(work(transaction.session()))>) {
            work(transaction.session());
            transaction.commit();
        } else {
            auto result = work(transaction.session());
            transaction.commit();
            return result;
        }
    }

    /// Closes every connection. Later calls throw.
    void close();

private:
    /// Owns one read transaction on a pooled session; ends it on destruction.
    class ReadTransaction {
    public:
        ReadTransaction(Poco::Data::Session& session, SqlDialect dialect);
        ~ReadTransaction();
        void end();

    private:
        Poco::Data::Session& _session;
        bool _open = true;
    };

    /// Owns one write transaction: begins in the constructor, rolls back unless committed.
    class WriteTransaction {
    public:
        explicit WriteTransaction(Database& database);
        ~WriteTransaction();
        Poco::Data::Session& session();
        void commit();

    private:
        Database& _database;
        std::unique_lock<std::mutex> _writerLock;
        std::unique_ptr<ConnectionPool::Lease> _lease;
        bool _done = false;
    };

    Poco::Data::Session open();
    void configure(Poco::Data::Session& session);

    DatabaseConfig _config;
    std::unique_ptr<ConnectionPool> _readers;
    std::mutex _writerMutex;
    std::unique_ptr<Poco::Data::Session> _writer; ///< SQLite only
};

} // namespace Limber
