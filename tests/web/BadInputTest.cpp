// Bad input at the HTTP boundary: every case gets a clear error, nothing is stored, and the
// server keeps serving.
#include "TestServer.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

using namespace Limber;

namespace {

Poco::JSON::Object::Ptr errorOf(const Testing::HttpReply& reply) {
    return Poco::JSON::Parser()
        .parse(reply.body)
        .extract<Poco::JSON::Object::Ptr>()
        ->getObject("error");
}

/// Sends raw bytes on one connection and reads until the server closes it or timeout.
std::string rawExchange(unsigned short port, const std::string& bytes) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    socket.setReceiveTimeout(Poco::Timespan(3, 0));
    socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    std::string received;
    char buffer[4096];
    try {
        while (int n = socket.receiveBytes(buffer, sizeof buffer))
            received.append(buffer, static_cast<std::size_t>(n));
    } catch (const Poco::TimeoutException&) {
    }
    return received;
}

} // namespace

TEST(BadInput, ABodyOverTheCapIsRefusedWith413) {
    Testing::TestServer server(4096);
    Testing::HttpTestClient client = server.signedIn();
    Testing::HttpReply reply =
        client.postJson("/api/v1/patients", "{\"name\": \"" + std::string(5000, 'x') + "\"}");
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(errorOf(reply)->getValue<std::string>("code"), "too_large");
    EXPECT_EQ(server.client().get("/healthz").status, 200);
}

TEST(BadInput, APostWithoutLengthIsRefusedWith411) {
    Testing::TestServer server;
    std::string reply = rawExchange(server.port(), "POST /api/v1/auth/login HTTP/1.1\r\n"
                                                   "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 411", 0), 0u) << reply;
}

TEST(BadInput, AnUnreadBodyNeverLeaksIntoTheNextRequest) {
    Testing::TestServer server(4096);
    // Two requests on one connection: the first has a body no route wants (404), the second
    // must still parse as its own GET.
    std::string body = "hello=world";
    std::string reply = rawExchange(
        server.port(), "POST /no/such/route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                           std::to_string(body.size()) +
                           "\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n" + body +
                           "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 404", 0), 0u) << reply;
    EXPECT_NE(reply.find("HTTP/1.1 200"), std::string::npos) << reply;
    EXPECT_NE(reply.find(R"({"status":"ok"})"), std::string::npos);
    // A body somewhat over the cap is discarded after the 413; the connection still works.
    std::string big(8000, 'x');
    std::string refused = rawExchange(
        server.port(), "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                           std::to_string(big.size()) + "\r\n\r\n" + big +
                           "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(refused.rfind("HTTP/1.1 413", 0), 0u) << refused;
    EXPECT_NE(refused.find(R"({"status":"ok"})"), std::string::npos) << refused;
    // A huge one is not read at all: 413 and the connection closes.
    std::string huge =
        rawExchange(server.port(), "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   "Content-Length: 500000000\r\n\r\n");
    EXPECT_EQ(huge.rfind("HTTP/1.1 413", 0), 0u) << huge;
    EXPECT_NE(huge.find("Connection: Close"), std::string::npos) << huge;
}

TEST(BadInput, BrokenJsonNamesTheBody) {
    Testing::TestServer server;
    Testing::HttpReply reply = server.signedIn().postJson("/api/v1/patients", "{\"name\": ");
    EXPECT_EQ(reply.status, 400);
    auto error = errorOf(reply);
    EXPECT_EQ(error->getValue<std::string>("code"), "invalid");
    EXPECT_EQ(error->getArray("fields")->getObject(0)->getValue<std::string>("field"), "body");
}

TEST(BadInput, AnUnknownExerciseAndAnImpossibleDoseNameTheirFields) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    client.postJson("/api/v1/patients", R"({"name": "A B", "recordNumber": "R1"})");
    Testing::HttpReply unknown = client.postJson("/api/v1/patients/1/programs",
                                                 Testing::programJson("2026-11-16", "moonwalk"));
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(errorOf(unknown)->getArray("fields")->getObject(0)->getValue<std::string>("field"),
              "items[0].exercise");
    Testing::HttpReply impossible = client.postJson(
        "/api/v1/patients/1/programs",
        Testing::programJson("2026-11-16", "back-flexion-stretch", R"({"holdSeconds": 900})"));
    EXPECT_EQ(impossible.status, 400);
    auto field = errorOf(impossible)->getArray("fields")->getObject(0);
    EXPECT_EQ(field->getValue<std::string>("field"), "items[0].dose.holdSeconds");
    EXPECT_EQ(field->getValue<std::string>("message"), "must be between 1 and 600 (got 900)");
    EXPECT_EQ(client.get("/api/v1/patients/1").status, 200);
    EXPECT_TRUE(server.application().store().programsOfPatient(server.clinicId(), 1).empty());
}

TEST(BadInput, UnknownRoutesAnswer404AndWrongMethods405) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    Testing::HttpReply api = client.get("/api/v1/nothing");
    EXPECT_EQ(api.status, 404);
    EXPECT_EQ(errorOf(api)->getValue<std::string>("code"), "not_found");
    Testing::HttpReply page = client.get("/nothing/here");
    EXPECT_EQ(page.status, 404);
    EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
    Testing::HttpReply method = client.request("DELETE", "/api/v1/patients", "", "");
    EXPECT_EQ(method.status, 405);
    EXPECT_EQ(method.header("allow"), "GET, POST");
    EXPECT_EQ(client.get("/api/v1/patients/abc").status, 404);
    EXPECT_EQ(client.get("/api/v1/patients/99").status, 404);
}

TEST(BadInput, TheApiWithoutSignInAnswers401AndThePortalRedirects) {
    Testing::TestServer server;
    Testing::HttpReply api = server.client().get("/api/v1/patients");
    EXPECT_EQ(api.status, 401);
    EXPECT_EQ(errorOf(api)->getValue<std::string>("code"), "unauthenticated");
    Testing::HttpReply page = server.client().get("/patients/3");
    EXPECT_EQ(page.status, 303);
    EXPECT_EQ(page.header("location"), "/login?next=%2Fpatients%2F3");
}

TEST(BadInput, AStateChangeWithoutTheCsrfTokenIsRefused) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    client.setCsrfToken("");
    Testing::HttpReply reply =
        client.postJson("/api/v1/patients", R"({"name": "A B", "recordNumber": "R1"})");
    EXPECT_EQ(reply.status, 403);
    EXPECT_TRUE(server.application()
                    .patients()
                    .list({server.clinicId(), 1, Role::Therapist, "Dana"})
                    .empty());
}

TEST(BadInput, AStateChangeFromAnotherOriginIsRefused) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    Testing::HttpReply reply =
        client.request("POST", "/api/v1/patients", R"({"name": "A B", "recordNumber": "R1"})",
                       "application/json", {{"Origin", "https://evil.example"}});
    EXPECT_EQ(reply.status, 403);
}

TEST(BadInput, AWrongPasswordIsA401WithTheSameMessageAsAnUnknownUser) {
    Testing::TestServer server;
    Testing::HttpReply wrong = server.client().signIn(Testing::TestServer::EMAIL, "wrong password");
    Testing::HttpReply unknown = server.client().signIn("nobody@bayview.example", "wrong password");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.body, unknown.body);
}

TEST(BadInput, TheApiTakesAndGivesTheSideOrderAndRefusesItWithoutEachSide) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    client.postJson("/api/v1/patients", R"({"name": "A B", "recordNumber": "R1"})");
    Testing::HttpReply wrong =
        client.postJson("/api/v1/patients/1/programs",
                        Testing::programJson("2026-11-16", "single-knee-to-chest",
                                             R"({"side": "both", "sideOrder": "one-side-first"})"));
    EXPECT_EQ(wrong.status, 400);
    auto field = errorOf(wrong)->getArray("fields")->getObject(0);
    EXPECT_EQ(field->getValue<std::string>("field"), "items[0].dose.sideOrder");
    EXPECT_EQ(field->getValue<std::string>("message"),
              "one side first needs side \"each\" (got \"both\")");
    EXPECT_TRUE(server.application().store().programsOfPatient(server.clinicId(), 1).empty());

    Testing::HttpReply created =
        client.postJson("/api/v1/patients/1/programs",
                        Testing::programJson("2026-11-16", "single-knee-to-chest",
                                             R"({"side": "each", "sideOrder": "one-side-first"})"));
    ASSERT_EQ(created.status, 201) << created.body;
    auto program = Poco::JSON::Parser().parse(created.body).extract<Poco::JSON::Object::Ptr>();
    auto items = program->getArray("items");
    EXPECT_EQ(items->getObject(0)->getObject("dose")->getValue<std::string>("sideOrder"),
              "one-side-first");
    EXPECT_FALSE(items->getObject(1)->getObject("dose")->has("sideOrder"))
        << "tree pose alternates: nothing written";
}
