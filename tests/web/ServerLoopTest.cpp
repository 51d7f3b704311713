// The whole loop over HTTP: sign in, add a patient, prescribe, print, check in through the
// patient's link, and see adherence change.
#include "TestServer.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

using namespace Limber;

namespace {

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string pathOf(const std::string& url) {
    return url.substr(url.find("/p/"));
}

} // namespace

TEST(ServerLoop, ATherapistAndAPatientWalkTheWholeLoop) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.client();

    ASSERT_EQ(therapist.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status,
              200);

    Testing::HttpReply created = therapist.postJson(
        "/api/v1/patients",
        R"({"name": "José Núñez-Åberg", "recordNumber": "BV-1042", "language": "en"})");
    ASSERT_EQ(created.status, 201) << created.body;
    auto patient = json(created.body);
    std::int64_t patientId = patient->getValue<std::int64_t>("id");
    std::string checkinUrl = patient->getValue<std::string>("checkinUrl");
    EXPECT_EQ(patient->getValue<std::string>("firstName"), "José");

    Testing::HttpReply program = therapist.postJson(
        "/api/v1/patients/" + std::to_string(patientId) + "/programs", Testing::programJson());
    ASSERT_EQ(program.status, 201) << program.body;
    std::int64_t programId = json(program.body)->getValue<std::int64_t>("id");

    Testing::HttpReply handout =
        therapist.get("/api/v1/programs/" + std::to_string(programId) + "/handout.pdf");
    ASSERT_EQ(handout.status, 200);
    EXPECT_EQ(handout.header("content-type"), "application/pdf");
    Testing::TempDir dir;
    Testing::writeFile(dir.file("handout.pdf"), handout.body);
    EXPECT_EQ(Testing::runProcess("qpdf", {"--check", dir.file("handout.pdf")}).exitCode, 0);
    std::string text = Testing::runProcess("pdftotext", {dir.file("handout.pdf"), "-"}).out;
    EXPECT_NE(text.find("José Núñez-Åberg"), std::string::npos);
    // The link itself is in the QR code; the text carries its short code to type.
    auto link = server.application().links().resolve(pathOf(checkinUrl).substr(3));
    ASSERT_TRUE(link);
    EXPECT_NE(text.find(server.application().links().codeOf(*link)), std::string::npos)
        << "the handout carries the link's code";

    std::string adherencePath = "/api/v1/patients/" + std::to_string(patientId) + "/adherence";
    auto before = json(therapist.get(adherencePath).body);
    EXPECT_EQ(before->getValue<int>("loggedSessions"), 0);

    // The patient, on another device with no sign-in, opens the link and logs today.
    Testing::HttpTestClient phone = server.client();
    Testing::HttpReply swap = phone.get(pathOf(checkinUrl));
    ASSERT_EQ(swap.status, 303);
    Testing::HttpReply page = phone.get(swap.header("location"));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Hello, <bdi>José"), std::string::npos);
    std::string formToken = Testing::csrfOf(page.body);
    ASSERT_FALSE(formToken.empty()) << page.body;
    Testing::HttpReply logged = phone.postForm("/p", {{"csrf", formToken},
                                                      {"done", "back-flexion-stretch:both"},
                                                      {"done", "tree-pose:left"},
                                                      {"painBefore", "4"},
                                                      {"painAfter", "2"},
                                                      {"difficulty", "about-right"}});
    ASSERT_EQ(logged.status, 303) << logged.body;
    EXPECT_NE(phone.get(logged.header("location")).body.find("Saved"), std::string::npos);

    auto after = json(therapist.get(adherencePath).body);
    EXPECT_EQ(after->getValue<int>("loggedSessions"), 1);
    EXPECT_EQ(after->getValue<int>("doneUnits"), 2);
    EXPECT_EQ(after->getValue<int>("prescribedUnits"), 3);
    EXPECT_EQ(after->getValue<std::string>("lastSession"), "2026-11-25");

    auto sessions =
        json(therapist.get("/api/v1/patients/" + std::to_string(patientId) + "/sessions").body)
            ->getArray("sessions");
    ASSERT_EQ(sessions->size(), 1u);
    EXPECT_EQ(sessions->getObject(0)->getValue<std::string>("source"), "patient-link");
    EXPECT_EQ(sessions->getObject(0)->getValue<int>("painAfter"), 2);
}

TEST(ServerLoop, RevisingAProgramKeepsItsVersions) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    auto patient = json(
        therapist.postJson("/api/v1/patients", R"({"name": "Mei Tanaka", "recordNumber": "BV-2"})")
            .body);
    std::string patientPath = "/api/v1/patients/" + std::to_string(patient->getValue<int>("id"));
    auto program = json(therapist.postJson(patientPath + "/programs", Testing::programJson()).body);
    std::string programPath = "/api/v1/programs/" + std::to_string(program->getValue<int>("id"));

    // What GET returns can be sent back as a revision.
    Testing::HttpReply current = therapist.get(programPath);
    ASSERT_EQ(current.status, 200);
    Testing::HttpReply revised = therapist.postJson(programPath + "/versions", current.body);
    ASSERT_EQ(revised.status, 201) << revised.body;
    EXPECT_EQ(json(revised.body)->getValue<int>("version"), 2);
    EXPECT_EQ(json(revised.body)->getArray("versions")->size(), 2u);
    Testing::HttpReply first = therapist.get(programPath + "/versions/1");
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(therapist.get(programPath + "/versions/3").status, 404);
}

TEST(ServerLoop, HealthSaysTheProcessServesAndReadinessThatTheStoreAnswers) {
    Testing::TestServer server;
    Testing::HttpReply health = server.client().get("/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.body, R"({"status":"ok"})");
    Testing::HttpReply ready = server.client().get("/readyz");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(ready.body, R"({"status":"ready"})");
}

TEST(ServerLoop, ServesItsOpenApiDescription) {
    Testing::TestServer server;
    Testing::HttpReply spec = server.client().get("/api/v1/openapi.json");
    ASSERT_EQ(spec.status, 200);
    auto paths = json(spec.body)->getObject("paths");
    for (const char* path : {"/api/v1/patients", "/api/v1/programs/{id}/handout.pdf",
                             "/api/v1/patients/{id}/adherence"})
        EXPECT_TRUE(paths->has(path)) << path;
}

TEST(ServerLoop, ExercisesAreListedAndSearchable) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    auto all = json(therapist.get("/api/v1/exercises").body)->getArray("exercises");
    EXPECT_EQ(all->size(), 32u);
    auto found =
        json(therapist.get("/api/v1/exercises?q=kneeling+lunge").body)->getArray("exercises");
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ(found->getObject(0)->getValue<std::string>("id"), "kneeling-hip-flexor-stretch");
    Testing::HttpReply one = therapist.get("/api/v1/exercises/tree-pose");
    EXPECT_EQ(one.status, 200);
    EXPECT_EQ(json(one.body)->getObject("defaultDose")->getValue<int>("holdBreaths"), 5);
}
