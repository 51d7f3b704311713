#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace Limber {

/// A fixed set of threads running jobs from a bounded queue. Posting never waits: a full queue
/// refuses the job at once, so the caller can answer "busy" instead of stalling. Thread-safe.
class WorkerPool {
public:
    /// threads: how many jobs run at once; queueLimit: how many more may wait.
    WorkerPool(std::size_t threads, std::size_t queueLimit);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Queues job; false when the queue is full or the pool has stopped.
    bool tryPost(std::function<void()> job);
    /// Jobs waiting for a thread now.
    std::size_t queued();

    /// Runs every job already queued, then joins the threads. Safe to call twice.
    void stop();

private:
    void work();

    std::size_t _queueLimit;
    std::mutex _mutex;
    std::condition_variable _posted;
    std::deque<std::function<void()>> _queue;
    bool _stopping = false;
    std::vector<std::thread> _threads;
};

} // namespace Limber
