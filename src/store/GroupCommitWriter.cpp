#include "GroupCommitWriter.h"

#include "PostgresSession.h"
#include "domain/StoreUnavailable.h"

#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Exception.h>

#include <chrono>
#include <libpq-fe.h>

namespace Limber {

using Poco::Data::Keywords::now;

namespace {

/// The writers object and the connection whose job runs on this thread, if any.
thread_local const GroupCommitWriter* activeWriters = nullptr;
thread_local void* activeWriter = nullptr;

/// Marks the current thread as running a job of writer for the scope.
class ActiveScope {
public:
    ActiveScope(const GroupCommitWriter* writers, void* writer) {
        activeWriters = writers;
        activeWriter = writer;
    }
    ~ActiveScope() {
        activeWriters = nullptr;
        activeWriter = nullptr;
    }
    ActiveScope(const ActiveScope&) = delete;
    ActiveScope& operator=(const ActiveScope&) = delete;
};

/// error as a StoreUnavailable, keeping its reason.
std::exception_ptr unavailable(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const StoreUnavailable&) {
        return error;
    } catch (const Poco::Exception& e) {
        return std::make_exception_ptr(StoreUnavailable(e.displayText()));
    } catch (const std::exception& e) {
        return std::make_exception_ptr(StoreUnavailable(e.what()));
    } catch (...) {
        return std::make_exception_ptr(StoreUnavailable("the connection failed"));
    }
}

} // namespace

std::exception_ptr unavailableWhenLockedTooLong(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const Poco::Data::SQLite::DBLockedException& e) {
        return std::make_exception_ptr(
            StoreUnavailable("the database stayed locked by another process: " + e.displayText()));
    } catch (const Poco::Data::SQLite::TableLockedException& e) {
        return std::make_exception_ptr(
            StoreUnavailable("the database stayed locked by another process: " + e.displayText()));
    } catch (...) {
        return error;
    }
}

GroupCommitWriter::GroupCommitWriter(Opener open, Check check, SqlDialect dialect,
                                     std::size_t writers, std::size_t maxBatch)
    : _open(std::move(open)), _check(std::move(check)), _dialect(dialect),
      _maxBatch(maxBatch == 0 ? 1 : maxBatch) {
    for (std::size_t i = 0; i < std::max<std::size_t>(writers, 1); ++i) {
        auto writer = std::make_unique<Writer>();
        ensureConnection(*writer);
        _writers.push_back(std::move(writer));
    }
    for (auto& writer : _writers)
        writer->thread = std::thread([this, w = writer.get()] { loop(*w); });
}

GroupCommitWriter::~GroupCommitWriter() {
    stop();
}

void GroupCommitWriter::stop() {
    {
        std::lock_guard lock(_mutex);
        if (_stopped)
            return;
        _stopping = true;
    }
    _queued.notify_all();
    for (auto& writer : _writers)
        if (writer->thread.joinable() && writer->thread.get_id() != std::this_thread::get_id())
            writer->thread.join();
    for (auto& writer : _writers) {
        if (!writer->session)
            continue;
        try {
            writer->session->close();
        } catch (...) {
        }
        writer->session.reset();
    }
    std::lock_guard lock(_mutex);
    _stopped = true;
}

bool GroupCommitWriter::isWriting() const {
    return activeWriters == this;
}

Poco::Data::Session& GroupCommitWriter::session() {
    if (!isWriting())
        throw Poco::IllegalStateException("no write under way on this thread");
    return *static_cast<Writer*>(activeWriter)->session;
}

void GroupCommitWriter::run(const Job& job) {
    auto pending = std::make_shared<Pending>();
    pending->job = &job;
    enqueue(pending);
    await(*pending);
}

std::function<void()> GroupCommitWriter::submit(Job job, JobKind kind) {
    auto pending = std::make_shared<Pending>();
    pending->owned = std::move(job);
    pending->kind = kind;
    pending->job = &pending->owned;
    enqueue(pending);
    return [this, pending] { await(*pending); };
}

void GroupCommitWriter::enqueue(const std::shared_ptr<Pending>& pending) {
    std::lock_guard lock(_mutex);
    if (_stopping)
        throw Poco::IllegalStateException("the database is closed");
    _queue.push_back(pending);
    _queued.notify_one();
}

void GroupCommitWriter::await(Pending& pending) {
    std::unique_lock lock(_mutex);
    pending.finished.wait(lock, [&] { return pending.done; });
    lock.unlock();
    if (pending.error)
        std::rethrow_exception(pending.error);
}

bool GroupCommitWriter::transactionStillGood(Writer& writer) {
    PGconn* connection = postgresConnection(*writer.session);
    return connection != nullptr && PQtransactionStatus(connection) == PQTRANS_INTRANS;
}

void GroupCommitWriter::execute(Writer& writer, const std::string& sql) {
    *writer.session << sql, now;
}

void GroupCommitWriter::executeSoon(Writer& writer, const std::string& sql) {
    if (_dialect == SqlDialect::PostgreSQL)
        deferPostgresCommand(*writer.session, sql);
    else
        execute(writer, sql);
}

void GroupCommitWriter::runNested(const Job& job) {
    Writer& writer = *static_cast<Writer*>(activeWriter);
    const std::string name = "nested_" + std::to_string(++writer.depth);
    try {
        executeSoon(writer, "SAVEPOINT " + name);
    } catch (...) {
        --writer.depth;
        throw;
    }
    try {
        job(*writer.session);
        executeSoon(writer, "RELEASE SAVEPOINT " + name);
        --writer.depth;
    } catch (...) {
        try {
            execute(writer, "ROLLBACK TO SAVEPOINT " + name);
            execute(writer, "RELEASE SAVEPOINT " + name);
        } catch (...) {
            // The connection failed: the enclosing batch fails with it.
        }
        --writer.depth;
        throw;
    }
}

bool GroupCommitWriter::connected(Writer& writer) const {
    if (!writer.session)
        return false;
    try {
        return writer.session->isConnected() && (!_check || _check(*writer.session));
    } catch (...) {
        return false;
    }
}

void GroupCommitWriter::ensureConnection(Writer& writer) {
    if (connected(writer))
        return;
    if (writer.session) {
        try {
            writer.session->close();
        } catch (...) {
        }
        writer.session.reset();
    }
    writer.session = std::make_unique<Poco::Data::Session>(_open());
}

void GroupCommitWriter::loop(Writer& writer) {
    std::unique_lock lock(_mutex);
    for (;;) {
        _queued.wait(lock, [this] { return _stopping || !_queue.empty(); });
        if (_queue.empty())
            return; // stopping, and nothing left to write
        std::deque<std::shared_ptr<Pending>> batch;
        while (!_queue.empty() && batch.size() < _maxBatch &&
               (batch.empty() || mayShareBatch(batch.front()->kind, _queue.front()->kind))) {
            batch.push_back(_queue.front());
            _queue.pop_front();
        }
        lock.unlock();
        _batchSizes.observe(static_cast<double>(batch.size()));
        runBatch(writer, batch);
        const bool lost = !connected(writer);
        for (const auto& pending : batch) {
            if (!pending->error)
                continue;
            // The connection broke under the batch (or could not be opened): what failed is
            // the database, not the jobs; a new connection is opened for the next batch.
            pending->error =
                lost ? unavailable(pending->error) : unavailableWhenLockedTooLong(pending->error);
        }
        // Notified under the lock: a caller cannot return before the loop has let go of every
        // Pending of the batch.
        lock.lock();
        for (const auto& pending : batch) {
            pending->done = true;
            pending->finished.notify_one();
        }
    }
}

bool GroupCommitWriter::mayShareBatch(JobKind first, JobKind next) const {
    if (_dialect == SqlDialect::SQLite)
        return true; // one writer: nothing to deadlock with
    return first == JobKind::AppendOnly && next == JobKind::AppendOnly;
}

void GroupCommitWriter::runBatch(Writer& writer, std::deque<std::shared_ptr<Pending>>& batch) {
    auto failAll = [&](const std::exception_ptr& error) {
        for (const auto& pending : batch)
            if (!pending->error)
                pending->error = error;
    };
    auto rollback = [&] {
        try {
            execute(writer, "ROLLBACK");
        } catch (...) {
            // The connection is gone: the server rolled back with it.
            try {
                writer.session->close();
            } catch (...) {
            }
            writer.session.reset();
        }
    };
    try {
        ensureConnection(writer);
        executeSoon(writer, _dialect == SqlDialect::SQLite ? "BEGIN IMMEDIATE" : "BEGIN");
    } catch (...) {
        failAll(std::current_exception());
        if (writer.session)
            rollback();
        return;
    }
    ActiveScope active(this, &writer);
    writer.depth = 0;
    const bool alone = batch.size() == 1;
    for (const auto& pending : batch) {
        if (alone) {
            try {
                (*pending->job)(*writer.session);
            } catch (...) {
                pending->error = std::current_exception();
                rollback();
                return;
            }
            continue;
        }
        try {
            executeSoon(writer, "SAVEPOINT job");
            (*pending->job)(*writer.session);
            executeSoon(writer, "RELEASE SAVEPOINT job");
        } catch (...) {
            pending->error = std::current_exception();
            try {
                execute(writer, "ROLLBACK TO SAVEPOINT job");
                execute(writer, "RELEASE SAVEPOINT job");
            } catch (...) {
                // Without its savepoint the batch cannot be told apart from the failed job.
                failAll(pending->error);
                rollback();
                return;
            }
        }
    }
    if (_dialect == SqlDialect::PostgreSQL && !transactionStillGood(writer)) {
        // PostgreSQL answers COMMIT of a failed transaction with a silent rollback: nothing is
        // acknowledged unless the transaction is still good. A statement gets the server's
        // reason (or the connection's) for the requests.
        try {
            execute(writer, "SELECT 1");
        } catch (...) {
            failAll(std::current_exception());
            rollback();
            return;
        }
    }
    try {
        auto started = std::chrono::steady_clock::now();
        execute(writer, "COMMIT");
        _commitSeconds.observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    } catch (...) {
        failAll(std::current_exception());
        rollback();
    }
}

} // namespace Limber
