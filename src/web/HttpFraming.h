#pragma once

#include <Poco/Net/HTTPRequest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace Limber {

/// A request the connection layer refuses before any handler runs: the status, a stable code
/// and a message for people, as the error body shows them.
class FramingException : public std::runtime_error {
public:
    FramingException(int status, std::string code, const std::string& message)
        : std::runtime_error(message), _status(status), _code(std::move(code)) {}
    int status() const { return _status; }
    const std::string& code() const { return _code; }

private:
    int _status;
    std::string _code;
};

/// How a request's body is delimited.
enum class BodyFraming { None, Length, Chunked };

/// A request head (request line and header fields), checked and parsed.
struct RequestHead {
    Poco::Net::HTTPRequest request;
    BodyFraming framing = BodyFraming::None;
    std::uint64_t contentLength = 0; ///< for BodyFraming::Length
    bool expectContinue = false;     ///< "Expect: 100-continue"
};

/// The most header bytes a request may have (request line included); more answers 431.
constexpr std::size_t MAX_HEAD_BYTES = 32 * 1024;
/// The most header fields a request may have; more answers 431.
constexpr std::size_t MAX_HEADER_FIELDS = 100;
/// The longest request target; longer answers 414.
constexpr std::size_t MAX_TARGET_BYTES = 8 * 1024;

/// The offset just past the empty line that ends the head at the start of data, or npos while
/// the head is incomplete. Lines end in CRLF or a bare LF.
std::size_t headEnd(std::string_view data);

/// Checks the head's framing and parses it with Poco's HTTPRequest::read. Throws
/// FramingException: 400 for a malformed request line or header line (no colon, a space in a
/// name, a folded line, a control character), a malformed or conflicting Content-Length,
/// Content-Length together with Transfer-Encoding, Transfer-Encoding in HTTP/1.0, a missing
/// or repeated Host in HTTP/1.1; 414 for a target over MAX_TARGET_BYTES; 431 for more than
/// MAX_HEADER_FIELDS fields; 501 for a method HTTP does not define and a Transfer-Encoding
/// other than chunked; 505 for an HTTP version other than 1.0 and 1.1.
void parseRequestHead(std::string_view block, RequestHead& head);

/// The path of the head's request target, as far as it can be read ("/" when it cannot), to
/// choose the kind of an error body (JSON under /api/, else HTML) for a head that failed.
std::string targetPathOf(std::string_view block);

/// The method of the head's request line when it is a token, else "-" (for logs and errors).
std::string methodOf(std::string_view block);

/// Decodes a chunked body as its bytes arrive: chunk sizes, data, the CRLF after each chunk,
/// then the trailer fields (read and dropped).
class ChunkedBody {
public:
    /// limit: the most body bytes; more throws FramingException 413.
    explicit ChunkedBody(std::size_t limit) : _limit(limit) {}

    /// Consumes as much of data (from its front) as it can, appending the decoded bytes to
    /// body; returns whether the body is complete (the rest of data then belongs to the next
    /// request). Throws FramingException 400 for malformed framing, 413 over the limit.
    bool feed(std::string& data, std::string& body);

private:
    enum class Stage { Size, Data, DataEnd, Trailer, Done };
    Stage _stage = Stage::Size;
    std::size_t _limit;
    std::uint64_t _remaining = 0;
    std::size_t _trailerBytes = 0;
};

} // namespace Limber
