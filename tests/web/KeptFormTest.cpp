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

namespace {

/// Signs in again after the session ended, going to next, and returns next's page.
Testing::HttpReply signInAgain(Testing::HttpTestClient& browser, const std::string& email,
                               const std::string& password, const std::string& next) {
    Testing::HttpReply signedIn = browser.postForm(
        "/login", {{"email", email}, {"password", password}, {"next", next}, {"ended", "1"}});
    EXPECT_EQ(signedIn.header("location"), next);
    return browser.get(next);
}

std::vector<std::pair<std::string, std::string>> exerciseForm(const std::string& csrf,
                                                              const std::string& steps) {
    return {{"csrf", csrf},
            {"id", ""},
            {"strategy", "strengthen-trunk"},
            {"type", "strength"},
            {"position", "standing"},
            {"regions", "thigh"},
            {"equipment", "wall"},
            {"figure", "sit-to-stand"},
            {"dose.hold", "20"},
            {"dose.holdUnit", "seconds"},
            {"dose.reps", "3"},
            {"dose.sets", "1"},
            {"dose.side", "both"},
            {"dose.sessionsPerDay", "1"},
            {"dose.daysPerWeek", "3"},
            {"source", "Bayview protocol"},
            {"en.name", "Wall sit typed late"},
            {"en.steps", steps}};
}

constexpr const char* ADMIN_EMAIL = "ana@bayview.example";
constexpr const char* ADMIN_PASSWORD = "admin password here";

} // namespace

TEST(KeptForm, ThePaperLogComesBackWithItsWeekTicksPainAndNote) {
    Fixture f;
    auto program = builderForm(f.csrf);
    program[2].second = "2026-11-16"; // started last week, so week 1 can be typed
    ASSERT_EQ(f.browser.postForm(f.patientPath + "/program", program).status, 303);
    const std::string log = f.patientPath + "/paper-log";
    f.idle();
    Testing::HttpReply post = f.browser.postForm(log, {{"csrf", f.csrf},
                                                       {"weekStart", "2026-11-16"},
                                                       {"day0", "1"},
                                                       {"day2", "1"},
                                                       {"pain", "6"},
                                                       {"note", "typed from the fridge door"}});
    ASSERT_EQ(post.header("location"), "/login?ended=1&next=" + encoded(log));
    Testing::HttpReply page =
        signInAgain(f.browser, Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD, log);
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "here is what you typed, not saved yet"));
    EXPECT_TRUE(contains(page.body, "Week 1: 16 Nov to 22 Nov 2026")) << "the week typed";
    EXPECT_TRUE(contains(page.body, "typed from the fridge door"));
    EXPECT_TRUE(contains(page.body, "<option value=\"6\" selected>"));
    EXPECT_TRUE(contains(page.body, "id=\"day0\" name=\"day0\" value=\"1\" checked"));
    EXPECT_TRUE(contains(page.body, "id=\"day2\" name=\"day2\" value=\"1\" checked"));
    EXPECT_FALSE(contains(page.body, "id=\"day1\" name=\"day1\" value=\"1\" checked"));
    EXPECT_TRUE(f.browser.cookie(KEPT).empty());
    // Nothing was saved: shown once, then the page shows what is stored (no paper week).
    Testing::HttpReply again = f.browser.get(log + "?week=2026-11-16");
    EXPECT_FALSE(contains(again.body, "typed from the fridge door"));
    EXPECT_FALSE(contains(again.body, "id=\"day0\" name=\"day0\" value=\"1\" checked"));
}

TEST(KeptForm, TheExerciseEditorComesBackForANewAndAnEditedExercise) {
    Fixture f;
    f.server.application().accounts().createUser(f.server.clinicId(), ADMIN_EMAIL, "Ana",
                                                 Role::Admin, ADMIN_PASSWORD);
    Testing::HttpTestClient ana = f.server.client();
    std::string csrf = signInWithForm(ana, ADMIN_EMAIL, ADMIN_PASSWORD, "/admin/exercises/new");
    f.idle();
    Testing::HttpReply add =
        ana.postForm("/admin/exercises", exerciseForm(csrf, "Lean on a wall.\nSlide down."));
    ASSERT_EQ(add.header("location"), "/login?ended=1&next=" + encoded("/admin/exercises/new"));
    Testing::HttpReply page = signInAgain(ana, ADMIN_EMAIL, ADMIN_PASSWORD, "/admin/exercises/new");
    EXPECT_TRUE(contains(page.body, "here is what you typed, not saved yet"));
    EXPECT_TRUE(contains(page.body, "value=\"Wall sit typed late\""));
    EXPECT_TRUE(contains(page.body, "Slide down."));
    EXPECT_EQ(ana.get("/catalog/wall-sit-typed-late").status, 404) << "nothing saved yet";

    csrf = csrfOf(page.body);
    ASSERT_EQ(ana.postForm("/admin/exercises", exerciseForm(csrf, "Lean on a wall.")).status, 303);
    f.idle();
    auto edit = exerciseForm(csrf, "Lean on a wall.\nHold it while you count to twenty.");
    edit.push_back({"basedOn", "1"});
    const std::string exercisePath = "/admin/exercises/wall-sit-typed-late";
    Testing::HttpReply save = ana.postForm(exercisePath, edit);
    ASSERT_EQ(save.header("location"), "/login?ended=1&next=" + encoded(exercisePath + "/edit"));
    Testing::HttpReply editor =
        signInAgain(ana, ADMIN_EMAIL, ADMIN_PASSWORD, exercisePath + "/edit");
    EXPECT_TRUE(contains(editor.body, "here is what you typed, not saved yet"));
    EXPECT_TRUE(contains(editor.body, "count to twenty"));
    EXPECT_TRUE(contains(editor.body, "name=\"basedOn\" value=\"1\""));
    EXPECT_FALSE(contains(ana.get("/catalog/wall-sit-typed-late").body, "count to twenty"));
}

TEST(KeptForm, TheAdminsNewUserAndFlagRuleFormsComeBackButNotAPasswordOrAClick) {
    Fixture f;
    f.server.application().accounts().createUser(f.server.clinicId(), ADMIN_EMAIL, "Ana",
                                                 Role::Admin, ADMIN_PASSWORD);
    Testing::HttpTestClient ana = f.server.client();
    std::string csrf = signInWithForm(ana, ADMIN_EMAIL, ADMIN_PASSWORD, "/admin/users");
    f.idle();
    Testing::HttpReply add = ana.postForm("/admin/users", {{"csrf", csrf},
                                                           {"name", "Tom Typed"},
                                                           {"email", "tom@bayview.example"},
                                                           {"role", "admin"},
                                                           {"password", "first password 42"}});
    ASSERT_EQ(add.header("location"), "/login?ended=1&next=" + encoded("/admin/users"));
    Testing::HttpReply users = signInAgain(ana, ADMIN_EMAIL, ADMIN_PASSWORD, "/admin/users");
    EXPECT_TRUE(contains(users.body, "here is what you typed, not saved yet"));
    EXPECT_TRUE(contains(users.body, "value=\"Tom Typed\""));
    EXPECT_TRUE(contains(users.body, "value=\"tom@bayview.example\""));
    EXPECT_TRUE(contains(users.body, "<option value=\"admin\" selected>"));
    EXPECT_FALSE(contains(users.body, "first password 42"));
    EXPECT_FALSE(contains(users.body, "<td>tom@bayview.example</td>")) << "nobody was added";
    csrf = csrfOf(users.body);

    f.idle();
    Testing::HttpReply flags = ana.postForm("/admin/flags", {{"csrf", csrf},
                                                             {"thresholdPercent", "73"},
                                                             {"windowDays", "21"},
                                                             {"quietDays", "5"},
                                                             {"painHigh", "8"},
                                                             {"painRise", "3"}});
    ASSERT_EQ(flags.header("location"), "/login?ended=1&next=" + encoded("/admin/flags"));
    Testing::HttpReply rules = signInAgain(ana, ADMIN_EMAIL, ADMIN_PASSWORD, "/admin/flags");
    EXPECT_TRUE(contains(rules.body, "here is what you typed, not saved yet"));
    EXPECT_TRUE(contains(rules.body, "value=\"73\""));
    EXPECT_TRUE(contains(rules.body, "value=\"21\""));
    EXPECT_FALSE(contains(ana.get("/admin/flags").body, "value=\"73\"")) << "not saved";
    csrf = csrfOf(rules.body);

    // A one-click action (disable a user) is not kept: it is not typed work, and repeating it
    // after a sign-in without asking would be a surprise.
    const std::string page = ana.get("/admin/users").body;
    std::size_t at = page.find("action=\"/admin/users/");
    ASSERT_NE(at, std::string::npos);
    at += 8;
    const std::string disable = page.substr(at, page.find('"', at) - at);
    ASSERT_TRUE(contains(disable, "/disable")) << disable;
    f.idle();
    Testing::HttpReply click = ana.postForm(disable, {{"csrf", csrf}});
    EXPECT_EQ(click.header("location"), "/login?next=" + encoded(disable));
    EXPECT_TRUE(ana.cookie(KEPT).empty());
}
