// The connection layer over real sockets: slow, idle and excess clients cost no worker, every
// framing error is answered with its status, an error body and the security headers, a full
// queue answers 503 at once, and a stop answers the requests already received.
#include "TestServer.h"
#include "services/DemoClinic.h"
#include "store/ConnectionPool.h"
#include "web/ErrorResponses.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NumberFormatter.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/String.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <regex>
#include <thread>

using namespace Limber;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct RawReply {
    int status = 0; ///< 0: the server closed (or reset) the connection without an answer
    std::map<std::string, std::string> headers; ///< lower-case names
    std::string body;
    std::string header(const std::string& name) const {
        auto found = headers.find(name);
        return found == headers.end() ? std::string() : found->second;
    }
};

/// One connection that sends raw bytes and reads answers one at a time.
class RawClient {
public:
    explicit RawClient(unsigned short port) : _socket(Poco::Net::SocketAddress("127.0.0.1", port)) {
        _socket.setReceiveTimeout(Poco::Timespan(5, 0));
    }

    void send(const std::string& bytes) {
        _socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    }

    /// Closes the sending side; the client can still read.
    void finishSending() { _socket.shutdownSend(); }

    /// The next answer (a 100 Continue is one too); status 0 when the connection ends first.
    /// toHead: the answer to a HEAD request, which has no body whatever its Content-Length.
    RawReply receive(bool toHead = false) {
        RawReply reply;
        std::size_t end;
        while ((end = _buffer.find("\r\n\r\n")) == std::string::npos) {
            if (!fill())
                return reply;
        }
        std::string head = _buffer.substr(0, end);
        _buffer.erase(0, end + 4);
        reply.status = std::stoi(head.substr(9, 3));
        std::size_t at = head.find("\r\n");
        while (at != std::string::npos) {
            std::size_t next = head.find("\r\n", at + 2);
            std::string line =
                head.substr(at + 2, next == std::string::npos ? next : next - at - 2);
            std::size_t colon = line.find(':');
            reply.headers[Poco::toLower(line.substr(0, colon))] =
                Poco::trim(line.substr(colon + 1));
            at = next;
        }
        std::size_t length =
            toHead ? 0
                   : static_cast<std::size_t>(std::stoul(reply.header("content-length").empty()
                                                             ? "0"
                                                             : reply.header("content-length")));
        while (_buffer.size() < length) {
            if (!fill())
                break;
        }
        reply.body = _buffer.substr(0, length);
        _buffer.erase(0, std::min(length, _buffer.size()));
        return reply;
    }

    /// Whether the server closes the connection (rather than leave it open) within 5 s.
    bool closedByServer() {
        try {
            return !fill() && _buffer.empty();
        } catch (const Poco::TimeoutException&) {
            return false;
        }
    }

private:
    bool fill() {
        char chunk[8192];
        int n = 0;
        try {
            n = _socket.receiveBytes(chunk, sizeof chunk);
        } catch (const Poco::Net::ConnectionResetException&) {
            return false;
        }
        if (n <= 0)
            return false;
        _buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    Poco::Net::StreamSocket _socket;
    std::string _buffer;
};

std::string getHealth(const std::string& extra = "") {
    return "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

std::string signInBody() {
    return std::string(R"({"email": ")") + Testing::TestServer::EMAIL + R"(", "password": ")" +
           Testing::TestServer::PASSWORD + R"("})";
}

std::string signInRequest(const std::string& extra = "") {
    std::string body = signInBody();
    return "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
           "application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
}

long millisecondsSince(SteadyClock::time_point start) {
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count());
}

void expectSecurityHeaders(const RawReply& reply, const std::string& what) {
    EXPECT_EQ(reply.header("x-content-type-options"), "nosniff") << what;
    EXPECT_NE(reply.header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << what;
    EXPECT_EQ(reply.header("x-frame-options"), "DENY") << what;
}

} // namespace

TEST(Connections, EveryFramingErrorIsAnsweredWithItsStatusAnErrorBodyAndTheSecurityHeaders) {
    Testing::TestServer server;
    struct Case {
        std::string request;
        int status;
    };
    auto post = [](const std::string& path, const std::string& fields) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields + "\r\n";
    };
    for (const std::string path : {"/login", "/api/v1/auth/login"}) {
        const std::vector<Case> cases = {
            {post(path, "Content-Length: abc\r\n"), 400},
            {post(path, "Content-Length: 1e3\r\n"), 400},
            {post(path, "Content-Length: 12345678901234567890\r\n"), 400},
            {post(path, "Content-Length: 5\r\nContent-Length: 6\r\n"), 400},
            {post(path, "Transfer-Encoding: gzip\r\n"), 501},
            {post(path, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"), 400},
            {post(path, "NoColonHere\r\n"), 400},
            {post(path, "Bad Name: x\r\n"), 400},
            {"GET " + path + " HTTP/3.0\r\nHost: 127.0.0.1\r\n\r\n", 505},
            {"GET " + path + " HTTP/x.y\r\nHost: 127.0.0.1\r\n\r\n", 400},
            {"GET " + path + " HTTP/1.1\r\n\r\n", 400},
            {"BREW " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501},
            {"GET " + path + "?" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
             414},
        };
        for (const auto& item : cases) {
            RawClient client(server.port());
            client.send(item.request);
            RawReply reply = client.receive();
            std::string what = item.request.substr(0, 120);
            EXPECT_EQ(reply.status, item.status) << what;
            expectSecurityHeaders(reply, what);
            if (path.rfind("/api/", 0) == 0) {
                EXPECT_EQ(reply.header("content-type"), "application/json") << what;
                EXPECT_EQ(reply.body.rfind(R"({"error":{"code":")", 0), 0u) << reply.body;
            } else {
                EXPECT_EQ(reply.header("content-type"), "text/html; charset=utf-8") << what;
                EXPECT_TRUE(Testing::contains(reply.body, "<html")) << what;
            }
            EXPECT_EQ(reply.header("connection"), "Close") << what;
            EXPECT_TRUE(client.closedByServer()) << what;
        }
    }
    EXPECT_EQ(server.client().get("/healthz").status, 200);
}

TEST(Connections, AKnownPathWithAnotherMethodIs405WithAllowAndAnUnknownMethod501) {
    Testing::TestServer server;
    for (const char* method : {"DELETE", "PUT", "PATCH", "POST"}) {
        RawClient client(server.port());
        client.send(std::string(method) + " /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        RawReply reply = client.receive();
        EXPECT_EQ(reply.status, 405) << method;
        EXPECT_EQ(reply.header("allow"), "GET") << method;
        expectSecurityHeaders(reply, method);
    }
    RawClient unknown(server.port());
    unknown.send("PURGE /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_EQ(unknown.receive().status, 501);
}

TEST(Connections, ChunkedBodiesPipelinedRequestsAndExpectContinueWork) {
    Testing::TestServer server;
    std::string body = signInBody();
    RawClient client(server.port());
    client.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                "application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                Poco::NumberFormatter::formatHex(10) + "\r\n" + body.substr(0, 10) + "\r\n" +
                Poco::NumberFormatter::formatHex(body.size() - 10) + ";x=y\r\n" + body.substr(10) +
                "\r\n0\r\n\r\n" + getHealth() + getHealth("Connection: close\r\n"));
    RawReply signedIn = client.receive();
    EXPECT_EQ(signedIn.status, 200) << signedIn.body;
    EXPECT_EQ(client.receive().body, R"({"status":"ok"})");
    RawReply last = client.receive();
    EXPECT_EQ(last.body, R"({"status":"ok"})");
    EXPECT_EQ(last.header("connection"), "Close");
    EXPECT_TRUE(client.closedByServer());

    RawClient waiting(server.port());
    waiting.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                 "application/json\r\nExpect: 100-continue\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n");
    EXPECT_EQ(waiting.receive().status, 100);
    waiting.send(body);
    EXPECT_EQ(waiting.receive().status, 200);

    RawClient broken(server.port());
    broken.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: "
                "chunked\r\n\r\nzz\r\n");
    EXPECT_EQ(broken.receive().status, 400);
}

TEST(Connections, HeadAnswersLikeGetWithoutTheBodyAndABodyTooLargeForContinueIsRefusedAtOnce) {
    Testing::TestServer server(4096);
    RawClient client(server.port());
    client.send("HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + getHealth());
    RawReply head = client.receive(true);
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("content-length"), "15");
    expectSecurityHeaders(head, "HEAD");
    // The body-less HEAD answer is followed directly by the GET's answer.
    EXPECT_EQ(client.receive().body, R"({"status":"ok"})");

    auto start = SteadyClock::now();
    RawClient waiting(server.port());
    waiting.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: "
                 "100-continue\r\nContent-Length: 10000\r\n\r\n");
    RawReply refused = waiting.receive();
    EXPECT_EQ(refused.status, 413);
    EXPECT_LT(millisecondsSince(start), 1000);
}

TEST(Connections, AClientThatStopsSendingAfterItsRequestsStillGetsEveryAnswer) {
    Testing::TestServer server;
    RawClient client(server.port());
    client.send(getHealth() + getHealth() + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Cut");
    client.finishSending();
    EXPECT_EQ(client.receive().status, 200);
    EXPECT_EQ(client.receive().status, 200);
    EXPECT_TRUE(client.closedByServer()) << "the cut-off third request is not answered";
}

TEST(Connections, SlowHeaderClientsCostNoWorkerAndGet408AtTheHeaderDeadline) {
    Testing::TestServer server(64 * 1024, [](Settings& settings) {
        settings.server.threads = 2;
        settings.server.headerTimeoutSeconds = 1;
    });
    // Many more slow clients than workers, each mid-way through its header.
    std::vector<std::unique_ptr<RawClient>> slow;
    for (int i = 0; i < 24; ++i) {
        slow.push_back(std::make_unique<RawClient>(server.port()));
        slow.back()->send("GET /api/v1/patients HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slo");
    }
    auto start = SteadyClock::now();
    RawClient normal(server.port());
    normal.send(getHealth());
    EXPECT_EQ(normal.receive().status, 200);
    EXPECT_LT(millisecondsSince(start), 500) << "a normal request waited for slow clients";

    RawReply late = slow.front()->receive();
    EXPECT_EQ(late.status, 408);
    EXPECT_EQ(late.body.rfind(R"({"error":{"code":"timeout")", 0), 0u) << late.body;
    EXPECT_LT(millisecondsSince(start), 2500);
    EXPECT_TRUE(slow.front()->closedByServer());
}

TEST(Connections, ASlowBodyIsCutOffWith408) {
    Testing::TestServer server(64 * 1024, [](Settings& settings) {
        settings.server.headerTimeoutSeconds = 1;
        settings.server.minBodyBytesPerSecond = 1000;
    });
    RawClient client(server.port());
    client.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                "application/json\r\nContent-Length: 5000\r\n\r\n{\"email\"");
    auto start = SteadyClock::now();
    RawReply reply = client.receive();
    EXPECT_EQ(reply.status, 408);
    EXPECT_GE(millisecondsSince(start), 900);
    EXPECT_LT(millisecondsSince(start), 3500);
}

TEST(Connections, IdleKeepAliveClientsCostNoWorker) {
    Testing::TestServer server(64 * 1024, [](Settings& settings) { settings.server.threads = 2; });
    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 16; ++i) {
        idle.push_back(std::make_unique<RawClient>(server.port()));
        idle.back()->send(getHealth());
        ASSERT_EQ(idle.back()->receive().status, 200);
    }
    auto start = SteadyClock::now();
    RawClient fresh(server.port());
    fresh.send(getHealth());
    EXPECT_EQ(fresh.receive().status, 200);
    EXPECT_LT(millisecondsSince(start), 500);
    // The idle ones are still open and still served.
    idle.back()->send(getHealth());
    EXPECT_EQ(idle.back()->receive().status, 200);
}

TEST(Connections, AClientThatDoesNotReadItsAnswersHoldsNoWorker) {
    Testing::TestServer server(64 * 1024, [](Settings& settings) { settings.server.threads = 1; });
    // Forty large answers (the API description, about 100 KB each) asked for and never read:
    // far more than the socket buffers hold.
    RawClient stalled(server.port());
    std::string requests;
    for (int i = 0; i < 40; ++i)
        requests += "GET /api/v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    stalled.send(requests);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto start = SteadyClock::now();
    RawClient other(server.port());
    other.send(getHealth());
    EXPECT_EQ(other.receive().status, 200);
    EXPECT_LT(millisecondsSince(start), 500) << "the only worker was writing to a slow reader";
    RawReply first = stalled.receive();
    EXPECT_EQ(first.status, 200);
    EXPECT_GT(first.body.size(), 50'000u);
}

TEST(Connections, AtTheConnectionCapTheLongestIdleConnectionMakesRoom) {
    Testing::TestServer server(64 * 1024,
                               [](Settings& settings) { settings.server.maxConnections = 16; });
    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 16; ++i) {
        idle.push_back(std::make_unique<RawClient>(server.port()));
        idle.back()->send(getHealth());
        ASSERT_EQ(idle.back()->receive().status, 200);
    }
    RawClient fresh(server.port());
    fresh.send(getHealth());
    EXPECT_EQ(fresh.receive().status, 200);
    EXPECT_TRUE(idle.front()->closedByServer()) << "the longest-idle connection was closed";
}

TEST(Connections, AFullQueueAnswers503WithRetryAfterAtOnceAndABurstGetsNoReset) {
    Testing::TestServer server(64 * 1024, [](Settings& settings) {
        settings.server.threads = 1;
        settings.server.queue = 2;
    });
    // Signing in hashes a password: slow enough that a burst fills one worker and its queue.
    std::vector<std::unique_ptr<RawClient>> burst;
    for (int i = 0; i < 40; ++i) {
        burst.push_back(std::make_unique<RawClient>(server.port()));
        burst.back()->send(signInRequest("Connection: close\r\n"));
    }
    int ok = 0;
    int busy = 0;
    for (auto& client : burst) {
        RawReply reply = client->receive();
        if (reply.status == 200) {
            ++ok;
        } else {
            EXPECT_EQ(reply.status, 503) << reply.body;
            EXPECT_EQ(reply.header("retry-after"), "1");
            EXPECT_EQ(reply.body.rfind(R"({"error":{"code":"busy")", 0), 0u) << reply.body;
            expectSecurityHeaders(reply, "503");
            ++busy;
        }
    }
    EXPECT_GE(ok, 2) << "the worker's request and at least one queued were answered";
    EXPECT_GE(busy, 1);
    EXPECT_EQ(ok + busy, 40) << "every complete request got 200 or 503";
    EXPECT_EQ(server.client().get("/healthz").status, 200);
}

TEST(Connections, ABusyDatabasePoolAnswers503WithRetryAfterNot500) {
    Poco::Data::SQLite::Connector::registerConnector();
    ConnectionPool pool([] { return Poco::Data::Session("SQLite", ":memory:"); }, 2,
                        std::chrono::milliseconds(50));
    ConnectionPool::Lease first = pool.acquire();
    ConnectionPool::Lease second = pool.acquire();
    std::exception_ptr busy;
    try {
        pool.acquire();
    } catch (...) {
        busy = std::current_exception();
    }
    ASSERT_TRUE(busy) << "every pooled connection was busy, yet a third was handed out";
    WebError error = webErrorOf(busy);
    EXPECT_EQ(error.status, 503);
    EXPECT_EQ(error.code, "busy");
    Testing::TestServer server;
    WebContext context = server.application().webContext();
    WebRequest api;
    api.path = "/api/v1/patients";
    WebResponse json = errorResponse(api, error, context);
    EXPECT_EQ(json.status, 503);
    EXPECT_EQ(json.body.rfind(R"({"error":{"code":"busy")", 0), 0u) << json.body;
    WebRequest page;
    page.path = "/patients";
    WebResponse html = errorResponse(page, error, context);
    EXPECT_TRUE(Testing::contains(html.body, "The server is busy")) << html.body;
    for (const auto& response : {json, html}) {
        bool retryAfter = false;
        for (const auto& [name, value] : response.headers)
            retryAfter = retryAfter || (name == "Retry-After" && value == "1");
        EXPECT_TRUE(retryAfter);
    }
}

TEST(Connections, BehindATrustedProxyTheAuditTrailShowsTheClientsAddress) {
    Testing::TestServer proxied(
        64 * 1024, [](Settings& settings) { settings.server.trustedProxies = "127.0.0.1"; });
    Testing::TestServer direct;
    for (Testing::TestServer* server : {&proxied, &direct}) {
        RawClient client(server->port());
        client.send(signInRequest("X-Forwarded-For: 203.0.113.9\r\n"));
        ASSERT_EQ(client.receive().status, 200);
    }
    auto addressOf = [](Testing::TestServer& server) {
        std::string address;
        for (const auto& event :
             server.application().store().auditEvents(server.clinicId(), 0, 4'000'000'000))
            if (event.action == "user.signin")
                address = event.address;
        return address;
    };
    EXPECT_EQ(addressOf(proxied), "203.0.113.9");
    EXPECT_EQ(addressOf(direct), "127.0.0.1") << "an untrusted peer cannot pick its address";
}

TEST(Connections, SigtermWithRequestsInFlightAnswersThemAndExitsZero) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"), "server.threads = 2\n");
    Poco::Pipe out;
    Poco::ProcessHandle process = Poco::Process::launch(
        LIMBER_BINARY, {"serve", "--port", "0", "--data-dir", dir.path(), "--demo"}, nullptr, &out,
        nullptr);
    Poco::PipeInputStream lines(out);
    std::string first;
    std::getline(lines, first);
    std::smatch match;
    ASSERT_TRUE(std::regex_search(first, match, std::regex("http://127\\.0\\.0\\.1:(\\d+)/")))
        << first;
    unsigned short port = static_cast<unsigned short>(std::stoi(match[1]));

    // Twelve sign-ins (each hashes a password) on two workers: most wait in the queue when
    // the signal comes.
    std::string body = std::string(R"({"email": ")") + DemoLogin::EMAIL + R"(", "password": ")" +
                       DemoLogin::PASSWORD + R"("})";
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 12; ++i) {
        clients.push_back(std::make_unique<RawClient>(port));
        clients.back()->send("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/json\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ::kill(process.id(), SIGTERM);
    for (auto& client : clients) {
        RawReply reply = client->receive();
        EXPECT_EQ(reply.status, 200) << reply.body;
    }
    EXPECT_EQ(process.wait(), 0);
}
