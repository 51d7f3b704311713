#include "WebServer.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/ServerSocket.h>

#include <mutex>
#include <sys/resource.h>

namespace Limber {

namespace {

/// Descriptors kept for everything but client connections: the database, logs, PDFs, fonts.
constexpr rlim_t RESERVED_FILES = 256;

/// How many connections the open-file limit allows, raising the soft limit up to the hard one
/// when wanted needs it.
std::size_t connectionsAllowed(std::size_t wanted) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return wanted;
    rlim_t needed = static_cast<rlim_t>(wanted) + RESERVED_FILES;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
        rlimit raised = limit;
        raised.rlim_cur =
            limit.rlim_max == RLIM_INFINITY ? needed : std::min(needed, limit.rlim_max);
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= needed)
        return wanted;
    std::size_t allowed =
        limit.rlim_cur > RESERVED_FILES * 2 ? limit.rlim_cur - RESERVED_FILES : limit.rlim_cur / 2;
    Poco::Logger::get("limber.web")
        .warning("server.maxConnections: the open-file limit (%z) allows %z connections, not %z",
                 static_cast<std::size_t>(limit.rlim_cur), allowed, wanted);
    return allowed;
}

} // namespace

WebServer::WebServer(const WebContext& context, const ServerConfig& config)
    : _context(context), _handlers(_context), _router(buildRoutes(_handlers)), _tls(config.tls()),
      _dispatcher(_context, _router, _tls) {
    // Each server counts its own requests, whatever context it was copied from.
    _context.metrics = std::make_shared<ServerMetrics>();
    Poco::Net::SocketAddress address(config.host, config.port);
    if (!_tls && !address.host().isLoopback())
        throw Poco::InvalidArgumentException(
            "server.host: plain HTTP is served on a loopback address only (127.0.0.1 or ::1); "
            "to serve " +
            config.host +
            ", configure server.tlsCertificate and server.tlsKey (or keep 127.0.0.1 behind a "
            "TLS proxy on the same machine)");
    TrustedProxies proxies(config.trustedProxies);
    if (_tls) {
        static std::once_flag sslReady;
        std::call_once(sslReady, [] { Poco::Net::initializeSSL(); });
        _tlsContext =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, config.tlsKey,
                                   config.tlsCertificate, "", Poco::Net::Context::VERIFY_NONE, 9,
                                   false, "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5:!SHA1");
        _tlsContext->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        _tlsContext->preferServerCiphers();
    }
    ConnectionLimits limits;
    limits.workers = static_cast<std::size_t>(config.threads);
    limits.queue = static_cast<std::size_t>(config.queue);
    limits.maxConnections = connectionsAllowed(static_cast<std::size_t>(config.maxConnections));
    limits.headerTimeout = std::chrono::seconds(config.headerTimeoutSeconds);
    limits.minBodyBytesPerSecond = static_cast<std::size_t>(config.minBodyBytesPerSecond);
    limits.keepAlive = std::chrono::seconds(config.keepAliveSeconds);
    limits.maxBodyBytes = _context.limits.maxBodyBytes;

    // TLS runs on the connection layer's thread, so the listener is a plain TCP socket.
    Poco::Net::ServerSocket socket;
    socket.bind(address, true);
    socket.listen(4096);
    _port = socket.address().port();
    _loop =
        std::make_unique<ConnectionLoop>(socket, _tlsContext ? _tlsContext->sslContext() : nullptr,
                                         limits, std::move(proxies), _dispatcher);
    ConnectionLoop* loop = _loop.get();
    _context.metrics->setConnectionGauges(
        [loop] { return static_cast<double>(loop->openConnections()); },
        [loop] { return static_cast<double>(loop->queuedRequests()); });
}

WebServer::~WebServer() {
    stop();
    _context.metrics->setConnectionGauges({}, {});
}

void WebServer::start() {
    _loop->start();
}

void WebServer::stop() {
    _loop->stop();
}

unsigned short WebServer::port() const {
    return _port;
}

} // namespace Limber
