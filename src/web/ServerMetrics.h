#pragma once

#include "MetricsText.h"
#include "domain/Histogram.h"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace Limber {

/// The web server's own measurements for GET /metrics: requests by method, route pattern and
/// status, their latency by route, answers refused as busy (503), and gauges the connection
/// layer reports (open connections, requests waiting for a worker). Thread-safe.
class ServerMetrics {
public:
    /// Counts one answered request; route is the route's pattern (never the path itself, so
    /// that the label set stays small and holds no tokens).
    void recordRequest(const std::string& method, const std::string& route, int status,
                       double seconds);

    /// Counts a request refused with 503 because the work queue was full.
    void recordBusy();

    /// Sets what the connection layer reports at each scrape; empty functions report nothing.
    void setConnectionGauges(std::function<double()> openConnections,
                             std::function<double()> queuedRequests);

    /// Appends every metric of the web server.
    void writeTo(MetricsText& out) const;

private:
    mutable std::mutex _mutex;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> _requests;
    std::map<std::string, Histogram> _latency;
    std::uint64_t _busy = 0;
    std::function<double()> _openConnections;
    std::function<double()> _queuedRequests;
};

} // namespace Limber
