#include "ServerMetrics.h"

namespace Limber {

void ServerMetrics::recordRequest(const std::string& method, const std::string& route, int status,
                                  double seconds) {
    std::lock_guard lock(_mutex);
    ++_requests[{method, route, status}];
    auto latency = _latency.find(route);
    if (latency == _latency.end())
        latency = _latency.emplace(route, Histogram(Histogram::latencyBounds())).first;
    latency->second.observe(seconds);
}

void ServerMetrics::recordBusy() {
    std::lock_guard lock(_mutex);
    ++_busy;
}

void ServerMetrics::setConnectionGauges(std::function<double()> openConnections,
                                        std::function<double()> queuedRequests) {
    std::lock_guard lock(_mutex);
    _openConnections = std::move(openConnections);
    _queuedRequests = std::move(queuedRequests);
}

void ServerMetrics::writeTo(MetricsText& out) const {
    std::lock_guard lock(_mutex);
    out.family("limber_http_requests_total",
               "Requests answered, by method, route pattern and status.", "counter");
    for (const auto& [key, count] : _requests) {
        const auto& [method, route, status] = key;
        out.sample("limber_http_requests_total", static_cast<double>(count),
                   {{"method", method}, {"route", route}, {"status", std::to_string(status)}});
    }
    out.family("limber_http_request_duration_seconds",
               "Time from a whole request to its answer, by route pattern.", "histogram");
    for (const auto& [route, latency] : _latency)
        out.histogram("limber_http_request_duration_seconds", latency.snapshot(),
                      {{"route", route}});
    out.family("limber_http_busy_total",
               "Requests answered 503 because every worker was busy and the queue full.",
               "counter");
    out.sample("limber_http_busy_total", static_cast<double>(_busy));
    if (_openConnections) {
        out.family("limber_http_open_connections",
                   "Client connections open, idle keep-alive ones included.", "gauge");
        out.sample("limber_http_open_connections", _openConnections());
    }
    if (_queuedRequests) {
        out.family("limber_http_queued_requests", "Whole requests waiting for a worker.", "gauge");
        out.sample("limber_http_queued_requests", _queuedRequests());
    }
}

} // namespace Limber
