#include "Histogram.h"

#include <algorithm>

namespace Limber {

Histogram::Histogram(std::vector<double> upperBounds)
    : _upperBounds(std::move(upperBounds)), _counts(_upperBounds.size(), 0) {}

Histogram::Histogram(const Histogram& other) {
    std::lock_guard lock(other._mutex);
    _upperBounds = other._upperBounds;
    _counts = other._counts;
    _count = other._count;
    _sum = other._sum;
}

void Histogram::observe(double value) {
    auto bucket = std::lower_bound(_upperBounds.begin(), _upperBounds.end(), value);
    std::lock_guard lock(_mutex);
    if (bucket != _upperBounds.end())
        ++_counts[static_cast<std::size_t>(bucket - _upperBounds.begin())];
    ++_count;
    _sum += value;
}

Histogram::Snapshot Histogram::snapshot() const {
    std::lock_guard lock(_mutex);
    Snapshot snapshot{_upperBounds, {}, _count, _sum};
    std::uint64_t running = 0;
    for (std::uint64_t count : _counts)
        snapshot.cumulativeCounts.push_back(running += count);
    return snapshot;
}

std::vector<double> Histogram::latencyBounds() {
    return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

} // namespace Limber
