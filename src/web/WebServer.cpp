#include "WebServer.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Thread.h>

#include <chrono>

namespace Limber {

WebServer::WebServer(const WebContext& context, const ServerConfig& config)
    : _context(context), _handlers(_context), _router(buildRoutes(_handlers)),
      _threads(2, config.threads, 60) {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(config.host, config.port), true);
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
        new RequestDispatcher(_context, _router, false), _threads, socket, params);
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
