// A form posted after the sign-in session ended is kept across the sign-in: for the same user
// only, for a short time, never in a URL, and given back once.
#include "TestServer.h"

#include <gtest/gtest.h>

using namespace Limber;
using Testing::contains;
using Testing::csrfOf;

namespace {

constexpr const char* KEPT = "__Host-limber_kept_form";

/// path as the sign-in address carries it in next.
std::string encoded(std::string path) {
    for (std::size_t at = path.find('/'); at != std::string::npos; at = path.find('/', at + 3))
        path.replace(at, 1, "%2F");
    return path;
}

std::string signInWithForm(Testing::HttpTestClient& browser, const std::string& email,
                           const std::string& password, const std::string& next = "/patients") {
    Testing::HttpReply reply = browser.postForm(
        "/login", {{"email", email}, {"password", password}, {"next", next}, {"ended", "1"}});
    EXPECT_EQ(reply.status, 303) << reply.body;
    EXPECT_EQ(reply.header("location"), next);
    return csrfOf(browser.get(next).body);
}

std::vector<std::pair<std::string, std::string>> builderForm(const std::string& csrf) {
    return {{"csrf", csrf},
            {"title", "Typed before the timeout"},
            {"startDate", "2026-11-25"},
            {"endDate", "2027-01-05"},
            {"notes", "A note typed slowly"},
            {"ex.back-flexion-stretch.include", "on"},
            {"ex.back-flexion-stretch.hold", "30"},
            {"ex.back-flexion-stretch.holdUnit", "seconds"},
            {"ex.back-flexion-stretch.reps", "4"},
            {"ex.back-flexion-stretch.sets", "1"},
            {"ex.back-flexion-stretch.side", "both"},
            {"ex.back-flexion-stretch.sessionsPerDay", "1"},
            {"ex.back-flexion-stretch.daysPerWeek", "5"},
            {"ex.back-flexion-stretch.order", "1"}};
}

struct Fixture {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf;
    std::string patientPath;

    Fixture() {
        csrf = signInWithForm(browser, Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD);
        Testing::HttpReply created = browser.postForm(
            "/patients", {{"csrf", csrf}, {"name", "Ana Ortega"}, {"recordNumber", "BV-7"}});
        patientPath = created.header("location");
    }
    /// The therapist went for coffee: the idle timeout (15 minutes) passes.
    void idle() { server.clock().advanceSeconds(16 * 60); }
};

} // namespace

TEST(KeptForm, TheBuilderShowsWhatWasTypedAfterSigningInAgain) {
    Fixture f;
    f.idle();
    Testing::HttpReply save = f.browser.postForm(f.patientPath + "/program", builderForm(f.csrf));
    ASSERT_EQ(save.status, 303);
    const std::string location = save.header("location");
    EXPECT_EQ(location, "/login?ended=1&next=" + encoded(f.patientPath + "/program"));
    EXPECT_FALSE(contains(location, "Typed")) << "nothing typed travels in the address";
    const std::string id = f.browser.cookie(KEPT);
    ASSERT_FALSE(id.empty());
    EXPECT_FALSE(contains(save.header("set-cookie"), "Typed"));

    Testing::HttpReply login = f.browser.get(location);
    EXPECT_TRUE(contains(login.body, "Your session ended; sign in to save your changes."));
    EXPECT_TRUE(f.server.application()
                    .store()
                    .programsOfPatient(f.server.clinicId(), std::stoll(f.patientPath.substr(10)))
                    .empty())
        << "nothing was saved without a session";

    // A wrong password keeps the message; then the right one goes back to the builder.
    Testing::HttpReply wrong = f.browser.postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                                             {"password", "nope"},
                                                             {"next", f.patientPath + "/program"},
                                                             {"ended", "1"}});
    EXPECT_EQ(wrong.status, 401);
    EXPECT_TRUE(contains(wrong.body, "Your session ended; sign in to save your changes."));
    Testing::HttpReply signedIn =
        f.browser.postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                      {"password", Testing::TestServer::PASSWORD},
                                      {"next", f.patientPath + "/program"}});
    ASSERT_EQ(signedIn.header("location"), f.patientPath + "/program");
    Testing::HttpReply builder = f.browser.get(f.patientPath + "/program");
    EXPECT_EQ(builder.status, 200);
    EXPECT_TRUE(contains(builder.body, "here is what you typed, not saved yet"));
    EXPECT_TRUE(contains(builder.body, "value=\"Typed before the timeout\""));
    EXPECT_TRUE(contains(builder.body, "A note typed slowly"));
    EXPECT_TRUE(contains(builder.body, "value=\"4\"")) << "the typed reps";
    EXPECT_TRUE(f.browser.cookie(KEPT).empty()) << "the browser is told to drop the id";

    // Given once: a reload shows the saved state (no program yet), not the kept form.
    f.browser.setCookie(KEPT, id);
    EXPECT_FALSE(
        contains(f.browser.get(f.patientPath + "/program").body, "Typed before the timeout"));

    // Saving now works with the new session's token.
    std::string csrf = csrfOf(builder.body);
    Testing::HttpReply saved = f.browser.postForm(f.patientPath + "/program", builderForm(csrf));
    EXPECT_EQ(saved.status, 303);
    EXPECT_TRUE(contains(saved.header("location"), "?saved="));
}

TEST(KeptForm, AnotherUserOrALateSignInGetsNothing) {
    Fixture f;
    f.server.application().accounts().createUser(f.server.clinicId(), "sam@bayview.example",
                                                 "Sam Other", Role::Therapist,
                                                 "another long password");
    f.idle();
    Testing::HttpReply save = f.browser.postForm(f.patientPath + "/program", builderForm(f.csrf));
    ASSERT_EQ(save.status, 303);
    ASSERT_FALSE(f.browser.cookie(KEPT).empty());
    const std::string id = f.browser.cookie(KEPT);

    // Someone else signs in on the same browser: the kept form is not theirs.
    signInWithForm(f.browser, "sam@bayview.example", "another long password",
                   f.patientPath + "/program");
    EXPECT_FALSE(
        contains(f.browser.get(f.patientPath + "/program").body, "Typed before the timeout"));

    // The right user, but after the form's time (15 minutes) is up: gone.
    f.browser.setCookie(KEPT, id);
    f.server.clock().advanceSeconds(15 * 60);
    signInWithForm(f.browser, Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD,
                   f.patientPath + "/program");
    EXPECT_FALSE(
        contains(f.browser.get(f.patientPath + "/program").body, "Typed before the timeout"));
}

TEST(KeptForm, OnlyAFormOfTheEndedSessionIsKept) {
    Fixture f;
    f.idle();
    // A forged post (without the ended session's CSRF token) is not kept.
    auto forged = builderForm("not-the-token");
    Testing::HttpReply save = f.browser.postForm(f.patientPath + "/program", forged);
    EXPECT_EQ(save.status, 303);
    EXPECT_EQ(save.header("location"), "/login?next=" + encoded(f.patientPath + "/program"));
    EXPECT_TRUE(f.browser.cookie(KEPT).empty());
    // A stranger's cookie that never was a session: nothing kept either.
    Testing::HttpTestClient stranger = f.server.client();
    stranger.setCookie("__Host-limber_session", "made-up");
    EXPECT_EQ(stranger.postForm(f.patientPath + "/program", builderForm(f.csrf)).header("location"),
              "/login?next=" + encoded(f.patientPath + "/program"));
    EXPECT_TRUE(stranger.cookie(KEPT).empty());
}

TEST(KeptForm, TheNewPatientAndDetailsFormsComeBackToo) {
    Fixture f;
    f.idle();
    Testing::HttpReply add = f.browser.postForm(
        "/patients",
        {{"csrf", f.csrf}, {"name", "Bo Lee"}, {"recordNumber", "BV-9"}, {"phone", "555 0100"}});
    ASSERT_EQ(add.header("location"), "/login?ended=1&next=" + encoded("/patients/new"));
    ASSERT_EQ(f.browser
                  .postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                       {"password", Testing::TestServer::PASSWORD},
                                       {"next", "/patients/new"}})
                  .status,
              303);
    Testing::HttpReply form = f.browser.get("/patients/new");
    EXPECT_TRUE(contains(form.body, "value=\"Bo Lee\""));
    EXPECT_TRUE(contains(form.body, "value=\"555 0100\""));
    EXPECT_TRUE(contains(form.body, "here is what you typed"));
    std::string csrf = csrfOf(form.body);

    f.idle();
    Testing::HttpReply edit = f.browser.postForm(
        f.patientPath + "/edit",
        {{"csrf", csrf}, {"name", "Ana María Ortega"}, {"recordNumber", "BV-7"}});
    ASSERT_EQ(edit.header("location"), "/login?ended=1&next=" + encoded(f.patientPath + "/edit"));
    Testing::HttpReply signedIn =
        f.browser.postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                      {"password", Testing::TestServer::PASSWORD},
                                      {"next", f.patientPath + "/edit"}});
    ASSERT_EQ(signedIn.status, 303);
    Testing::HttpReply details = f.browser.get(f.patientPath + "/edit");
    EXPECT_TRUE(contains(details.body, "value=\"Ana María Ortega\""));
    EXPECT_TRUE(contains(details.body, "here is what you typed"));
}
