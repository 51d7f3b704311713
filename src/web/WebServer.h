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
};

/// The HTTP server: Poco's HTTPServer on its own thread pool (the shared default pool also
/// runs timers), with short timeouts so slow clients cannot hold every worker.
class WebServer {
public:
    /// Binds the socket; throws Poco::Net::NetException when the address is taken.
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

private:
    WebContext _context;
    WebHandlers _handlers;
    Router _router;
    Poco::ThreadPool _threads;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    bool _running = false;
};

} // namespace Limber
