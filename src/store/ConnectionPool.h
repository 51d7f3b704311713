#pragma once

#include <Poco/Data/Session.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

namespace Limber {

/// A fixed-size pool of database sessions that waits for a free one. Poco's SessionPool throws
/// at once when exhausted and runs a janitor timer on the shared thread pool; this one does
/// neither. An idle session is checked before it is lent (a database restart closes every idle
/// connection: without the check each would fail one request, possibly long after the outage);
/// one that fails the check is closed and replaced, so the pool reconnects by itself.
/// Thread-safe.
class ConnectionPool {
public:
    using Factory = std::function<Poco::Data::Session()>;
    /// True when an idle session still looks connected; it must not wait on the network.
    using Check = std::function<bool(Poco::Data::Session&)>;

    ConnectionPool(Factory factory, std::size_t capacity, std::chrono::milliseconds waitLimit,
                   Check check = {});
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    /// A session borrowed from the pool; returned on destruction. A session that lost its
    /// connection is dropped instead, and the pool opens a new one when needed.
    class Lease {
    public:
        Lease(ConnectionPool& pool, Poco::Data::Session session);
        Lease(Lease&& other) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Poco::Data::Session& session() { return _session; }

    private:
        ConnectionPool* _pool;
        Poco::Data::Session _session;
    };

    /// Borrows a session, opening one if fewer than capacity exist. Waits up to the wait limit
    /// for one to come back, then throws Poco::TimeoutException.
    Lease acquire();

    /// Closes idle sessions; leases still out close when returned.
    void close();

    /// Sessions open, of them lent out now, and the capacity (for /metrics).
    struct Use {
        std::size_t open = 0;
        std::size_t lent = 0;
        std::size_t capacity = 0;
    };
    Use use();

private:
    void giveBack(Poco::Data::Session session);
    bool looksConnected(Poco::Data::Session& session);

    Factory _factory;
    Check _check;
    std::size_t _capacity;
    std::chrono::milliseconds _waitLimit;
    std::mutex _mutex;
    std::condition_variable _returned;
    std::vector<Poco::Data::Session> _idle;
    std::size_t _open = 0;
    bool _closed = false;
};

} // namespace Limber
