#include "GroupCommitWriter.h"

#include <Poco/Exception.h>

namespace Limber {

using Poco::Data::Keywords::now;

namespace {

/// The writer whose job runs on this thread, if any.
thread_local const GroupCommitWriter* activeWriter = nullptr;

/// Marks the current thread as running a job of writer for the scope.
class ActiveScope {
public:
    explicit ActiveScope(const GroupCommitWriter* writer) { activeWriter = writer; }
    ~ActiveScope() { activeWriter = nullptr; }
    ActiveScope(const ActiveScope&) = delete;
    ActiveScope& operator=(const ActiveScope&) = delete;
};

} // namespace

GroupCommitWriter::GroupCommitWriter(Opener open, SqlDialect dialect, std::size_t maxBatch)
    : _open(std::move(open)), _dialect(dialect), _maxBatch(maxBatch == 0 ? 1 : maxBatch) {
    ensureConnection();
    _thread = std::thread([this] { loop(); });
}

GroupCommitWriter::~GroupCommitWriter() {
    stop();
}

void GroupCommitWriter::stop() {
    {
        std::lock_guard lock(_mutex);
        if (_stopping && !_thread.joinable())
            return;
        _stopping = true;
    }
    _queued.notify_all();
    if (_thread.joinable() && _thread.get_id() != std::this_thread::get_id())
        _thread.join();
    if (_session) {
        try {
            _session->close();
        } catch (...) {
        }
        _session.reset();
    }
}

bool GroupCommitWriter::isWriting() const {
    return activeWriter == this;
}

void GroupCommitWriter::run(const Job& job) {
    Pending pending;
    pending.job = &job;
    std::unique_lock lock(_mutex);
    if (_stopping)
        throw Poco::IllegalStateException("the database is closed");
    _queue.push_back(&pending);
    _queued.notify_one();
    _finished.wait(lock, [&] { return pending.done; });
    lock.unlock();
    if (pending.error)
        std::rethrow_exception(pending.error);
}

void GroupCommitWriter::execute(const std::string& sql) {
    *_session << sql, now;
}

void GroupCommitWriter::runNested(const Job& job) {
    const std::string name = "nested_" + std::to_string(++_depth);
    try {
        execute("SAVEPOINT " + name);
    } catch (...) {
        --_depth;
        throw;
    }
    try {
        job(*_session);
        execute("RELEASE SAVEPOINT " + name);
        --_depth;
    } catch (...) {
        try {
            execute("ROLLBACK TO SAVEPOINT " + name);
            execute("RELEASE SAVEPOINT " + name);
        } catch (...) {
            // The connection failed: the enclosing batch fails with it.
        }
        --_depth;
        throw;
    }
}

void GroupCommitWriter::ensureConnection() {
    bool usable = false;
    if (_session) {
        try {
            usable = _session->isConnected();
        } catch (...) {
            usable = false;
        }
    }
    if (usable)
        return;
    if (_session) {
        try {
            _session->close();
        } catch (...) {
        }
        _session.reset();
    }
    _session = std::make_unique<Poco::Data::Session>(_open());
}

void GroupCommitWriter::loop() {
    std::unique_lock lock(_mutex);
    for (;;) {
        _queued.wait(lock, [this] { return _stopping || !_queue.empty(); });
        if (_queue.empty())
            return; // stopping, and nothing left to write
        std::deque<Pending*> batch;
        while (!_queue.empty() && batch.size() < _maxBatch) {
            batch.push_back(_queue.front());
            _queue.pop_front();
        }
        lock.unlock();
        runBatch(batch);
        lock.lock();
        for (Pending* pending : batch)
            pending->done = true;
        _finished.notify_all();
    }
}

void GroupCommitWriter::runBatch(std::deque<Pending*>& batch) {
    auto failAll = [&](const std::exception_ptr& error) {
        for (Pending* pending : batch)
            if (!pending->error)
                pending->error = error;
    };
    auto rollback = [&] {
        try {
            execute("ROLLBACK");
        } catch (...) {
            // The connection is gone: the server rolled back with it.
            try {
                _session->close();
            } catch (...) {
            }
            _session.reset();
        }
    };
    try {
        ensureConnection();
        execute(_dialect == SqlDialect::SQLite ? "BEGIN IMMEDIATE" : "BEGIN");
    } catch (...) {
        failAll(std::current_exception());
        if (_session)
            rollback();
        return;
    }
    ActiveScope active(this);
    const bool alone = batch.size() == 1;
    for (Pending* pending : batch) {
        if (alone) {
            try {
                (*pending->job)(*_session);
            } catch (...) {
                pending->error = std::current_exception();
                rollback();
                return;
            }
            continue;
        }
        try {
            execute("SAVEPOINT job");
            (*pending->job)(*_session);
            execute("RELEASE SAVEPOINT job");
        } catch (...) {
            pending->error = std::current_exception();
            try {
                execute("ROLLBACK TO SAVEPOINT job");
                execute("RELEASE SAVEPOINT job");
            } catch (...) {
                // Without its savepoint the batch cannot be told apart from the failed job.
                failAll(pending->error);
                rollback();
                return;
            }
        }
    }
    if (_dialect == SqlDialect::PostgreSQL) {
        // PostgreSQL answers COMMIT of a failed transaction with a silent rollback: make sure
        // the transaction is still good before acknowledging anything.
        try {
            execute("SELECT 1");
        } catch (...) {
            failAll(std::current_exception());
            rollback();
            return;
        }
    }
    try {
        execute("COMMIT");
    } catch (...) {
        failAll(std::current_exception());
        rollback();
    }
}

} // namespace Limber
