#include "Throttle.h"

#include "Secrets.h"

#include <algorithm>
#include <vector>

namespace Limber {

namespace {

/// Failures counted in the store between two clean-ups of stale counts.
constexpr std::size_t CLEAN_UP_EVERY = 256;

} // namespace

Throttle::Throttle(const Clock& clock, ThrottlePolicy policy, std::size_t maxKeys)
    : _clock(clock), _policy(policy), _maxKeys(maxKeys) {}

Throttle::Throttle(const Clock& clock, ThrottlePolicy policy, Store& store, std::string name)
    : _clock(clock), _policy(policy), _maxKeys(0), _store(&store), _name(std::move(name)) {}

std::string Throttle::storedKey(const std::string& key) const {
    return sha256Hex(_name + "\n" + key);
}

std::int64_t Throttle::waitOf(const Entry& entry, std::int64_t now) const {
    if (entry.failures == 0 || now - entry.lastFailure >= _policy.forgetAfterSeconds)
        return 0;
    std::int64_t wait = std::max<std::int64_t>(0, entry.lastFailure + delayOf(entry) - now);
    if (_policy.boundSeconds > 0 && entry.engagedAt > 0)
        wait =
            std::min(wait, std::max<std::int64_t>(0, entry.engagedAt + _policy.boundSeconds - now));
    return wait;
}

void Throttle::countFailure(Entry& entry, std::int64_t now) const {
    if (entry.failures > 0 && now - entry.lastFailure >= _policy.forgetAfterSeconds)
        entry = Entry{};
    ++entry.failures;
    entry.lastFailure = now;
    if (entry.failures > _policy.freeFailures && entry.engagedAt == 0)
        entry.engagedAt = now;
}

std::int64_t Throttle::delayOf(const Entry& entry) const {
    int over = entry.failures - _policy.freeFailures;
    if (over <= 0)
        return 0;
    std::int64_t delay = _policy.firstDelaySeconds;
    for (int i = 1; i < over && delay < _policy.maxDelaySeconds; ++i)
        delay *= 2;
    return std::min(delay, _policy.maxDelaySeconds);
}

std::int64_t Throttle::waitSeconds(const std::string& key) const {
    std::int64_t now = _clock.nowSeconds();
    if (_store) {
        std::optional<Entry> stored = _store->throttleCount(storedKey(key));
        return stored ? waitOf(*stored, now) : 0;
    }
    std::lock_guard lock(_mutex);
    auto found = _entries.find(key);
    return found == _entries.end() ? 0 : waitOf(found->second, now);
}

std::int64_t Throttle::waitSeconds(const std::optional<ThrottleCount>& stored) const {
    return stored ? waitOf(*stored, _clock.nowSeconds()) : 0;
}

void Throttle::recordFailure(const std::string& key) {
    std::int64_t now = _clock.nowSeconds();
    if (_store) {
        _store->changeThrottleCount(storedKey(key),
                                    [&](ThrottleCount& count) { countFailure(count, now); });
        bool cleanUp = false;
        {
            std::lock_guard lock(_mutex);
            cleanUp = ++_failuresCounted % CLEAN_UP_EVERY == 0;
        }
        if (cleanUp)
            _store->forgetThrottleCountsBefore(now - _policy.forgetAfterSeconds);
        return;
    }
    std::lock_guard lock(_mutex);
    countFailure(_entries[key], now);
    if (_entries.size() > _maxKeys)
        forgetStale(now);
}

void Throttle::recordSuccess(const std::string& key) {
    if (_store) {
        _store->forgetThrottleCount(storedKey(key));
        return;
    }
    std::lock_guard lock(_mutex);
    _entries.erase(key);
}

void Throttle::forgetStale(std::int64_t now) {
    for (auto it = _entries.begin(); it != _entries.end();) {
        if (now - it->second.lastFailure >= _policy.forgetAfterSeconds)
            it = _entries.erase(it);
        else
            ++it;
    }
    if (_entries.size() <= _maxKeys)
        return;
    // Still too many fresh keys (a flood): keep the newer half.
    std::vector<std::int64_t> times;
    for (const auto& [key, entry] : _entries)
        times.push_back(entry.lastFailure);
    std::nth_element(times.begin(), times.begin() + static_cast<long>(times.size() / 2),
                     times.end());
    std::int64_t cutoff = times[times.size() / 2];
    for (auto it = _entries.begin(); it != _entries.end();) {
        if (it->second.lastFailure < cutoff)
            it = _entries.erase(it);
        else
            ++it;
    }
}

} // namespace Limber
