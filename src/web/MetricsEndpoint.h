#pragma once

#include "WebContext.h"
#include "WebRequest.h"

namespace Limber {

/// GET /metrics: the Prometheus text format, answered to loopback clients, and to others only
/// with "Authorization: Bearer" and the configured metrics.token (403 otherwise; 401 with
/// WWW-Authenticate when a token is configured and none was sent). Behind a reverse proxy the
/// client is the one the trusted proxy names (server.trustedProxies).
class MetricsEndpoint {
public:
    explicit MetricsEndpoint(WebContext& context) : _context(context) {}

    WebResponse metrics(WebRequest& request);

private:
    WebContext& _context;
};

} // namespace Limber
