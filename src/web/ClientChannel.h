#pragma once

#include <cstddef>

using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;

namespace Limber {

/// What a read or write on a non-blocking channel did.
struct ChannelResult {
    enum Status {
        Done,      ///< bytes moved (bytes > 0)
        WantRead,  ///< nothing moved; try again when the socket is readable
        WantWrite, ///< nothing moved; try again when the socket is writable
        Closed,    ///< the peer closed its side (reads only)
        Failed     ///< the connection is broken; close it
    };
    Status status = Failed;
    std::size_t bytes = 0;
};

/// The bytes of one client connection on a non-blocking socket, plain or TLS. TLS runs here,
/// on the connection layer's thread, with OpenSSL driving the socket: the handshake happens
/// inside the first reads, and a read may need the socket writable (or a write readable),
/// which the result says. Not thread-safe; one owner at a time.
class ClientChannel {
public:
    /// tls: null for plain TCP; else the server's OpenSSL context (from Poco::Net::Context).
    ClientChannel(int socket, SSL_CTX* tls);
    ~ClientChannel();
    ClientChannel(const ClientChannel&) = delete;
    ClientChannel& operator=(const ClientChannel&) = delete;

    ChannelResult read(char* buffer, std::size_t size);
    ChannelResult write(const char* data, std::size_t size);
    /// Ends the sending side (TLS close_notify, then TCP FIN); the peer may still send.
    void shutdownSend();

private:
    ChannelResult tlsResult(int returned);

    int _socket;
    SSL* _ssl = nullptr;
};

} // namespace Limber
