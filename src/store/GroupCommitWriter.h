#pragma once

#include "SqlDialect.h"
#include "domain/Histogram.h"

#include <Poco/Data/Session.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace Limber {

/// error as a StoreUnavailable when it is SQLite's "database is locked" (or "table is locked")
/// after the busy wait ran out: another process held the lock all that time, and the request
/// may be tried again in a moment (answered 503 with Retry-After, not as an internal error);
/// error itself otherwise.
std::exception_ptr unavailableWhenLockedTooLong(const std::exception_ptr& error);

/// The writers of a database in this process: the write jobs of every request are handed to
/// them and run on their threads, each on a connection of its own. A writer takes as many
/// waiting jobs as maxBatch allows and runs them in one transaction (group commit: one COMMIT,
/// so one fsync, per batch), each job in a savepoint of its own, so a job that throws undoes
/// only its own changes. run() returns only after the COMMIT of the batch that holds the job
/// has returned, i.e. once the job's changes are durable.
///
/// SQLite: one writer (the engine has one write lock), batches of up to maxBatch jobs, in
/// BEGIN IMMEDIATE, which waits for other processes' writers up to the busy timeout.
/// PostgreSQL: several writers. A job that may lock rows runs in a transaction of its own: the
/// server already shares one WAL flush among the COMMITs that arrive together, and a batch
/// would hold every row lock of its jobs until its end, so that two instances' batches deadlock
/// on each other's rows. Jobs that only append (JobKind::AppendOnly) are batched as on SQLite:
/// they wait for no lock, so their batch cannot take part in a deadlock. BEGIN, SAVEPOINT and
/// RELEASE travel with the statement after them, so that they cost no round trip of their own.
class GroupCommitWriter {
public:
    using Job = std::function<void(Poco::Data::Session&)>;
    /// What a job's statements may do, which decides what it may share a transaction with.
    enum class JobKind {
        /// Anything, locking the rows it changes until its transaction ends.
        Any,
        /// Only inserts rows no other transaction reads for update, into tables whose foreign
        /// keys point at rows that are never deleted or re-keyed (an audit entry of a page
        /// view): it takes no lock another transaction waits for, and waits for none.
        AppendOnly,
    };
    using Opener = std::function<Poco::Data::Session()>;
    /// True when an idle connection still looks connected (see ConnectionPool::Check).
    using Check = std::function<bool(Poco::Data::Session&)>;

    /// Opens the writers' connections now (so a bad configuration fails at once) and starts
    /// their threads. maxBatch bounds the jobs committed together. Before each batch a
    /// writer's connection is checked and, when lost (a database restart), replaced; when the
    /// connection fails during a batch, its jobs fail with StoreUnavailable.
    GroupCommitWriter(Opener open, Check check, SqlDialect dialect, std::size_t writers,
                      std::size_t maxBatch);
    /// Runs the jobs still queued, then stops the thread and closes the connection.
    ~GroupCommitWriter();
    GroupCommitWriter(const GroupCommitWriter&) = delete;
    GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

    /// Runs job on the writer thread inside the next batch and waits until that batch is
    /// committed. Rethrows what job threw (its changes are rolled back, the batch's others
    /// are not), or the error that kept the batch from committing. Throws
    /// Poco::IllegalStateException once stopped.
    void run(const Job& job);

    /// Queues job (a copy) for the next batch like run(), but returns at once; the returned
    /// function waits until that batch is committed and rethrows as run() does. It is called
    /// before the writer is destroyed (the writer finishes its queue when it stops, so every
    /// such wait ends). Throws Poco::IllegalStateException once stopped.
    std::function<void()> submit(Job job, JobKind kind = JobKind::Any);

    /// Runs job at once inside the job under way on this thread, in a nested savepoint: called
    /// only from a job (isWriting() is true). Throws what job threw, its changes undone.
    void runNested(const Job& job);

    /// True on the writer thread while it runs a job: a write from there joins that job's
    /// transaction, and a read there must use session() to see the job's own changes.
    bool isWriting() const;

    /// The connection of the job under way on this thread; only for use from a job
    /// (isWriting()).
    Poco::Data::Session& session();

    /// Finishes the queued jobs and stops; later run() calls throw.
    void stop();

    /// The writer threads, each with a connection of its own.
    std::size_t writerCount() const { return _writers.size(); }

    /// Jobs per batch, of every batch run so far (for /metrics).
    const Histogram& batchSizes() const { return _batchSizes; }
    /// How long each batch's COMMIT took (the fsync), in seconds.
    const Histogram& commitSeconds() const { return _commitSeconds; }

private:
    /// A job waiting in run(). Its own condition wakes only its own caller: one shared by
    /// every caller woke all the waiting requests at each batch's end, and those whose jobs
    /// were not in it went back to sleep (a third of the task switches of a page view).
    struct Pending {
        const Job* job = nullptr;
        Job owned; ///< the job of submit(), which outlives its caller's frame
        JobKind kind = JobKind::Any;
        std::exception_ptr error;
        bool done = false;
        std::condition_variable finished; ///< notified under _mutex once done is set
    };

    /// One writer thread and its connection.
    struct Writer {
        std::unique_ptr<Poco::Data::Session> session;
        int depth = 0; ///< nested savepoints open
        std::thread thread;
    };

    /// Queues pending; throws Poco::IllegalStateException once stopping.
    void enqueue(const std::shared_ptr<Pending>& pending);
    /// PostgreSQL: whether writer's transaction is open and has not failed, by the server's
    /// own state (no round trip).
    static bool transactionStillGood(Writer& writer);
    /// Waits until the writer has committed (or failed) pending's batch; rethrows its error.
    void await(Pending& pending);
    void loop(Writer& writer);
    /// Whether a job of kind `next` may join a batch whose first job is of kind `first`.
    bool mayShareBatch(JobKind first, JobKind next) const;
    void runBatch(Writer& writer, std::deque<std::shared_ptr<Pending>>& batch);
    void ensureConnection(Writer& writer);
    bool connected(Writer& writer) const;
    static void execute(Writer& writer, const std::string& sql);
    /// Runs sql (a command without parameters or rows) on writer's connection: on PostgreSQL
    /// it goes with the connection's next statement, in the same round trip, and its failure
    /// is that statement's (deferPostgresCommand); on SQLite, where a statement costs no round
    /// trip, at once.
    void executeSoon(Writer& writer, const std::string& sql);

    Opener _open;
    Check _check;
    SqlDialect _dialect;
    std::size_t _maxBatch;
    std::vector<std::unique_ptr<Writer>> _writers;

    std::mutex _mutex;
    std::condition_variable _queued;
    std::deque<std::shared_ptr<Pending>> _queue;
    bool _stopping = false;
    bool _stopped = false;

    Histogram _batchSizes{{1, 2, 4, 8, 16, 32, 64, 128, 256}};
    Histogram _commitSeconds{Histogram::latencyBounds()};
};

} // namespace Limber
