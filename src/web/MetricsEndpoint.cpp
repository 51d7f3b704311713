#include "MetricsEndpoint.h"

#include "services/Secrets.h"

#include <Poco/Net/IPAddress.h>
#include <Poco/String.h>

namespace Limber {

namespace {

bool isLoopback(const std::string& address) {
    Poco::Net::IPAddress ip;
    if (!Poco::Net::IPAddress::tryParse(address, ip))
        return false;
    if (ip.isLoopback())
        return true;
    // ::ffff:127.0.0.1, as a dual-stack socket reports an IPv4 client.
    return ip.isIPv4Mapped() && address.size() > 7 &&
           Poco::icompare(address.substr(0, 7), "::ffff:") == 0 &&
           address.substr(7).rfind("127.", 0) == 0;
}

} // namespace

WebResponse MetricsEndpoint::metrics(WebRequest& request) {
    if (!isLoopback(request.remoteAddress)) {
        const std::string& token = _context.metricsToken;
        std::string sent = request.header("authorization");
        const std::string scheme = "bearer ";
        std::string bearer;
        if (sent.size() > scheme.size() &&
            Poco::icompare(sent.substr(0, scheme.size()), scheme) == 0)
            bearer = Poco::trim(sent.substr(scheme.size()));
        if (token.empty()) {
            WebResponse refused =
                WebResponse::text("Metrics are served to this machine only (or set "
                                  "metrics.token).\n",
                                  403);
            return refused;
        }
        if (bearer.empty() || !equalSecrets(bearer, token)) {
            WebResponse refused = WebResponse::text("A metrics bearer token is needed.\n", 401);
            refused.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"limber-metrics\"");
            return refused;
        }
    }
    MetricsText out;
    if (_context.metrics)
        _context.metrics->writeTo(out);
    if (_context.applicationMetrics)
        _context.applicationMetrics(out);
    WebResponse response = WebResponse::text(out.text());
    response.contentType = "text/plain; version=0.0.4; charset=utf-8";
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

} // namespace Limber
