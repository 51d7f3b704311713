#include "TestServer.h"

#include <gtest/gtest.h>

using namespace Limber;
using Testing::contains;

namespace {

Actor danaOf(Testing::TestServer& server) {
    auto user = server.application().accounts().userByEmail(Testing::TestServer::EMAIL);
    return {server.clinicId(), user->id, Role::Therapist, user->name, "127.0.0.1"};
}

} // namespace

TEST(CheckinCode, TheTypedCodeOpensTheSamePageAsTheScannedLink) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana = danaOf(server);
    Patient patient = app.patients().create(dana, {"Ana Pérez", "Ana", "C1", "es"});
    PatientLink link = app.patients().links(dana, patient.id).front();
    std::string code = app.links().codeOf(link);
    ASSERT_EQ(code.size(), 14u); // XXXX-XXXX-XXXX
    EXPECT_EQ(code[4], '-');

    Testing::HttpTestClient phone = server.client();
    Testing::HttpReply form = phone.get("/p/code");
    EXPECT_EQ(form.status, 200);
    EXPECT_TRUE(contains(form.body, "name=\"code\""));
    // Typed as people type: small letters, spaces, an O for a 0.
    std::string typed;
    for (char c : code)
        typed += c == '-' ? ' ' : static_cast<char>(std::tolower(c == '0' ? 'O' : c));
    Testing::HttpReply opened = phone.postForm("/p/code", {{"code", typed}});
    EXPECT_EQ(opened.status, 303);
    EXPECT_EQ(opened.header("location"), "/p");
    EXPECT_EQ(phone.cookie("__Host-limber_link"), app.links().tokenOf(link));
    Testing::HttpReply page = phone.get("/p");
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Ana"));
}

TEST(CheckinCode, WrongCodesCountAsWrongLinksAndRevokedLinksCodesStopWorking) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana = danaOf(server);
    Patient patient = app.patients().create(dana, {"Bo Berg", "Bo", "C2", "en"});
    PatientLink link = app.patients().links(dana, patient.id).front();
    std::string code = app.links().codeOf(link);

    Testing::HttpTestClient guesser = server.client();
    Testing::HttpReply wrong = guesser.postForm("/p/code", {{"code", "ZZZZ-ZZZZ-ZZZZ"}});
    EXPECT_EQ(wrong.status, 404);
    EXPECT_TRUE(contains(wrong.body, "does not open a check-in page"));
    EXPECT_TRUE(guesser.cookie("__Host-limber_link").empty());
    // Ten wrong tries are free, as for links; the eleventh makes the address wait.
    for (int i = 2; i <= 11; ++i)
        EXPECT_EQ(guesser.postForm("/p/code", {{"code", "guess " + std::to_string(i)}}).status,
                  404);
    Testing::HttpReply limited = guesser.postForm("/p/code", {{"code", code}});
    EXPECT_EQ(limited.status, 429) << "a right code after many wrong ones waits too";
    EXPECT_TRUE(guesser.cookie("__Host-limber_link").empty());

    app.patients().revokeLink(dana, patient.id, link.id);
    server.clock().advanceSeconds(60 * 60); // the address's wait is over
    Testing::HttpTestClient patientPhone = server.client();
    EXPECT_EQ(patientPhone.postForm("/p/code", {{"code", code}}).status, 404);
}

TEST(CheckinCode, TheHandoutPrintsTheCodeAndWhereToTypeIt) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana = danaOf(server);
    Patient patient = app.patients().create(dana, {"Cy Cole", "Cy", "C3", "en"});
    Testing::HttpTestClient therapist = server.signedIn();
    ASSERT_EQ(therapist
                  .postJson("/api/v1/patients/" + std::to_string(patient.id) + "/programs",
                            Testing::programJson())
                  .status,
              201);
    std::int64_t programId =
        app.store().programsOfPatient(server.clinicId(), patient.id).front().id;
    Handout handout = app.handouts().prepare(dana, programId, std::nullopt);
    PatientLink link = app.patients().links(dana, patient.id).front();
    EXPECT_EQ(handout.checkinCode, app.links().codeOf(link));
    EXPECT_EQ(handout.checkinUrl, app.links().urlOf(link));
    const std::string entryUrl = "127.0.0.1:" + std::to_string(server.port()) + "/p/code";
    EXPECT_EQ(handout.codeEntryUrl, entryUrl);

    // And the printed handout, as the therapist downloads it, shows both to the patient.
    Testing::HttpReply pdf =
        therapist.get("/patients/" + std::to_string(patient.id) + "/handout.pdf");
    ASSERT_EQ(pdf.status, 200);
    ASSERT_EQ(pdf.header("content-type"), "application/pdf");
    Testing::TempDir dir;
    Testing::writeFile(dir.file("handout.pdf"), pdf.body);
    Testing::ProcessResult text = Testing::runProcess("pdftotext", {dir.file("handout.pdf"), "-"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_TRUE(contains(text.out, app.links().codeOf(link))) << text.out;
    EXPECT_TRUE(contains(text.out, entryUrl)) << text.out;
}
