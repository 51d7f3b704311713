#pragma once

#include "domain/Clock.h"
#include "domain/Store.h"

#include <Poco/Exception.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace Limber {

/// Thrown when a caller must wait before trying again (the web answers 429 with Retry-After).
class TooManyAttemptsException : public Poco::Exception {
public:
    TooManyAttemptsException(const std::string& message, std::int64_t retryAfterSeconds)
        : Poco::Exception(message), _retryAfter(retryAfterSeconds) {}
    const char* name() const noexcept override { return "Too many attempts"; }
    const char* className() const noexcept override { return "TooManyAttemptsException"; }
    Poco::Exception* clone() const override { return new TooManyAttemptsException(*this); }
    void rethrow() const override { throw *this; }
    std::int64_t retryAfterSeconds() const { return _retryAfter; }

private:
    std::int64_t _retryAfter;
};

/// How a Throttle counts: the first freeFailures failures cost nothing; each later one makes
/// the key wait firstDelaySeconds, doubling up to maxDelaySeconds. A key that has not failed
/// for forgetAfterSeconds starts afresh. With boundSeconds > 0 the waits of a key end for good
/// boundSeconds after they began (its first failure past the free ones), however many
/// failures follow, until the key starts afresh: a bounded lock-out that more failures cannot
/// renew.
struct ThrottlePolicy {
    int freeFailures = 5;
    std::int64_t firstDelaySeconds = 1;
    std::int64_t maxDelaySeconds = 15 * 60;
    std::int64_t forgetAfterSeconds = 60 * 60;
    std::int64_t boundSeconds = 0;
};

/// Failure counts per key (an account, an address), with growing delays. Thread-safe.
/// In memory (bounded: past maxKeys keys, the stalest are forgotten first), or in the store,
/// shared by every instance on the database, under a hash of the throttle's name and the key.
class Throttle {
public:
    Throttle(const Clock& clock, ThrottlePolicy policy, std::size_t maxKeys = 100'000);
    /// Counts in store, under name (each throttle of a store needs a name of its own).
    Throttle(const Clock& clock, ThrottlePolicy policy, Store& store, std::string name);

    /// Seconds the key must still wait before its next attempt; 0 when it may go ahead.
    std::int64_t waitSeconds(const std::string& key) const;
    /// The same for a count the caller read from the store itself, under storedKey(key), with
    /// other data (empty: none is stored).
    std::int64_t waitSeconds(const std::optional<ThrottleCount>& stored) const;
    /// The key a throttle in the store keeps key's count under.
    std::string storedKey(const std::string& key) const;
    void recordFailure(const std::string& key);
    void recordSuccess(const std::string& key);

private:
    using Entry = ThrottleCount;
    std::int64_t delayOf(const Entry& entry) const;
    std::int64_t waitOf(const Entry& entry, std::int64_t now) const;
    void countFailure(Entry& entry, std::int64_t now) const;
    void forgetStale(std::int64_t now);

    const Clock& _clock;
    ThrottlePolicy _policy;
    std::size_t _maxKeys;
    Store* _store = nullptr;
    std::string _name;
    std::size_t _failuresCounted = 0; ///< in the store, by this process: cleans up every so often
    mutable std::mutex _mutex;
    std::map<std::string, Entry> _entries;
};

} // namespace Limber
