#include "WorkerPool.h"

namespace Limber {

WorkerPool::WorkerPool(std::size_t threads, std::size_t queueLimit) : _queueLimit(queueLimit) {
    _threads.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i)
        _threads.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
    stop();
}

bool WorkerPool::tryPost(std::function<void()> job) {
    {
        std::lock_guard lock(_mutex);
        if (_stopping || _queue.size() >= _queueLimit)
            return false;
        _queue.push_back(std::move(job));
    }
    _posted.notify_one();
    return true;
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _posted.notify_all();
    for (auto& thread : _threads) {
        if (thread.joinable())
            thread.join();
    }
}

void WorkerPool::work() {
    while (true) {
        std::function<void()> job;
        {
            std::unique_lock lock(_mutex);
            _posted.wait(lock, [this] { return _stopping || !_queue.empty(); });
            if (_queue.empty())
                return;
            job = std::move(_queue.front());
            _queue.pop_front();
        }
        job();
    }
}

std::size_t WorkerPool::queued() {
    std::lock_guard lock(_mutex);
    return _queue.size();
}

} // namespace Limber
