#include "HttpFraming.h"

#include <Poco/Exception.h>
#include <Poco/String.h>

#include <algorithm>
#include <array>
#include <sstream>
#include <vector>

namespace Limber {

namespace {

/// RFC 9110 tchar: the characters of a token (methods, header names, codings).
bool isTokenChar(char c) {
    static constexpr std::string_view OTHERS = "!#$%&'*+-.^_`|~";
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           OTHERS.find(c) != std::string_view::npos;
}

bool isToken(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

/// Control characters other than horizontal tab (and DEL) never belong in a field value.
bool hasControl(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

bool isDigits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

/// The lines of a head, without their line ends, up to the empty line.
std::vector<std::string_view> linesOf(std::string_view block) {
    std::vector<std::string_view> lines;
    std::size_t at = 0;
    while (at < block.size()) {
        std::size_t end = block.find('\n', at);
        if (end == std::string_view::npos)
            end = block.size();
        std::string_view line = block.substr(at, end - at);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty())
            break;
        lines.push_back(line);
        at = end + 1;
    }
    return lines;
}

[[noreturn]] void refuse(int status, const std::string& code, const std::string& message) {
    throw FramingException(status, code, message);
}

[[noreturn]] void malformed(const std::string& message) {
    refuse(400, "bad_request", message);
}

constexpr std::array KNOWN_METHODS = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                      "OPTIONS", "CONNECT", "TRACE", "PATCH"};

} // namespace

std::size_t headEnd(std::string_view data) {
    std::size_t at = 0;
    while (true) {
        std::size_t end = data.find('\n', at);
        if (end == std::string_view::npos)
            return std::string_view::npos;
        std::size_t length = end - at;
        if (length == 0 || (length == 1 && data[at] == '\r'))
            return end + 1;
        at = end + 1;
    }
}

void parseRequestHead(std::string_view block, RequestHead& head) {
    std::vector<std::string_view> lines = linesOf(block);
    if (lines.empty())
        malformed("The request line is missing.");

    // The request line: method SP target SP version, nothing more.
    std::string_view requestLine = lines.front();
    if (requestLine.find('\r') != std::string_view::npos)
        malformed("The request line holds a stray carriage return.");
    std::size_t first = requestLine.find(' ');
    std::size_t second = first == std::string_view::npos ? first : requestLine.find(' ', first + 1);
    if (second == std::string_view::npos ||
        requestLine.find(' ', second + 1) != std::string_view::npos)
        malformed("The request line is not \"METHOD target HTTP/1.1\".");
    std::string_view method = requestLine.substr(0, first);
    std::string_view target = requestLine.substr(first + 1, second - first - 1);
    std::string_view version = requestLine.substr(second + 1);
    if (!isToken(method))
        malformed("The request method is malformed.");
    if (target.empty() || hasControl(target))
        malformed("The request target is malformed.");
    if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || !isDigits(version.substr(5, 1)) ||
        version[6] != '.' || !isDigits(version.substr(7, 1)))
        malformed("The HTTP version is malformed.");
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        refuse(505, "version_not_supported",
               "This server speaks HTTP/1.1 and HTTP/1.0, not " + std::string(version) + ".");
    if (std::find(KNOWN_METHODS.begin(), KNOWN_METHODS.end(), method) == KNOWN_METHODS.end())
        refuse(501, "not_implemented",
               "The method " + std::string(method) + " is not one this server knows.");
    if (target.size() > MAX_TARGET_BYTES)
        refuse(414, "uri_too_long",
               "The address is longer than " + std::to_string(MAX_TARGET_BYTES) + " bytes.");
    const bool http11 = version == "HTTP/1.1";

    // The header fields: name ":" value, one per line.
    if (lines.size() - 1 > MAX_HEADER_FIELDS)
        refuse(431, "headers_too_large",
               "The request has more than " + std::to_string(MAX_HEADER_FIELDS) +
                   " header fields.");
    std::vector<std::string_view> lengths;
    std::vector<std::string> codings;
    int hosts = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (line.front() == ' ' || line.front() == '\t')
            malformed("A header line is folded onto the next line.");
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            malformed("A header line has no colon.");
        std::string_view name = line.substr(0, colon);
        if (!isToken(name))
            malformed("A header name is empty or holds a space or another character names "
                      "may not have.");
        std::string_view value = trimmed(line.substr(colon + 1));
        if (hasControl(value))
            malformed("The header " + std::string(name) + " holds a control character.");
        if (Poco::icompare(std::string(name), "content-length") == 0) {
            std::size_t at = 0;
            while (true) {
                std::size_t comma = value.find(',', at);
                lengths.push_back(trimmed(value.substr(at, comma - at)));
                if (comma == std::string_view::npos)
                    break;
                at = comma + 1;
            }
        } else if (Poco::icompare(std::string(name), "transfer-encoding") == 0) {
            std::size_t at = 0;
            while (true) {
                std::size_t comma = value.find(',', at);
                std::string coding =
                    Poco::toLower(std::string(trimmed(value.substr(at, comma - at))));
                if (!coding.empty())
                    codings.push_back(coding);
                if (comma == std::string_view::npos)
                    break;
                at = comma + 1;
            }
            if (codings.empty())
                malformed("Transfer-Encoding is empty.");
        } else if (Poco::icompare(std::string(name), "host") == 0) {
            ++hosts;
        }
    }

    // Body framing: one way to find where the body ends, or none.
    for (std::string_view length : lengths) {
        if (!isDigits(length) || length.size() > 15)
            malformed("Content-Length must be a whole number of bytes (got \"" +
                      std::string(length) + "\").");
        if (length != lengths.front() &&
            std::stoull(std::string(length)) != std::stoull(std::string(lengths.front())))
            malformed("Content-Length is given twice with different values.");
    }
    if (!codings.empty()) {
        if (!http11)
            malformed("Transfer-Encoding is not allowed in HTTP/1.0.");
        if (!lengths.empty())
            malformed("A request may give Content-Length or Transfer-Encoding, not both.");
        if (codings.size() != 1 || codings.front() != "chunked")
            refuse(501, "not_implemented",
                   "Transfer-Encoding " +
                       Poco::cat(std::string(", "), codings.begin(), codings.end()) +
                       " is not supported; only chunked is.");
    }
    if (http11 && hosts != 1)
        malformed(hosts == 0 ? "An HTTP/1.1 request needs a Host header."
                             : "The Host header is given more than once.");

    std::istringstream in{std::string(block)};
    try {
        head.request.read(in);
    } catch (const Poco::Exception& e) {
        malformed("The request head is malformed (" + e.message() + ").");
    }
    if (!codings.empty()) {
        head.framing = BodyFraming::Chunked;
    } else if (!lengths.empty()) {
        head.framing = BodyFraming::Length;
        head.contentLength = std::stoull(std::string(lengths.front()));
    }
    head.expectContinue =
        Poco::icompare(head.request.get("Expect", ""), "100-continue") == 0 && http11;
}

std::string targetPathOf(std::string_view block) {
    std::size_t first = block.find(' ');
    if (first == std::string_view::npos)
        return "/";
    std::string_view target = block.substr(first + 1);
    // The path ends at the query, the fragment, or any space or control character.
    std::size_t end = 0;
    while (end < target.size() && end < 256) {
        auto c = static_cast<unsigned char>(target[end]);
        if (c <= 0x20 || c == 0x7f || c == '?' || c == '#')
            break;
        ++end;
    }
    target = target.substr(0, end);
    if (target.empty() || target.front() != '/')
        return "/";
    return std::string(target);
}

std::string methodOf(std::string_view block) {
    std::string_view method = block.substr(0, std::min<std::size_t>(block.find(' '), 32));
    return isToken(method) ? std::string(method) : std::string("-");
}

bool ChunkedBody::feed(std::string& data, std::string& body) {
    std::size_t at = 0;
    auto consumed = [&] { data.erase(0, at); };
    while (_stage != Stage::Done) {
        if (_stage == Stage::Size || _stage == Stage::Trailer) {
            std::size_t end = data.find('\n', at);
            if (end == std::string::npos) {
                if (data.size() - at > 1024)
                    malformed(_stage == Stage::Size ? "A chunk size line is too long."
                                                    : "A trailer line is too long.");
                break;
            }
            std::string_view line(data.data() + at, end - at);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            at = end + 1;
            if (_stage == Stage::Trailer) {
                _trailerBytes += line.size();
                if (_trailerBytes > 8192)
                    malformed("The chunked body's trailer is too long.");
                if (line.empty())
                    _stage = Stage::Done;
                continue;
            }
            std::string_view size = line.substr(0, line.find(';'));
            size = trimmed(size);
            if (size.empty() || size.size() > 15 ||
                !std::all_of(size.begin(), size.end(),
                             [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
                malformed("A chunk size is not a hexadecimal number.");
            _remaining = std::stoull(std::string(size), nullptr, 16);
            if (body.size() + _remaining > _limit) {
                consumed();
                refuse(413, "too_large",
                       "The request body is larger than " + std::to_string(_limit) + " bytes.");
            }
            _stage = _remaining == 0 ? Stage::Trailer : Stage::Data;
        } else if (_stage == Stage::Data) {
            std::size_t take = std::min<std::uint64_t>(_remaining, data.size() - at);
            body.append(data, at, take);
            at += take;
            _remaining -= take;
            if (_remaining > 0)
                break;
            _stage = Stage::DataEnd;
        } else if (_stage == Stage::DataEnd) {
            if (data.size() - at < 1)
                break;
            if (data[at] == '\n') {
                at += 1;
            } else if (data[at] == '\r') {
                if (data.size() - at < 2)
                    break;
                if (data[at + 1] != '\n')
                    malformed("A chunk's data does not end where its size says.");
                at += 2;
            } else {
                malformed("A chunk's data does not end where its size says.");
            }
            _stage = Stage::Size;
        }
    }
    consumed();
    return _stage == Stage::Done;
}

} // namespace Limber
