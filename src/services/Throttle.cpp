#include "Throttle.h"

#include <algorithm>
#include <vector>

namespace Limber {

Throttle::Throttle(const Clock& clock, ThrottlePolicy policy, std::size_t maxKeys)
    : _clock(clock), _policy(policy), _maxKeys(maxKeys) {}

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
    std::lock_guard lock(_mutex);
    auto found = _entries.find(key);
    if (found == _entries.end())
        return 0;
    std::int64_t now = _clock.nowSeconds();
    if (now - found->second.lastFailure >= _policy.forgetAfterSeconds)
        return 0;
    std::int64_t readyAt = found->second.lastFailure + delayOf(found->second);
    return std::max<std::int64_t>(0, readyAt - now);
}

void Throttle::recordFailure(const std::string& key) {
    std::lock_guard lock(_mutex);
    std::int64_t now = _clock.nowSeconds();
    Entry& entry = _entries[key];
    if (entry.failures > 0 && now - entry.lastFailure >= _policy.forgetAfterSeconds)
        entry.failures = 0;
    ++entry.failures;
    entry.lastFailure = now;
    if (_entries.size() > _maxKeys)
        forgetStale(now);
}

void Throttle::recordSuccess(const std::string& key) {
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
