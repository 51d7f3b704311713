// The load benchmark's baseline: a bare Poco HTTPServer that answers every request with one
// fixed 6 KB HTML page, set up as Limber's server is (its own thread pool, keep-alive), so
// that tests/benchmarks/load.sh can give each of Limber's figures as a share of what the
// framework alone does on the same machine in the same run.
// Usage: bare_poco_server [PORT] [THREADS]   (port 0: any free port; prints "listening on N")
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <csignal>
#include <iostream>
#include <limits>
#include <string>

namespace {

/// About 6 KB of HTML, the size of a check-in page.
const std::string& page() {
    static const std::string text = [] {
        std::string html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                           "<title>Baseline</title></head><body><main>";
        while (html.size() < 6000)
            html += "<p>A fixed paragraph of the baseline page, the same for every request.</p>";
        html += "</main></body></html>";
        return html;
    }();
    return text;
}

class PageHandler : public Poco::Net::HTTPRequestHandler {
public:
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        request.stream().ignore(std::numeric_limits<std::streamsize>::max());
        response.setContentType("text/html; charset=utf-8");
        response.setContentLength(static_cast<std::streamsize>(page().size()));
        response.send() << page();
    }
};

class PageFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new PageHandler;
    }
};

} // namespace

int main(int argc, char** argv) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    const auto port = static_cast<Poco::UInt16>(argc > 1 ? std::stoi(argv[1]) : 0);
    const int threads = argc > 2 ? std::stoi(argv[2]) : 32;
    Poco::ThreadPool pool(2, threads);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(threads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port), 256);
    Poco::Net::HTTPServer server(new PageFactory, pool, socket, params);
    server.start();
    std::cout << "listening on " << socket.address().port() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    server.stopAll(true);
    pool.joinAll();
    return 0;
}
