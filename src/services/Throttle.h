#pragma once

#include "domain/Clock.h"

#include <Poco/Exception.h>

#include <cstdint>
#include <map>
#include <mutex>
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
/// for forgetAfterSeconds starts afresh.
struct ThrottlePolicy {
    int freeFailures = 5;
    std::int64_t firstDelaySeconds = 1;
    std::int64_t maxDelaySeconds = 15 * 60;
    std::int64_t forgetAfterSeconds = 60 * 60;
};

/// Failure counts per key (an account, an address) in memory, with growing delays.
/// Thread-safe. Bounded: past maxKeys keys, the stalest are forgotten first.
class Throttle {
public:
    Throttle(const Clock& clock, ThrottlePolicy policy, std::size_t maxKeys = 100'000);

    /// Seconds the key must still wait before its next attempt; 0 when it may go ahead.
    std::int64_t waitSeconds(const std::string& key) const;
    void recordFailure(const std::string& key);
    void recordSuccess(const std::string& key);

private:
    struct Entry {
        int failures = 0;
        std::int64_t lastFailure = 0;
    };
    std::int64_t delayOf(const Entry& entry) const;
    void forgetStale(std::int64_t now);

    const Clock& _clock;
    ThrottlePolicy _policy;
    std::size_t _maxKeys;
    mutable std::mutex _mutex;
    std::map<std::string, Entry> _entries;
};

} // namespace Limber
