#include "WebServer.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Thread.h>

#include <chrono>
#include <mutex>

namespace Limber {

WebServer::WebServer(const WebContext& context, const ServerConfig& config)
    : _context(context), _handlers(_context), _router(buildRoutes(_handlers)),
      _threads(2, config.threads, 60), _tls(config.tls()) {
    Poco::Net::SocketAddress address(config.host, config.port);
    if (!_tls && !address.host().isLoopback())
        throw Poco::InvalidArgumentException(
            "server.host: plain HTTP is served on a loopback address only (127.0.0.1 or ::1); "
            "to serve " +
            config.host +
            ", configure server.tlsCertificate and server.tlsKey (or keep 127.0.0.1 behind a "
            "TLS proxy on the same machine)");
    Poco::Net::ServerSocket socket;
    if (_tls) {
        static std::once_flag sslReady;
        std::call_once(sslReady, [] { Poco::Net::initializeSSL(); });
        Poco::Net::Context::Ptr tls =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, config.tlsKey,
                                   config.tlsCertificate, "", Poco::Net::Context::VERIFY_NONE, 9,
                                   false, "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5:!SHA1");
        tls->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        tls->preferServerCiphers();
        socket = Poco::Net::SecureServerSocket(tls);
    }
    socket.bind(address, true);
    socket.listen(config.queue);
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(config.threads);
    params->setMaxQueued(config.queue);
    params->setTimeout(Poco::Timespan(10, 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setMaxKeepAliveRequests(200);
    params->setServerName("Limber");
    _server = std::make_unique<Poco::Net::HTTPServer>(
        new RequestDispatcher(_context, _router, _tls), _threads, socket, params);
}

WebServer::~WebServer() {
    stop();
}

void WebServer::start() {
    _server->start();
    _running = true;
}

void WebServer::stop() {
    if (!_running)
        return;
    _running = false;
    _server->stopAll(false);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (_server->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
        Poco::Thread::sleep(20);
    _server->stopAll(true);
    _threads.joinAll();
}

unsigned short WebServer::port() const {
    return _server->port();
}

} // namespace Limber
