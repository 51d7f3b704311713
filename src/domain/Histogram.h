#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

namespace Limber {

/// A distribution of observed values (latencies in seconds, batch sizes) in fixed buckets, as
/// Prometheus histograms count them. Thread-safe; observe() takes a short lock.
class Histogram {
public:
    /// What was observed so far: for each upper bound, how many values were <= it
    /// (cumulative), plus the count and sum of all values.
    struct Snapshot {
        std::vector<double> upperBounds;
        std::vector<std::uint64_t> cumulativeCounts;
        std::uint64_t count = 0;
        double sum = 0;
    };

    /// upperBounds: increasing; values above the last one count only in the total.
    explicit Histogram(std::vector<double> upperBounds);
    Histogram(const Histogram& other);

    void observe(double value);
    Snapshot snapshot() const;

    /// Bounds for request and commit latencies, in seconds (1 ms to 10 s).
    static std::vector<double> latencyBounds();

private:
    mutable std::mutex _mutex;
    std::vector<double> _upperBounds;
    std::vector<std::uint64_t> _counts; ///< per bucket, not cumulative
    std::uint64_t _count = 0;
    double _sum = 0;
};

} // namespace Limber
