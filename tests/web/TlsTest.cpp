// HTTPS served directly: a self-signed certificate made for the test, HSTS and secure cookies
// over TLS, and plain HTTP refused anywhere but loopback.
#include "TestServer.h"

#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

using namespace Limber;

TEST(Tls, ServesHttpsWithHstsAndSecureCookiesWhenGivenACertificate) {
    Testing::TempDir dir;
    Testing::ProcessResult made = Testing::runProcess(
        "openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-keyout", dir.file("key.pem"), "-out", dir.file("cert.pem")});
    ASSERT_EQ(made.exitCode, 0) << made.err;

    Settings settings;
    settings.dataDir = dir.file("data");
    settings.server.port = 0;
    settings.server.threads = 4;
    settings.server.tlsCertificate = dir.file("cert.pem");
    settings.server.tlsKey = dir.file("key.pem");
    Application application(settings);
    std::int64_t clinic = application.accounts().createClinic({0, "Harbor PT", "", ""});
    application.accounts().createUser(clinic, "ana@clinic.example", "Ana", Role::Therapist,
                                      "a fine password");
    WebServer server(application.webContext(), settings.server);
    server.start();
    EXPECT_EQ(server.scheme(), "https");

    Poco::Net::Context::Ptr client = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                            Poco::Net::Context::VERIFY_NONE);
    Poco::Net::HTTPSClientSession session("127.0.0.1", server.port(), client);
    Poco::Net::HTTPRequest request("POST", "/api/v1/auth/login", Poco::Net::HTTPMessage::HTTP_1_1);
    std::string body = R"({"email": "ana@clinic.example", "password": "a fine password"})";
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
    EXPECT_EQ(response.getStatus(), 200) << answer;
    EXPECT_EQ(response.get("Strict-Transport-Security", ""), "max-age=31536000");
    std::string cookie = response.get("Set-Cookie", "");
    EXPECT_EQ(cookie.rfind("__Host-limber_session=", 0), 0u) << cookie;
    EXPECT_NE(cookie.find("secure"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;

    // The same connection goes on: large answers (written in many TLS records, as the socket
    // takes them) and small ones, in turn.
    for (int i = 0; i < 3; ++i) {
        for (const char* path : {"/api/v1/openapi.json", "/healthz"}) {
            Poco::Net::HTTPRequest get("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
            session.sendRequest(get);
            Poco::Net::HTTPResponse reply;
            std::string content;
            Poco::StreamCopier::copyToString(session.receiveResponse(reply), content);
            EXPECT_EQ(reply.getStatus(), 200) << path;
            EXPECT_EQ(content.size(), static_cast<std::size_t>(reply.getContentLength())) << path;
        }
    }
    server.stop();
}

TEST(Tls, PlainHttpIsRefusedOnAnAddressOtherThanLoopback) {
    Testing::TempDir dir;
    Settings settings;
    settings.dataDir = dir.path();
    settings.server.host = "0.0.0.0";
    settings.server.port = 0;
    Application application(settings);
    try {
        WebServer server(application.webContext(), settings.server);
        FAIL() << "served plain HTTP on every address";
    } catch (const Poco::InvalidArgumentException& error) {
        EXPECT_NE(error.message().find("server.tlsCertificate"), std::string::npos)
            << error.message();
    }
}

TEST(Tls, PlainHttpOnLoopbackSendsNoHsts) {
    Testing::TestServer server;
    Testing::HttpReply reply = server.client().get("/login");
    EXPECT_TRUE(reply.header("strict-transport-security").empty());
    EXPECT_EQ(reply.header("x-content-type-options"), "nosniff");
    EXPECT_NE(reply.header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos);
}
