#pragma once

#include "ConnectionLoop.h"
#include "RequestDispatcher.h"
#include "Routes.h"
#include "WebContext.h"

#include <Poco/Net/Context.h>

#include <memory>
#include <string>

namespace Limber {

struct ServerConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;       ///< 0: any free port (tests)
    int threads = 16;                 ///< workers: requests handled at once
    int queue = 1000;                 ///< complete requests that may wait for a worker; past it 503
    int maxConnections = 10000;       ///< open connections (idle keep-alive ones included)
    int headerTimeoutSeconds = 10;    ///< for a request's whole header block
    int minBodyBytesPerSecond = 1024; ///< a body's least average rate after the same grace
    int keepAliveSeconds = 60;        ///< idle time allowed between requests
    std::string trustedProxies;       ///< addresses or CIDR ranges of reverse proxies
    std::string tlsCertificate;       ///< PEM certificate (chain) file; with tlsKey: serve HTTPS
    std::string tlsKey; ///< PEM private key file, unencrypted, readable by Limber only

    bool tls() const { return !tlsCertificate.empty() && !tlsKey.empty(); }
};

/// The HTTP server: the event-driven ConnectionLoop (one I/O thread for every socket, a
/// bounded pool of workers for whole requests) in front of the RequestDispatcher. With a
/// certificate and key it serves HTTPS only (TLS 1.2 or newer, forward-secret AEAD ciphers)
/// and sends HSTS; without them it serves plain HTTP on a loopback address only (a reverse
/// proxy on the same machine, named in trustedProxies, can serve the clinic's HTTPS).
class WebServer {
public:
    /// Binds the socket; throws Poco::Net::NetException when the address is taken,
    /// Poco::InvalidArgumentException for plain HTTP on an address other than loopback or a
    /// bad trustedProxies entry, and Poco::Net::SSLException when the certificate or key
    /// cannot be used. Raises the process's open-file limit as far as allowed for
    /// maxConnections, and serves fewer (with a warning in the log) when it cannot.
    WebServer(const WebContext& context, const ServerConfig& config);
    ~WebServer();
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    void start();
    /// Stops accepting, closes idle connections, answers the requests already received (up to
    /// 10 s), and joins the threads. Safe to call twice.
    void stop();
    /// The bound port (the real one when configured as 0).
    unsigned short port() const;
    /// "https" or "http".
    std::string scheme() const { return _tls ? "https" : "http"; }

private:
    WebContext _context;
    WebHandlers _handlers;
    Router _router;
    bool _tls = false;
    Poco::Net::Context::Ptr _tlsContext;
    unsigned short _port = 0;
    RequestDispatcher _dispatcher;
    std::unique_ptr<ConnectionLoop> _loop;
};

} // namespace Limber
