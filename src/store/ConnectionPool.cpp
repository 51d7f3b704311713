#include "ConnectionPool.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <utility>

namespace Limber {

ConnectionPool::ConnectionPool(Factory factory, std::size_t capacity,
                               std::chrono::milliseconds waitLimit, Check check)
    : _factory(std::move(factory)), _check(std::move(check)), _capacity(capacity),
      _waitLimit(waitLimit) {}

ConnectionPool::Lease::Lease(ConnectionPool& pool, Poco::Data::Session session)
    : _pool(&pool), _session(std::move(session)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : _pool(std::exchange(other._pool, nullptr)), _session(std::move(other._session)) {}

ConnectionPool::Lease::~Lease() {
    if (_pool)
        _pool->giveBack(std::move(_session));
}

ConnectionPool::Lease ConnectionPool::acquire() {
    std::unique_lock lock(_mutex);
    if (!_returned.wait_for(lock, _waitLimit,
                            [this] { return _closed || !_idle.empty() || _open < _capacity; }))
        throw Poco::TimeoutException("the database is busy: no connection came free within " +
                                     std::to_string(_waitLimit.count()) + " ms");
    if (_closed)
        throw Poco::IllegalStateException("the database is closed");
    while (!_idle.empty()) {
        Poco::Data::Session session = std::move(_idle.back());
        _idle.pop_back();
        if (!_check || looksConnected(session))
            return Lease(*this, std::move(session));
        // Lost while idle: drop it; the slot opens a fresh connection below.
        --_open;
        try {
            session.close();
        } catch (...) {
        }
    }
    ++_open;
    lock.unlock();
    try {
        return Lease(*this, _factory());
    } catch (...) {
        std::lock_guard relock(_mutex);
        --_open;
        _returned.notify_one();
        throw;
    }
}

bool ConnectionPool::looksConnected(Poco::Data::Session& session) {
    try {
        return _check(session);
    } catch (...) {
        return false;
    }
}

void ConnectionPool::giveBack(Poco::Data::Session session) {
    bool usable = false;
    try {
        usable = session.isConnected() && !session.isTransaction();
    } catch (...) {
        usable = false;
    }
    std::lock_guard lock(_mutex);
    if (usable && !_closed) {
        _idle.push_back(std::move(session));
    } else {
        --_open;
        try {
            session.close();
        } catch (...) {
        }
    }
    _returned.notify_one();
}

void ConnectionPool::close() {
    std::lock_guard lock(_mutex);
    _closed = true;
    for (auto& session : _idle) {
        try {
            session.close();
        } catch (...) {
        }
    }
    _open -= _idle.size();
    _idle.clear();
    _returned.notify_all();
}

ConnectionPool::Use ConnectionPool::use() {
    std::lock_guard lock(_mutex);
    return {_open, _open - std::min(_open, _idle.size()), _capacity};
}

} // namespace Limber
