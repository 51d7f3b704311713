#pragma once

#include <exception>
#include <functional>
#include <vector>

namespace Limber {

/// The writes a request handed to the store without waiting for them (an audit entry of what
/// it shows, say): each is committed while the request goes on reading and rendering, and the
/// request's answer waits until all of them are durable (RequestDispatcher), so nothing is
/// answered before it is on disk, as with a write that waits.
///
/// A request's writes are kept while a Scope is open on its thread; outside one (commands,
/// background threads, tests of the services) there is no current() and the store waits for
/// each write as usual. Not thread-safe: one request, one thread.
class PendingWrites {
public:
    /// Waits until one write is durable; throws what the write threw.
    using Wait = std::function<void()>;

    PendingWrites() = default;
    PendingWrites(const PendingWrites&) = delete;
    PendingWrites& operator=(const PendingWrites&) = delete;
    /// Waits for what is still pending (a request does not end before its writes).
    ~PendingWrites();

    /// Makes writes the current() request's pending writes on this thread while it lives.
    class Scope {
    public:
        explicit Scope(PendingWrites& writes);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        PendingWrites* _previous;
    };

    /// The pending writes of the request on this thread; null outside a Scope.
    static PendingWrites* current();
    /// Waits for the current request's pending writes, if any (see waitAll): a write that
    /// waits, or a read of what the request wrote, calls this first, so that the request's
    /// writes keep their order and a failed one stops what comes after it.
    static void waitForCurrent();

    void add(Wait wait);
    /// Waits for every write added so far, in order; then throws the first failure, if any.
    void waitAll();
    /// Waits for every write added so far, in order; returns the first failure (null when
    /// all are durable) instead of throwing it.
    std::exception_ptr settle();

private:
    std::vector<Wait> _waits;
    std::exception_ptr _failure;
};

} // namespace Limber
