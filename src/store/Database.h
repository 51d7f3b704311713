#pragma once

#include "ConnectionPool.h"
#include "GroupCommitWriter.h"
#include "SqlDialect.h"
#include "domain/PendingWrites.h"

#include <Poco/Data/Session.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>

namespace Limber {

/// The PostgreSQL advisory lock of one-time work on a database ("Limber" as a number):
/// migrations hold it for their first transaction, Database::exclusively for its work.
constexpr long long DATABASE_LOCK_KEY = 84015690442098;

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
/// Reads use a pool. Every write goes to the GroupCommitWriter, which answers each only once it
/// is durable. SQLite: WAL journal, synchronous=FULL, foreign keys on, every connection set up
/// alike; one writer commits the writes that arrive together in one transaction (one fsync),
/// in BEGIN IMMEDIATE (Poco's begin() is DEFERRED, which fails at once under WAL when a read
/// turns into a write), waiting for other processes' writers up to the busy timeout.
/// PostgreSQL: readers/2 writers (at least 2), each write in a transaction of its own on a
/// writer's connection; the server shares WAL flushes among COMMITs that arrive together.
class Database {
public:
    explicit Database(DatabaseConfig config);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    SqlDialect dialect() const { return _config.dialect; }

    /// The read pool's use, for /metrics.
    ConnectionPool::Use readerUse() { return _readers->use(); }
    /// The writer (its batch sizes and commit times, for /metrics); null once closed.
    const GroupCommitWriter* writerIfOpen() const { return _writer.get(); }

    /// True on the writer's thread inside a write: what is read there may still roll back.
    bool inWrite() const { return _writer && _writer->isWriting(); }

    /// SQL text with the dialect's placeholders.
    std::string sql(std::string_view text) const { return adaptSql(_config.dialect, text); }

    /// Runs work(session) on a pooled session outside any transaction; returns its result.
    /// Inside a write (on the writer's thread) it runs on the writer's connection, so that it
    /// sees the changes made so far.
    /// A connection lost during work (the database restarted or went away) throws
    /// StoreUnavailable; the pool replaces the connection. So does SQLite's "database is
    /// locked" after the lock wait (lockWaitLimit).
    template <typename Work> auto read(Work&& work) {
        if (_writer && _writer->isWriting())
            return work(_writer->session());
        ConnectionPool::Lease lease = _readers->acquire();
        try {
            return work(lease.session());
        } catch (...) {
            throwUnavailableIfNotAnswering(lease.session());
            throw;
        }
    }

    /// Runs work(session) inside a read-only transaction, so that several statements see one
    /// consistent state of the database even while writers commit (WAL snapshot in SQLite,
    /// REPEATABLE READ in PostgreSQL).
    template <typename Work> auto snapshot(Work&& work) {
        if (_writer && _writer->isWriting())
            return work(_writer->session());
        ConnectionPool::Lease lease = _readers->acquire();
        try {
            ReadTransaction transaction(lease.session(), _config.dialect);
            if constexpr (std::is_void_v<decltype(work(lease.session()))>) {
                work(lease.session());
                transaction.end();
            } else {
                auto result = work(lease.session());
                transaction.end();
                return result;
            }
        } catch (...) {
            throwUnavailableIfNotAnswering(lease.session());
            throw;
        }
    }

    /// Runs work(session) in a write transaction: its changes are committed and durable when
    /// write returns, and rolled back when it throws (the exception goes on to the caller).
    /// Called from inside another write, it joins that write's transaction in a savepoint of
    /// its own: undone alone when it throws, committed with the enclosing write otherwise.
    template <typename Work> auto write(Work&& work) {
        using Result = decltype(work(std::declval<Poco::Data::Session&>()));
        GroupCommitWriter& writer = this->writer();
        if constexpr (std::is_void_v<Result>) {
            GroupCommitWriter::Job job = [&](Poco::Data::Session& session) { work(session); };
            if (writer.isWriting()) {
                writer.runNested(job);
            } else {
                PendingWrites::waitForCurrent();
                writer.run(job);
            }
        } else {
            std::optional<Result> result;
            GroupCommitWriter::Job job = [&](Poco::Data::Session& session) {
                result.emplace(work(session));
            };
            if (writer.isWriting()) {
                writer.runNested(job);
            } else {
                PendingWrites::waitForCurrent();
                writer.run(job);
            }
            return std::move(*result);
        }
    }

    /// Runs work(session), which only appends (GroupCommitWriter::JobKind::AppendOnly: an
    /// audit entry), in a write transaction as write() does, but within a request
    /// (PendingWrites::current()) returns as soon as work is queued: the request goes on, and
    /// its answer waits until work is committed (and fails as write() would have thrown). On
    /// PostgreSQL such work shares its transaction with other appends waiting at that moment.
    /// Outside a request, or inside a write, it is write(work). A write() that waits, later in
    /// the request, first waits for this one (see PendingWrites::waitForCurrent).
    void appendBeforeAnswer(std::function<void(Poco::Data::Session&)> work) {
        PendingWrites* pending = PendingWrites::current();
        GroupCommitWriter& writer = this->writer();
        if (!pending || writer.isWriting()) {
            write(work);
            return;
        }
        pending->add(writer.submit(std::move(work), GroupCommitWriter::JobKind::AppendOnly));
    }

    /// Runs work while holding the database-wide lock: PostgreSQL's advisory lock that
    /// migrations take (held by a connection of its own for the whole of work), SQLite an
    /// exclusive lock on the file DATABASE.lock beside the database (every process on one
    /// SQLite file runs on one machine). Waits for another process holding it.
    void exclusively(const std::function<void()>& work);

    /// Closes every connection. Later calls throw.
    void close();

private:
    /// Puts the SQLite file in WAL mode unless it is already (see the constructor).
    void useWriteAheadLog(Poco::Data::Session& session);

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

    Poco::Data::Session open();
    /// Inside a catch block: throws StoreUnavailable (with the caught exception's reason) when
    /// session lost its connection or the caught exception is SQLite's lock wait running out;
    /// returns otherwise.
    static void throwUnavailableIfNotAnswering(Poco::Data::Session& session);
    void configure(Poco::Data::Session& session);
    GroupCommitWriter& writer();

    DatabaseConfig _config;
    std::unique_ptr<ConnectionPool> _readers;
    std::unique_ptr<GroupCommitWriter> _writer;
};

} // namespace Limber
