#pragma once

#include "RequestDispatcher.h"
#include "Routes.h"
#include "WebContext.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <memory>
#include <string>

namespace Limber {

struct ServerConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 8080; ///< 0: any free port (tests)
    int threads = 16;
    int queue = 64;
    std::string tlsCertificate; ///< PEM certificate (chain) file; with tlsKey: serve HTTPS
    std::string tlsKey;         ///< PEM private key file, unencrypted, readable by Limber only

    bool tls() const { return !tlsCertificate.empty() && !tlsKey.empty(); }
};

/// The HTTP server: Poco's HTTPServer on its own thread pool (the shared default pool also
/// runs timers), with short timeouts so slow clients cannot hold every worker. With a
/// certificate and key it serves HTTPS only (TLS 1.2 or newer, forward-secret AEAD ciphers)
/// and sends HSTS; without them it serves plain HTTP on a loopback address only.
class WebServer {
public:
    /// Binds the socket; throws Poco::Net::NetException when the address is taken,
    /// Poco::InvalidArgumentException for plain HTTP on an address other than loopback, and
    /// Poco::Net::SSLException when the certificate or key cannot be used.
    WebServer(const WebContext& context, const ServerConfig& config);
    ~WebServer();
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    void start();
    /// Stops accepting, closes idle connections, waits (up to a few seconds) for requests in
    /// flight, and joins the workers. Safe to call twice.
    void stop();
    /// The bound port (the real one when configured as 0).
    unsigned short port() const;
    /// "https" or "http".
    std::string scheme() const { return _tls ? "https" : "http"; }

private:
    WebContext _context;
    WebHandlers _handlers;
    Router _router;
    Poco::ThreadPool _threads;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    bool _running = false;
    bool _tls = false;
};

} // namespace Limber
