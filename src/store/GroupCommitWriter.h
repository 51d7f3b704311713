#pragma once

#include "SqlDialect.h"

#include <Poco/Data/Session.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace Limber {

/// The one writer of a database in this process: the write jobs of every request are handed to
/// it and run on its thread, as many as are waiting, in one transaction (group commit: one
/// COMMIT, so one fsync, per batch). Each job runs in a savepoint of its own, so a job that
/// throws undoes only its own changes. run() returns only after the COMMIT of the batch that
/// holds the job has returned, i.e. once the job's changes are durable.
///
/// SQLite: the transaction is BEGIN IMMEDIATE, which waits for other processes' writers up to
/// the connection's busy timeout. PostgreSQL: BEGIN ... COMMIT on the writer's connection.
class GroupCommitWriter {
public:
    using Job = std::function<void(Poco::Data::Session&)>;
    using Opener = std::function<Poco::Data::Session()>;

    /// Opens the writer's connection now (so a bad configuration fails at once) and starts its
    /// thread. maxBatch bounds the jobs committed together.
    GroupCommitWriter(Opener open, SqlDialect dialect, std::size_t maxBatch = 512);
    /// Runs the jobs still queued, then stops the thread and closes the connection.
    ~GroupCommitWriter();
    GroupCommitWriter(const GroupCommitWriter&) = delete;
    GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

    /// Runs job on the writer thread inside the next batch and waits until that batch is
    /// committed. Rethrows what job threw (its changes are rolled back, the batch's others
    /// are not), or the error that kept the batch from committing. Throws
    /// Poco::IllegalStateException once stopped.
    void run(const Job& job);

    /// Runs job at once inside the job under way on this thread, in a nested savepoint: called
    /// only from a job (isWriting() is true). Throws what job threw, its changes undone.
    void runNested(const Job& job);

    /// True on the writer thread while it runs a job: a write from there joins that job's
    /// transaction, and a read there must use session() to see the job's own changes.
    bool isWriting() const;

    /// The writer's connection; only for use from a job (isWriting()).
    Poco::Data::Session& session() { return *_session; }

    /// Finishes the queued jobs and stops; later run() calls throw.
    void stop();

private:
    struct Pending {
        const Job* job = nullptr;
        std::exception_ptr error;
        bool done = false;
    };

    void loop();
    void runBatch(std::deque<Pending*>& batch);
    void ensureConnection();
    void execute(const std::string& sql);

    Opener _open;
    SqlDialect _dialect;
    std::size_t _maxBatch;
    std::unique_ptr<Poco::Data::Session> _session;
    int _depth = 0; ///< nested savepoints open on the writer thread

    std::mutex _mutex;
    std::condition_variable _queued;
    std::condition_variable _finished;
    std::deque<Pending*> _queue;
    bool _stopping = false;
    std::thread _thread;
};

} // namespace Limber
