#pragma once

#include "ClientChannel.h"
#include "HttpFraming.h"
#include "RequestDispatcher.h"
#include "TrustedProxies.h"
#include "WorkerPool.h"

#include <Poco/Logger.h>
#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/PollSet.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace Limber {

/// How the connection layer treats clients; ServerConfig's keys, checked by the caller.
struct ConnectionLimits {
    std::size_t workers = 16; ///< requests handled at once
    std::size_t queue = 1000; ///< complete requests that may wait for a worker
    std::size_t maxConnections = 10000;
    std::chrono::seconds headerTimeout{10}; ///< for a whole header block; also the body's grace
    std::size_t minBodyBytesPerSecond = 1024;
    std::chrono::seconds keepAlive{60}; ///< idle time between requests
    std::size_t maxBodyBytes = 1024 * 1024;
};

/// The event-driven connection layer: one I/O thread owns every socket (Poco::Net::PollSet on
/// epoll), reads each request completely (the header block within headerTimeout, the body by
/// Content-Length or chunked at minBodyBytesPerSecond), checks its framing, and only then hands
/// it to a worker; the worker's answer comes back as bytes that the I/O thread writes. So a
/// slow, idle or vanished client costs a few hundred bytes of memory and never a worker.
///
/// Admission: at maxConnections the longest-idle keep-alive connection is closed for a new
/// one, or, with none idle, new connections wait in the listen backlog; a request that finds
/// the work queue full is answered 503 with Retry-After at once. A response that closes the
/// connection is followed by a lingering close, so the client reads it instead of a reset.
class ConnectionLoop {
public:
    /// listener: bound and listening; tls: the OpenSSL context of a TLS server, or null.
    ConnectionLoop(Poco::Net::ServerSocket listener, SSL_CTX* tls, const ConnectionLimits& limits,
                   TrustedProxies proxies, RequestDispatcher& dispatcher);
    ~ConnectionLoop();
    ConnectionLoop(const ConnectionLoop&) = delete;
    ConnectionLoop& operator=(const ConnectionLoop&) = delete;

    void start();
    /// Stops accepting and closes idle connections; requests already received are answered
    /// (with "Connection: close") within 10 s; then joins the I/O thread and the workers.
    void stop();

    /// Client connections open now (any thread may ask).
    std::size_t openConnections() const { return _open; }
    /// Whole requests waiting for a worker now.
    std::size_t queuedRequests() { return _workers.queued(); }

private:
    using Clock = std::chrono::steady_clock;
    enum class State { Idle, ReadingHead, ReadingBody, Working, Writing, Lingering };
    struct Connection;
    struct Completion {
        std::uint64_t connection;
        OutgoingResponse response;
    };

    void run();
    /// One round: the ready sockets, the workers' answers, and now and then the deadlines.
    void handle(const Poco::Net::PollSet::SocketModeMap& ready);
    void acceptNew();
    bool evictIdle();
    void pauseAccepting();
    void resumeAccepting();
    void onReady(Connection& c, int mode);
    void receive(Connection& c);
    void advance(Connection& c);
    bool readBody(Connection& c);
    void dispatch(Connection& c);
    void respond(Connection& c, OutgoingResponse response);
    void fail(Connection& c, int status, const std::string& code, const std::string& message);
    void flush(Connection& c);
    void linger(Connection& c);
    void close(Connection& c);
    void updateInterest(Connection& c);
    void sweep();
    /// Whether a body in progress has fallen below the least rate (after its grace).
    bool bodyTooSlow(const Connection& c, Clock::time_point now) const;
    void beginDrain();
    void takeCompletions();
    void reap();
    void complete(std::uint64_t connection, OutgoingResponse response);
    void wake();

    Poco::Net::ServerSocket _listener;
    SSL_CTX* _tls;
    ConnectionLimits _limits;
    TrustedProxies _proxies;
    RequestDispatcher& _dispatcher;
    Poco::Logger& _log;
    WorkerPool _workers;

    // Owned by the I/O thread.
    Poco::Net::PollSet _poll;
    std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> _connections;
    std::unordered_map<const void*, Connection*> _bySocket;
    std::vector<std::uint64_t> _dead;
    std::atomic<std::size_t> _open{0}; ///< written by the I/O thread only
    std::uint64_t _nextId = 0;
    bool _accepting = false;
    bool _draining = false;
    Clock::time_point _resumeAcceptAt;
    Clock::time_point _drainDeadline;
    Clock::time_point _lastSweep;
    std::vector<char> _readBuffer;

    // Shared with the workers.
    std::mutex _completedMutex;
    std::vector<Completion> _completed;
    Poco::Net::DatagramSocket _wakeReceiver;
    Poco::Net::DatagramSocket _wakeSender;
    std::atomic<bool> _wakePending{false};
    std::atomic<bool> _stopping{false};

    std::thread _thread;
    bool _running = false;
};

} // namespace Limber
