#include "ClientChannel.h"

#include <Poco/Exception.h>

#include <cerrno>
#include <climits>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

namespace Limber {

ClientChannel::ClientChannel(int socket, SSL_CTX* tls) : _socket(socket) {
    if (!tls)
        return;
    _ssl = SSL_new(tls);
    if (!_ssl)
        throw Poco::IOException("TLS: cannot start a session");
    // Idle connections keep no TLS buffers (about 34 KB each otherwise); partial writes may
    // continue from a moved buffer, since a response's bytes live in a growing string.
    SSL_set_mode(_ssl, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                           SSL_MODE_ENABLE_PARTIAL_WRITE);
    SSL_set_fd(_ssl, socket);
    SSL_set_accept_state(_ssl);
}

ClientChannel::~ClientChannel() {
    if (_ssl)
        SSL_free(_ssl);
}

ChannelResult ClientChannel::read(char* buffer, std::size_t size) {
    if (_ssl) {
        ERR_clear_error();
        int n = SSL_read(_ssl, buffer, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
        if (n > 0)
            return {ChannelResult::Done, static_cast<std::size_t>(n)};
        return tlsResult(n);
    }
    while (true) {
        ssize_t n = ::recv(_socket, buffer, size, 0);
        if (n > 0)
            return {ChannelResult::Done, static_cast<std::size_t>(n)};
        if (n == 0)
            return {ChannelResult::Closed, 0};
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return {ChannelResult::WantRead, 0};
        return {ChannelResult::Failed, 0};
    }
}

ChannelResult ClientChannel::write(const char* data, std::size_t size) {
    if (_ssl) {
        ERR_clear_error();
        int n = SSL_write(_ssl, data, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
        if (n > 0)
            return {ChannelResult::Done, static_cast<std::size_t>(n)};
        ChannelResult result = tlsResult(n);
        return result.status == ChannelResult::Closed ? ChannelResult{ChannelResult::Failed, 0}
                                                      : result;
    }
    while (true) {
        ssize_t n = ::send(_socket, data, size, MSG_NOSIGNAL);
        if (n >= 0)
            return {n > 0 ? ChannelResult::Done : ChannelResult::WantWrite,
                    static_cast<std::size_t>(n)};
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return {ChannelResult::WantWrite, 0};
        return {ChannelResult::Failed, 0};
    }
}

void ClientChannel::shutdownSend() {
    if (_ssl && SSL_is_init_finished(_ssl)) {
        ERR_clear_error();
        SSL_shutdown(_ssl);
    }
    ::shutdown(_socket, SHUT_WR);
}

ChannelResult ClientChannel::tlsResult(int returned) {
    switch (SSL_get_error(_ssl, returned)) {
    case SSL_ERROR_WANT_READ:
        return {ChannelResult::WantRead, 0};
    case SSL_ERROR_WANT_WRITE:
        return {ChannelResult::WantWrite, 0};
    case SSL_ERROR_ZERO_RETURN:
        return {ChannelResult::Closed, 0};
    case SSL_ERROR_SYSCALL:
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return {ChannelResult::WantRead, 0};
        return {returned == 0 ? ChannelResult::Closed : ChannelResult::Failed, 0};
    default:
        ERR_clear_error();
        return {ChannelResult::Failed, 0};
    }
}

} // namespace Limber
