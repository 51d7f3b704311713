#include "ConnectionLoop.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocketImpl.h>

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace Limber {

namespace {

/// Bodies up to this many times the cap are read and thrown away after a 413, so that the
/// connection stays usable; a larger one is refused at once and the connection closed.
constexpr std::size_t DRAIN_FACTOR = 4;
/// How long a closing connection keeps reading (and dropping) what the client still sends.
constexpr std::chrono::seconds LINGER{2};
/// How long stop() waits for requests in flight.
constexpr std::chrono::seconds DRAIN{10};
/// How long stop() lets a request still arriving finish arriving; then it is answered 503.
constexpr std::chrono::seconds DRAIN_ARRIVING{2};
/// The most bytes read from one connection per readiness event, so one fast client cannot
/// starve the others.
constexpr std::size_t READ_BUDGET = 1024 * 1024;
constexpr std::chrono::milliseconds SWEEP_EVERY{200};

const std::string CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";

} // namespace

struct ConnectionLoop::Connection {
    std::uint64_t id = 0;
    Poco::Net::StreamSocket socket;
    Poco::Net::IPAddress peer;
    std::unique_ptr<ClientChannel> channel;
    State state = State::Idle;
    bool dead = false;
    bool peerClosed = false;
    bool closeAfterWrite = false;
    bool lingerAfterWrite = false; ///< refused mid-request: the client may still be sending
    bool readWantsWrite = false;   ///< TLS: the last read needs the socket writable
    bool writeWantsRead = false;   ///< TLS: the last write needs the socket readable
    int interest = 0;              ///< the PollSet mode it is registered with; 0: not registered
    std::string in;                ///< received bytes not yet consumed
    std::string out;               ///< bytes to write
    std::size_t outAt = 0;
    Clock::time_point deadline;  ///< Idle, ReadingHead, Writing, Lingering: when it ends
    Clock::time_point since;     ///< ReadingBody: when the body started
    Clock::time_point idleSince; ///< Idle: since when
    std::unique_ptr<RequestHead> head;
    std::string method;
    std::string path;
    std::unique_ptr<ChunkedBody> chunked;
    std::uint64_t bodyLeft = 0; ///< Content-Length bytes still to come
    std::uint64_t bodyBytes = 0;
    std::string body;
    bool discardBody = false; ///< reading a body over the cap only to answer 413 after it
};

ConnectionLoop::ConnectionLoop(Poco::Net::ServerSocket listener, SSL_CTX* tls,
                               const ConnectionLimits& limits, TrustedProxies proxies,
                               RequestDispatcher& dispatcher)
    : _listener(std::move(listener)), _tls(tls), _limits(limits), _proxies(std::move(proxies)),
      _dispatcher(dispatcher), _log(Poco::Logger::get("limber.web")),
      _workers(limits.workers, limits.queue), _readBuffer(64 * 1024),
      _wakeReceiver(Poco::Net::SocketAddress("127.0.0.1", 0), false) {
    _listener.setBlocking(false);
    _wakeReceiver.setBlocking(false);
    _wakeSender.connect(_wakeReceiver.address());
    _wakeSender.setBlocking(false);
}

ConnectionLoop::~ConnectionLoop() {
    stop();
}

void ConnectionLoop::start() {
    if (_running)
        return;
    _running = true;
    _poll.add(_wakeReceiver, Poco::Net::PollSet::POLL_READ);
    resumeAccepting();
    _thread = std::thread([this] { run(); });
}

void ConnectionLoop::stop() {
    if (!_running)
        return;
    _running = false;
    _stopping = true;
    wake();
    _thread.join();
    _workers.stop();
}

void ConnectionLoop::run() {
    _lastSweep = Clock::now();
    while (true) {
        Poco::Net::PollSet::SocketModeMap ready;
        try {
            ready = _poll.poll(Poco::Timespan(0, 250 * 1000));
        } catch (const Poco::Exception& e) {
            _log.error("connection poll failed: %s", e.displayText());
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        try {
            handle(ready);
            if (_stopping) {
                if (!_draining)
                    beginDrain();
                reap();
                if (_open == 0 || Clock::now() >= _drainDeadline)
                    break;
            }
        } catch (const std::exception& e) {
            // A bug or an exhausted resource must not end the loop that every client needs.
            _log.error("connection loop: %s", std::string(e.what()));
            if (_draining && Clock::now() >= _drainDeadline)
                break;
        }
    }
    for (auto& [id, c] : _connections) {
        if (!c->dead)
            close(*c);
    }
    reap();
}

void ConnectionLoop::handle(const Poco::Net::PollSet::SocketModeMap& ready) {
    for (const auto& [socket, mode] : ready) {
        if (socket == _wakeReceiver) {
            char drained[64];
            try {
                while (_wakeReceiver.receiveBytes(drained, sizeof drained) > 0) {
                }
            } catch (const Poco::Exception&) {
            }
            // Only after draining: a wake() between the reset and the drain would have its byte
            // drained while its flag stayed set, and every later wake() would then be skipped,
            // leaving completed responses to the poll timeout (250 ms). takeCompletions() below
            // takes whatever was completed before the reset.
            _wakePending = false;
            continue;
        }
        if (socket == _listener) {
            acceptNew();
            continue;
        }
        auto found = _bySocket.find(socket.impl());
        if (found != _bySocket.end() && !found->second->dead)
            onReady(*found->second, mode);
    }
    takeCompletions();
    reap();
    auto now = Clock::now();
    if (now - _lastSweep >= SWEEP_EVERY) {
        _lastSweep = now;
        sweep();
        reap();
        resumeAccepting();
    }
}

void ConnectionLoop::acceptNew() {
    for (int i = 0; i < 256; ++i) {
        if (_open >= _limits.maxConnections) {
            // Only the first round knows a client is waiting (the listener was readable); the
            // next poll says whether more are.
            if (i > 0)
                return;
            if (!evictIdle()) {
                pauseAccepting();
                return;
            }
        }
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        int fd = ::accept4(_listener.impl()->sockfd(), reinterpret_cast<sockaddr*>(&address),
                           &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                // Out of descriptors or memory: wait a moment rather than spin.
                _log.warning("cannot accept a connection (errno %d); %z open", errno, _open.load());
                pauseAccepting();
                _resumeAcceptAt = Clock::now() + std::chrono::milliseconds(100);
            }
            return;
        }
        auto c = std::make_unique<Connection>();
        c->id = ++_nextId;
        c->socket = Poco::Net::StreamSocket(new Poco::Net::StreamSocketImpl(fd));
        int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        c->peer = Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&address),
                                           static_cast<poco_socklen_t>(length))
                      .host();
        try {
            c->channel = std::make_unique<ClientChannel>(fd, _tls);
        } catch (const Poco::Exception& e) {
            _log.warning("cannot start a connection: %s", e.displayText());
            continue;
        }
        c->deadline = Clock::now() + _limits.headerTimeout;
        c->idleSince = Clock::now();
        ++_open;
        Connection& added = *c;
        _bySocket[c->socket.impl()] = c.get();
        _connections.emplace(c->id, std::move(c));
        updateInterest(added);
    }
}

bool ConnectionLoop::evictIdle() {
    Connection* oldest = nullptr;
    for (auto& [id, c] : _connections) {
        if (!c->dead && c->state == State::Idle && c->in.empty() && c->out.empty() &&
            (!oldest || c->idleSince < oldest->idleSince))
            oldest = c.get();
    }
    if (!oldest)
        return false;
    close(*oldest);
    return true;
}

void ConnectionLoop::pauseAccepting() {
    if (!_accepting)
        return;
    _poll.remove(_listener);
    _accepting = false;
}

void ConnectionLoop::resumeAccepting() {
    if (_accepting || _stopping || _open >= _limits.maxConnections ||
        Clock::now() < _resumeAcceptAt)
        return;
    _poll.add(_listener, Poco::Net::PollSet::POLL_READ);
    _accepting = true;
}

void ConnectionLoop::onReady(Connection& c, int mode) {
    if (mode & Poco::Net::PollSet::POLL_ERROR) {
        close(c);
        return;
    }
    if (!c.out.empty()) {
        flush(c);
        if (c.dead)
            return;
    }
    if (c.state != State::Working && c.state != State::Writing) {
        receive(c);
        if (c.dead)
            return;
        advance(c);
        if (c.dead)
            return;
    }
    updateInterest(c);
}

void ConnectionLoop::receive(Connection& c) {
    std::size_t total = 0;
    c.readWantsWrite = false;
    while (total < READ_BUDGET) {
        ChannelResult result = c.channel->read(_readBuffer.data(), _readBuffer.size());
        switch (result.status) {
        case ChannelResult::Done:
            total += result.bytes;
            if (c.state != State::Lingering)
                c.in.append(_readBuffer.data(), result.bytes);
            continue;
        case ChannelResult::WantRead:
            break;
        case ChannelResult::WantWrite:
            c.readWantsWrite = true;
            break;
        case ChannelResult::Closed:
            c.peerClosed = true;
            break;
        case ChannelResult::Failed:
            close(c);
            return;
        }
        break;
    }
    if (c.state == State::Lingering && c.peerClosed)
        close(c);
}

void ConnectionLoop::advance(Connection& c) {
    while (!c.dead) {
        switch (c.state) {
        case State::Idle:
        case State::ReadingHead: {
            // Empty lines before a request line are allowed, and ignored.
            std::size_t start = c.in.find_first_not_of("\r\n");
            c.in.erase(0, start == std::string::npos ? c.in.size() : start);
            if (c.in.empty()) {
                if (c.peerClosed && c.out.empty())
                    close(c);
                return;
            }
            if (c.state == State::Idle) {
                c.state = State::ReadingHead;
                c.deadline = Clock::now() + _limits.headerTimeout;
            }
            std::size_t end = headEnd(c.in);
            if (end == std::string::npos && c.in.size() <= MAX_HEAD_BYTES) {
                if (c.peerClosed)
                    close(c);
                return;
            }
            c.method = methodOf(c.in);
            c.path = targetPathOf(c.in);
            if (end == std::string::npos || end > MAX_HEAD_BYTES) {
                fail(c, 431, "headers_too_large",
                     "The request's header is larger than " + std::to_string(MAX_HEAD_BYTES) +
                         " bytes.");
                return;
            }
            auto head = std::make_unique<RequestHead>();
            try {
                parseRequestHead(std::string_view(c.in).substr(0, end), *head);
            } catch (const FramingException& e) {
                fail(c, e.status(), e.code(), e.what());
                return;
            }
            c.in.erase(0, end);
            c.method = head->request.getMethod();
            c.bodyBytes = 0;
            c.body.clear();
            c.discardBody = false;
            c.bodyLeft = head->framing == BodyFraming::Length ? head->contentLength : 0;
            const std::string tooLarge = "The request body is larger than " +
                                         std::to_string(_limits.maxBodyBytes) + " bytes.";
            if (head->framing == BodyFraming::Length && c.bodyLeft > _limits.maxBodyBytes) {
                // A client waiting for 100 Continue sends nothing more: answer now.
                if (c.bodyLeft > _limits.maxBodyBytes * DRAIN_FACTOR || head->expectContinue) {
                    fail(c, 413, "too_large", tooLarge);
                    return;
                }
                c.discardBody = true;
            }
            if (head->framing == BodyFraming::Chunked)
                c.chunked = std::make_unique<ChunkedBody>(_limits.maxBodyBytes);
            if (head->expectContinue && head->framing != BodyFraming::None && c.in.empty())
                c.out += CONTINUE;
            c.head = std::move(head);
            c.state = State::ReadingBody;
            c.since = Clock::now();
            break;
        }
        case State::ReadingBody: {
            bool complete = false;
            try {
                complete = readBody(c);
            } catch (const FramingException& e) {
                fail(c, e.status(), e.code(), e.what());
                return;
            }
            if (!complete) {
                if (c.peerClosed)
                    close(c);
                return;
            }
            if (c.discardBody) {
                c.discardBody = false;
                bool keepAlive = c.head->request.getKeepAlive();
                c.head.reset();
                respond(c, _dispatcher.refuse(c.method, c.path,
                                              {413,
                                               "too_large",
                                               "The request body is larger than " +
                                                   std::to_string(_limits.maxBodyBytes) + " bytes.",
                                               {}},
                                              keepAlive, c.peer.toString()));
            } else {
                dispatch(c);
            }
            if (c.state != State::Idle)
                return;
            break;
        }
        case State::Working:
        case State::Writing:
        case State::Lingering:
            return;
        }
    }
}

bool ConnectionLoop::readBody(Connection& c) {
    switch (c.head->framing) {
    case BodyFraming::None:
        return true;
    case BodyFraming::Length: {
        std::size_t take =
            static_cast<std::size_t>(std::min<std::uint64_t>(c.bodyLeft, c.in.size()));
        if (!c.discardBody)
            c.body.append(c.in, 0, take);
        c.in.erase(0, take);
        c.bodyLeft -= take;
        c.bodyBytes += take;
        return c.bodyLeft == 0;
    }
    case BodyFraming::Chunked: {
        std::size_t before = c.in.size();
        bool complete = c.chunked->feed(c.in, c.body);
        c.bodyBytes += before - c.in.size();
        if (complete)
            c.chunked.reset();
        return complete;
    }
    }
    return true;
}

void ConnectionLoop::dispatch(Connection& c) {
    auto incoming = std::make_shared<IncomingRequest>();
    incoming->head = c.head->request;
    incoming->body = std::move(c.body);
    RequestOrigin origin = _proxies.originOf(c.peer, c.head->request);
    incoming->clientAddress = origin.clientAddress;
    incoming->secure = _tls != nullptr || origin.secure.value_or(false);
    // A client that closed its sending side after its requests still reads the answers: the
    // connection ends when no whole request is left (see advance).
    bool keepAlive = c.head->request.getKeepAlive();
    c.head.reset();
    c.body.clear();
    std::uint64_t id = c.id;
    bool posted = _workers.tryPost([this, id, incoming, keepAlive] {
        OutgoingResponse response;
        try {
            response = _dispatcher.dispatch(*incoming, keepAlive && !_stopping);
        } catch (...) {
            response = _dispatcher.refuse(incoming->head.getMethod(), "/",
                                          {500,
                                           "internal",
                                           "Something went wrong on our side; it has been "
                                           "logged.",
                                           {}},
                                          false, incoming->clientAddress);
        }
        complete(id, std::move(response));
    });
    if (posted) {
        c.state = State::Working;
        return;
    }
    respond(c,
            _dispatcher.refuse(c.method, c.path,
                               {503, "busy", "The server is busy; try again in a moment.", {}, 1},
                               keepAlive, c.peer.toString()));
}

void ConnectionLoop::respond(Connection& c, OutgoingResponse response) {
    c.out += response.bytes;
    c.closeAfterWrite = !response.keepAlive;
    c.state = State::Writing;
    // Slow readers get the same floor as slow senders.
    c.deadline = Clock::now() + _limits.headerTimeout +
                 std::chrono::seconds(c.out.size() /
                                      std::max<std::size_t>(_limits.minBodyBytesPerSecond, 1));
    flush(c);
}

void ConnectionLoop::fail(Connection& c, int status, const std::string& code,
                          const std::string& message) {
    if (c.path.empty() && !c.in.empty()) {
        c.method = methodOf(c.in);
        c.path = targetPathOf(c.in);
    }
    c.head.reset();
    c.chunked.reset();
    c.in.clear();
    c.lingerAfterWrite = true;
    respond(c, _dispatcher.refuse(c.method, c.path.empty() ? "/" : c.path,
                                  {status, code, message, {}}, false, c.peer.toString()));
}

void ConnectionLoop::flush(Connection& c) {
    c.writeWantsRead = false;
    while (c.outAt < c.out.size()) {
        ChannelResult result = c.channel->write(c.out.data() + c.outAt, c.out.size() - c.outAt);
        switch (result.status) {
        case ChannelResult::Done:
            c.outAt += result.bytes;
            continue;
        case ChannelResult::WantRead:
            c.writeWantsRead = true;
            return;
        case ChannelResult::WantWrite:
            return;
        case ChannelResult::Closed:
        case ChannelResult::Failed:
            close(c);
            return;
        }
    }
    c.out.clear();
    c.outAt = 0;
    if (c.state != State::Writing)
        return;
    if (c.closeAfterWrite || _stopping) {
        linger(c);
        return;
    }
    c.state = State::Idle;
    c.method.clear();
    c.path.clear();
    c.idleSince = Clock::now();
    c.deadline = c.idleSince + _limits.keepAlive;
}

void ConnectionLoop::linger(Connection& c) {
    c.channel->shutdownSend();
    // Closing with unread bytes makes the kernel reset the connection, and a reset can destroy
    // the answer before the client reads it: a client refused mid-request may still be
    // sending, so keep reading (and dropping) until it stops. After a complete request with
    // nothing more received, a plain close sends the answer and then FIN.
    if (!c.lingerAfterWrite && c.in.empty()) {
        close(c);
        return;
    }
    c.state = State::Lingering;
    c.in.clear();
    c.deadline = Clock::now() + LINGER;
    if (c.peerClosed)
        close(c);
}

void ConnectionLoop::close(Connection& c) {
    if (c.dead)
        return;
    c.dead = true;
    try {
        if (c.interest != 0)
            _poll.remove(c.socket);
    } catch (const Poco::Exception&) {
    }
    c.interest = 0;
    _bySocket.erase(c.socket.impl());
    c.channel.reset();
    try {
        c.socket.close();
    } catch (const Poco::Exception&) {
    }
    --_open;
    _dead.push_back(c.id);
}

void ConnectionLoop::updateInterest(Connection& c) {
    if (c.dead)
        return;
    using Poco::Net::PollSet;
    int wanted = 0;
    switch (c.state) {
    case State::Working:
        break;
    case State::Writing:
        wanted = c.writeWantsRead ? PollSet::POLL_READ : PollSet::POLL_WRITE;
        break;
    default:
        wanted = PollSet::POLL_READ;
        if (c.readWantsWrite || (!c.out.empty() && !c.writeWantsRead))
            wanted |= PollSet::POLL_WRITE;
        break;
    }
    if (wanted == c.interest)
        return;
    try {
        if (c.interest == 0)
            _poll.add(c.socket, wanted);
        else if (wanted == 0)
            _poll.remove(c.socket);
        else
            _poll.update(c.socket, wanted);
        c.interest = wanted;
    } catch (const Poco::Exception& e) {
        _log.warning("cannot poll a connection: %s", e.displayText());
        close(c);
    }
}

void ConnectionLoop::sweep() {
    auto now = Clock::now();
    const bool stopArriving = _draining && now >= _drainDeadline - DRAIN + DRAIN_ARRIVING;
    for (auto& [id, pointer] : _connections) {
        Connection& c = *pointer;
        if (c.dead)
            continue;
        switch (c.state) {
        case State::Idle:
        case State::Writing:
        case State::Lingering:
            if (now >= c.deadline)
                close(c);
            break;
        case State::ReadingHead:
        case State::ReadingBody:
            if (stopArriving) {
                fail(c, 503, "stopping", "The server is restarting; try again in a moment.");
            } else if (c.state == State::ReadingHead && now >= c.deadline) {
                fail(c, 408, "timeout",
                     "The request's header did not arrive within " +
                         std::to_string(_limits.headerTimeout.count()) + " seconds.");
            } else if (c.state == State::ReadingBody && bodyTooSlow(c, now)) {
                fail(c, 408, "timeout",
                     "The request body arrived slower than " +
                         std::to_string(_limits.minBodyBytesPerSecond) + " bytes a second.");
            }
            updateInterest(c);
            break;
        case State::Working:
            break;
        }
    }
}

bool ConnectionLoop::bodyTooSlow(const Connection& c, Clock::time_point now) const {
    auto late =
        std::chrono::duration_cast<std::chrono::seconds>(now - c.since - _limits.headerTimeout);
    return late.count() > 0 &&
           c.bodyBytes < _limits.minBodyBytesPerSecond * static_cast<std::uint64_t>(late.count());
}

void ConnectionLoop::beginDrain() {
    _draining = true;
    _drainDeadline = Clock::now() + DRAIN;
    pauseAccepting();
    try {
        _listener.close();
    } catch (const Poco::Exception&) {
    }
    for (auto& [id, pointer] : _connections) {
        Connection& c = *pointer;
        if (c.dead || c.state != State::Idle)
            continue;
        // A request may be on its way already: read what has arrived before deciding.
        receive(c);
        if (!c.dead)
            advance(c);
        if (!c.dead && c.state == State::Idle && c.in.empty() && c.out.empty())
            close(c);
        else
            updateInterest(c);
    }
}

void ConnectionLoop::takeCompletions() {
    std::vector<Completion> completed;
    {
        std::lock_guard lock(_completedMutex);
        completed.swap(_completed);
    }
    for (auto& done : completed) {
        auto found = _connections.find(done.connection);
        if (found == _connections.end() || found->second->dead)
            continue;
        Connection& c = *found->second;
        respond(c, std::move(done.response));
        if (!c.dead && c.state == State::Idle)
            advance(c);
        updateInterest(c);
    }
}

void ConnectionLoop::reap() {
    for (std::uint64_t id : _dead)
        _connections.erase(id);
    _dead.clear();
}

void ConnectionLoop::complete(std::uint64_t connection, OutgoingResponse response) {
    {
        std::lock_guard lock(_completedMutex);
        _completed.push_back({connection, std::move(response)});
    }
    wake();
}

void ConnectionLoop::wake() {
    if (_wakePending.exchange(true))
        return;
    try {
        char signal = 1;
        _wakeSender.sendBytes(&signal, 1);
    } catch (const Poco::Exception&) {
        _wakePending = false;
    }
}

} // namespace Limber
