// The connection layer's pure parts: request heads checked and parsed, chunked bodies decoded
// as they arrive, and which forwarding headers are believed from whom.
#include "web/HttpFraming.h"

#include "web/TrustedProxies.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

using namespace Limber;

namespace {

/// The status parseRequestHead refuses head with, or 0 when it accepts it.
int refusalOf(const std::string& head) {
    RequestHead parsed;
    try {
        parseRequestHead(head, parsed);
        return 0;
    } catch (const FramingException& e) {
        return e.status();
    }
}

std::string get(const std::string& fields, const std::string& version = "HTTP/1.1") {
    return "GET /healthz " + version + "\r\nHost: 127.0.0.1\r\n" + fields + "\r\n";
}

std::string post(const std::string& fields) {
    return "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields + "\r\n";
}

Poco::Net::HTTPRequest headWith(const std::vector<std::pair<std::string, std::string>>& fields) {
    Poco::Net::HTTPRequest head("GET", "/", Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : fields)
        head.add(name, value);
    return head;
}

Poco::Net::IPAddress ip(const std::string& text) {
    return Poco::Net::IPAddress(text);
}

} // namespace

TEST(HttpFraming, FindsTheEndOfAHeadWithCrlfOrBareLf) {
    EXPECT_EQ(headEnd("GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"), 27u);
    EXPECT_EQ(headEnd("GET / HTTP/1.1\nHost: a\n\nbody"), 24u);
    EXPECT_EQ(headEnd("GET / HTTP/1.1\r\nHost: a\r\n"), std::string::npos);
    EXPECT_EQ(headEnd("GET / HTTP/1.1\r\nHost: a\r\n\r"), std::string::npos);
}

TEST(HttpFraming, AcceptsAnOrdinaryRequestAndReadsItsFraming) {
    RequestHead head;
    parseRequestHead(post("Content-Length: 12\r\nContent-Type: text/plain\r\n"), head);
    EXPECT_EQ(head.request.getMethod(), "POST");
    EXPECT_EQ(head.request.getURI(), "/login");
    EXPECT_EQ(head.framing, BodyFraming::Length);
    EXPECT_EQ(head.contentLength, 12u);
    EXPECT_EQ(head.request.getContentType(), "text/plain");

    RequestHead chunked;
    parseRequestHead(post("Transfer-Encoding: Chunked\r\nExpect: 100-continue\r\n"), chunked);
    EXPECT_EQ(chunked.framing, BodyFraming::Chunked);
    EXPECT_TRUE(chunked.expectContinue);

    RequestHead none;
    parseRequestHead(get(""), none);
    EXPECT_EQ(none.framing, BodyFraming::None);
    EXPECT_EQ(refusalOf("GET / HTTP/1.0\r\n\r\n"), 0) << "HTTP/1.0 needs no Host";
}

TEST(HttpFraming, AMalformedContentLengthIs400) {
    for (const char* value :
         {"abc", "1e3", "-1", "+5", "12 3", "0x10", "", "99999999999999999999", "1.0", "5,"})
        EXPECT_EQ(refusalOf(post(std::string("Content-Length: ") + value + "\r\n")), 400) << value;
}

TEST(HttpFraming, DifferingContentLengthsAre400AndEqualOnesAreOne) {
    EXPECT_EQ(refusalOf(post("Content-Length: 5\r\nContent-Length: 6\r\n")), 400);
    EXPECT_EQ(refusalOf(post("Content-Length: 5, 6\r\n")), 400);
    EXPECT_EQ(refusalOf(post("Content-Length: 6\r\ncontent-length: 5\r\n")), 400);
    RequestHead same;
    parseRequestHead(post("Content-Length: 5\r\nContent-Length: 5\r\n"), same);
    EXPECT_EQ(same.contentLength, 5u);
}

TEST(HttpFraming, ATransferEncodingOtherThanChunkedIs501) {
    for (const char* value : {"gzip", "gzip, chunked", "identity", "chunked, gzip", "x-custom"})
        EXPECT_EQ(refusalOf(post(std::string("Transfer-Encoding: ") + value + "\r\n")), 501)
            << value;
    EXPECT_EQ(refusalOf(post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n")), 501);
}

TEST(HttpFraming, ContentLengthWithChunkedIs400AndChunkedInHttp10Too) {
    EXPECT_EQ(refusalOf(post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n")), 400);
    EXPECT_EQ(refusalOf(post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n")), 400);
    EXPECT_EQ(refusalOf("POST /login HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
}

TEST(HttpFraming, HttpVersionsOtherThan10And11Are505AndMalformedOnes400) {
    for (const char* version : {"HTTP/3.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "HTTP/9.9"})
        EXPECT_EQ(refusalOf(get("", version)), 505) << version;
    for (const char* version :
         {"HTTP/x.y", "HTTP/1.1x", "HTTP/11", "http/1.1", "HTTP/1.", "FTP/1.1"})
        EXPECT_EQ(refusalOf(get("", version)), 400) << version;
    EXPECT_EQ(refusalOf("GET /healthz\r\n\r\n"), 400) << "no version at all";
    EXPECT_EQ(refusalOf("GET  /healthz HTTP/1.1\r\nHost: a\r\n\r\n"), 400) << "two spaces";
    EXPECT_EQ(refusalOf("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n"), 400) << "a space in the target";
}

TEST(HttpFraming, AHeaderLineWithoutAColonOrWithASpaceInItsNameIs400) {
    EXPECT_EQ(refusalOf(get("NoColonHere\r\n")), 400);
    EXPECT_EQ(refusalOf(get("Bad Name: x\r\n")), 400);
    EXPECT_EQ(refusalOf(get("Name : x\r\n")), 400);
    EXPECT_EQ(refusalOf(get(": no name\r\n")), 400);
    EXPECT_EQ(refusalOf(get("X-A: one\r\n  folded\r\n")), 400);
    EXPECT_EQ(refusalOf(get("X-A: one\r\n\tfolded\r\n")), 400);
    EXPECT_EQ(refusalOf(get(std::string("X-A: nul\0here\r\n", 16))), 400);
    EXPECT_EQ(refusalOf(get("X-A: bare\rreturn\r\n")), 400);
    EXPECT_EQ(refusalOf(get("X-A: tabs\tare fine\r\n")), 0);
}

TEST(HttpFraming, AMissingOrRepeatedHostIs400InHttp11) {
    EXPECT_EQ(refusalOf("GET / HTTP/1.1\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf(get("Host: other\r\n")), 400);
}

TEST(HttpFraming, UnknownMethodsAre501AndTooMuchHeaderIs431Or414) {
    EXPECT_EQ(refusalOf("BREW /healthz HTTP/1.1\r\nHost: a\r\n\r\n"), 501);
    EXPECT_EQ(refusalOf("get /healthz HTTP/1.1\r\nHost: a\r\n\r\n"), 501)
        << "methods are case-sensitive";
    EXPECT_EQ(refusalOf("G(T /healthz HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    for (const char* method : {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "HEAD"})
        EXPECT_EQ(refusalOf(std::string(method) + " /healthz HTTP/1.1\r\nHost: a\r\n\r\n"), 0)
            << method;
    std::string fields;
    for (int i = 0; i <= static_cast<int>(MAX_HEADER_FIELDS); ++i)
        fields += "X-" + std::to_string(i) + ": v\r\n";
    EXPECT_EQ(refusalOf(get(fields)), 431);
    EXPECT_EQ(
        refusalOf("GET /" + std::string(MAX_TARGET_BYTES, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n"),
        414);
}

TEST(HttpFraming, TheTargetPathOfABrokenHeadChoosesTheErrorBody) {
    EXPECT_EQ(targetPathOf("GET /api/v1/patients?x=1 HTTP/9.9\r\n"), "/api/v1/patients");
    EXPECT_EQ(targetPathOf("GARBAGE"), "/");
    EXPECT_EQ(targetPathOf("GET http://evil/ HTTP/1.1\r\n"), "/");
}

TEST(ChunkedBody, DecodesChunksAsTheyArriveAndLeavesTheNextRequest) {
    ChunkedBody decoder(1000);
    std::string body;
    std::string data = "5;ext=1\r\nhel";
    EXPECT_FALSE(decoder.feed(data, body));
    EXPECT_EQ(body, "hel");
    EXPECT_TRUE(data.empty());
    data = "lo\r\n6\r\n world\r";
    EXPECT_FALSE(decoder.feed(data, body));
    data += "\n0\r\nTrailer: x\r\n\r\nGET / HTTP/1.1";
    EXPECT_TRUE(decoder.feed(data, body));
    EXPECT_EQ(body, "hello world");
    EXPECT_EQ(data, "GET / HTTP/1.1");
}

TEST(ChunkedBody, RefusesMalformedChunksWith400AndTooMuchWith413) {
    auto statusOf = [](std::string data, std::size_t limit = 1000) {
        ChunkedBody decoder(limit);
        std::string body;
        try {
            decoder.feed(data, body);
            return 0;
        } catch (const FramingException& e) {
            return e.status();
        }
    };
    EXPECT_EQ(statusOf("zz\r\n"), 400);
    EXPECT_EQ(statusOf("\r\n"), 400);
    EXPECT_EQ(statusOf("-5\r\nhello\r\n"), 400);
    EXPECT_EQ(statusOf("3\r\nhelloXX"), 400) << "data longer than its size";
    EXPECT_EQ(statusOf("ffffffffffffffffff\r\n"), 400);
    EXPECT_EQ(statusOf(std::string(2000, '1')), 400) << "a size line without end";
    EXPECT_EQ(statusOf("400\r\n", 1000), 413);
    EXPECT_EQ(statusOf("3\r\nabc\r\n3\r\ndef\r\n", 5), 413);
    EXPECT_EQ(statusOf("3\r\nabc\r\n0\r\n\r\n", 5), 0);
}

TEST(TrustedProxies, BelievesForwardingHeadersOnlyFromTrustedPeers) {
    TrustedProxies proxies("127.0.0.1, 10.0.0.0/8");
    auto head = headWith({{"X-Forwarded-For", "203.0.113.9"}, {"X-Forwarded-Proto", "https"}});
    RequestOrigin viaProxy = proxies.originOf(ip("10.1.2.3"), head);
    EXPECT_EQ(viaProxy.clientAddress, "203.0.113.9");
    EXPECT_EQ(viaProxy.secure, true);
    RequestOrigin direct = proxies.originOf(ip("192.0.2.1"), head);
    EXPECT_EQ(direct.clientAddress, "192.0.2.1") << "a client cannot choose its address";
    EXPECT_FALSE(direct.secure.has_value());
    EXPECT_EQ(TrustedProxies().originOf(ip("127.0.0.1"), head).clientAddress, "127.0.0.1")
        << "by default no one is trusted";
}

TEST(TrustedProxies, TakesTheNearestUntrustedHopSoAForgedFirstEntryDoesNotCount) {
    TrustedProxies proxies("127.0.0.1 10.0.0.0/8");
    auto forged = headWith({{"X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.0.0.5"}});
    EXPECT_EQ(proxies.originOf(ip("127.0.0.1"), forged).clientAddress, "198.51.100.7");
    auto twoFields =
        headWith({{"X-Forwarded-For", "6.6.6.6"}, {"X-Forwarded-For", "198.51.100.8"}});
    EXPECT_EQ(proxies.originOf(ip("127.0.0.1"), twoFields).clientAddress, "198.51.100.8");
    auto garbage = headWith({{"X-Forwarded-For", "198.51.100.7, not-an-address"}});
    EXPECT_EQ(proxies.originOf(ip("127.0.0.1"), garbage).clientAddress, "127.0.0.1");
    auto allTrusted = headWith({{"X-Forwarded-For", "10.9.9.9"}});
    EXPECT_EQ(proxies.originOf(ip("127.0.0.1"), allTrusted).clientAddress, "10.9.9.9");
}

TEST(TrustedProxies, ReadsTheStandardForwardedHeaderAndIpv6) {
    TrustedProxies proxies("::1, 127.0.0.0/8");
    auto head = headWith(
        {{"Forwarded", R"(for="[2001:db8::17]:4711";proto=https, for=127.0.0.2;proto=http)"}});
    RequestOrigin origin = proxies.originOf(ip("::1"), head);
    EXPECT_EQ(origin.clientAddress, "2001:db8::17");
    EXPECT_EQ(origin.secure, false) << "the nearest hop's proto";
    auto mapped = headWith({{"X-Forwarded-For", "192.0.2.44:5123"}});
    EXPECT_EQ(proxies.originOf(ip("::ffff:127.0.0.1"), mapped).clientAddress, "192.0.2.44");
}

TEST(TrustedProxies, ABadEntryNamesTheSetting) {
    for (const char* list : {"10.0.0.0/33", "nginx.local", "10.0.0.0/x", "::1/129"}) {
        try {
            TrustedProxies proxies(list);
            ADD_FAILURE() << list << " was accepted";
        } catch (const Poco::InvalidArgumentException& e) {
            EXPECT_NE(e.message().find("server.trustedProxies"), std::string::npos) << list;
        }
    }
}
