// The admin's users page: when each user last signed in, and password reset by a one-time link.
#include "TestServer.h"
#include "domain/DateStyle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

using namespace Limber;
using Testing::contains;
using Testing::csrfOf;

namespace {

constexpr const char* ADMIN_EMAIL = "ana@bayview.example";
constexpr const char* ADMIN_PASSWORD = "admin password here";

/// The users page's text for an instant: the clinic's wall clock, as every page writes it.
std::string instantText(Testing::TestServer& server, std::int64_t seconds) {
    return timeText(seconds, server.clock().timeZone());
}

/// The table row of the users page that holds email (empty when there is none).
std::string rowOf(const std::string& page, const std::string& email) {
    std::size_t at = page.find("<td>" + email + "</td>");
    if (at == std::string::npos)
        return {};
    std::size_t start = page.rfind("<tr>", at);
    std::size_t end = page.find("</tr>", at);
    return page.substr(start, end - start);
}

/// The reset link a page shows (its token), or empty.
std::string resetTokenOf(const std::string& page) {
    std::smatch match;
    static const std::regex link("/reset/([A-Za-z0-9_-]+)</code>");
    return std::regex_search(page, match, link) ? match[1].str() : std::string();
}

/// The id of the user with email, from the store.
std::int64_t userIdOf(Testing::TestServer& server, const std::string& email) {
    return server.application().accounts().userByEmail(email)->id;
}

/// Every audit entry of the clinic, as one text (to look for a token in).
std::string auditText(Testing::TestServer& server, std::vector<std::string>* actions = nullptr) {
    std::string all;
    for (const auto& event :
         server.application().store().auditEvents(server.clinicId(), 0, 4'000'000'000)) {
        all += event.actor + "|" + event.action + "|" + event.detail + "|" + event.address + "\n";
        if (actions)
            actions->push_back(event.action);
    }
    return all;
}

/// Whether email signs in with password (through the API).
bool signsIn(Testing::TestServer& server, const std::string& email, const std::string& password) {
    return server.client().signIn(email, password).status == 200;
}

struct AdminFixture {
    Testing::TestServer server;
    Testing::HttpTestClient admin = server.client();

    /// A reset link for email made by the admin on the users page; returns its token.
    std::string resetLinkFor(const std::string& email) {
        EXPECT_EQ(admin.signIn(ADMIN_EMAIL, ADMIN_PASSWORD).status, 200); // a fresh session
        const std::string path =
            "/admin/users/" + std::to_string(userIdOf(server, email)) + "/reset-link";
        Testing::HttpReply made =
            admin.postForm(path, {{"csrf", csrfOf(admin.get("/admin/users").body)}});
        EXPECT_EQ(made.status, 201) << made.body;
        return resetTokenOf(made.body);
    }

    AdminFixture() {
        Application& app = server.application();
        app.accounts().createUser(server.clinicId(), ADMIN_EMAIL, "Ana", Role::Admin,
                                  ADMIN_PASSWORD);
        app.accounts().createUser(server.clinicId(), "lukasz@bayview.example", "Łukasz",
                                  Role::Therapist, "therapist password");
        EXPECT_EQ(admin.signIn(ADMIN_EMAIL, ADMIN_PASSWORD).status, 200);
    }
};

} // namespace

TEST(AdminAccounts, TheUsersPageShowsEachUsersNewestSignInOrNever) {
    AdminFixture clinic;
    Testing::TestServer& server = clinic.server;
    // Dana signs in twice; the newest counts, and a failed attempt after it does not.
    std::int64_t first = server.clock().nowSeconds();
    ASSERT_EQ(
        server.client().signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status,
        200);
    server.clock().advanceSeconds(3 * 86400 + 3723);
    std::int64_t newest = server.clock().nowSeconds();
    ASSERT_EQ(
        server.client().signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status,
        200);
    server.clock().advanceSeconds(600);
    EXPECT_EQ(server.client()
                  .postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                       {"password", "not the password"}})
                  .status,
              401);
    server.clock().advanceSeconds(60);
    std::int64_t adminAt = server.clock().nowSeconds();
    ASSERT_EQ(clinic.admin.signIn(ADMIN_EMAIL, ADMIN_PASSWORD).status, 200);

    // Another clinic's users and their sign-ins are not on this page.
    std::int64_t otherClinic =
        server.application().accounts().createClinic({0, "Harbour Physio", "", ""});
    server.application().accounts().createUser(otherClinic, "olga@harbour.example", "Olga",
                                               Role::Admin, "olga password here");
    server.clock().advanceSeconds(60);
    ASSERT_EQ(server.client().signIn("olga@harbour.example", "olga password here").status, 200);

    Testing::HttpReply page = clinic.admin.get("/admin/users");
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "<th scope=\"col\">Last sign-in</th>"));
    std::string dana = rowOf(page.body, Testing::TestServer::EMAIL);
    EXPECT_TRUE(contains(dana, "<td>" + instantText(server, newest) + "</td>")) << dana;
    EXPECT_FALSE(contains(dana, instantText(server, first))) << dana;
    EXPECT_TRUE(
        contains(rowOf(page.body, ADMIN_EMAIL), "<td>" + instantText(server, adminAt) + "</td>"));
    EXPECT_TRUE(contains(rowOf(page.body, "lukasz@bayview.example"), "<td>never</td>"));
    EXPECT_FALSE(contains(page.body, "olga@harbour.example"));

    // Only an admin sees the page.
    Testing::HttpTestClient therapist = server.client();
    therapist.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD);
    EXPECT_EQ(therapist.get("/admin/users").status, 403);
}

TEST(AdminAccounts, AResetLinkIsShownOnceSetsANewPasswordOnceAndEndsTheUsersSessions) {
    AdminFixture clinic;
    Testing::TestServer& server = clinic.server;
    Testing::HttpTestClient dana = server.signedIn();
    ASSERT_EQ(dana.get("/patients").status, 200);

    Testing::HttpReply users = clinic.admin.get("/admin/users");
    ASSERT_EQ(users.status, 200) << users.header("location");
    const std::string danaId = std::to_string(userIdOf(server, Testing::TestServer::EMAIL));
    const std::string button = "action=\"/admin/users/" + danaId + "/reset-link\"";
    EXPECT_TRUE(contains(rowOf(users.body, Testing::TestServer::EMAIL), button));
    EXPECT_TRUE(
        contains(rowOf(users.body, Testing::TestServer::EMAIL), ">Reset password</button>"));
    EXPECT_FALSE(contains(rowOf(users.body, ADMIN_EMAIL), "reset-link")) << "not for oneself";

    // Without the session's CSRF token (neither in the form nor as a header) nothing is made.
    const std::string sessionCsrf = clinic.admin.csrfToken();
    clinic.admin.setCsrfToken("");
    Testing::HttpReply forged = clinic.admin.postForm("/admin/users/" + danaId + "/reset-link",
                                                      {{"csrf", "not the token"}});
    clinic.admin.setCsrfToken(sessionCsrf);
    EXPECT_EQ(forged.status, 403);
    EXPECT_TRUE(resetTokenOf(forged.body).empty());

    Testing::HttpReply made = clinic.admin.postForm("/admin/users/" + danaId + "/reset-link",
                                                    {{"csrf", csrfOf(users.body)}});
    ASSERT_EQ(made.status, 201);
    const std::string token = resetTokenOf(made.body);
    ASSERT_GE(token.size(), 43u) << made.body;
    EXPECT_TRUE(contains(made.body,
                         "http://127.0.0.1:" + std::to_string(server.port()) + "/reset/" + token));
    EXPECT_TRUE(contains(made.body, "Give this link to <bdi>Dana Whitfield</bdi> now"));
    EXPECT_TRUE(contains(made.body, instantText(server, server.clock().nowSeconds() + 24 * 3600)));
    EXPECT_FALSE(contains(clinic.admin.get("/admin/users").body, token)) << "shown once";
    EXPECT_EQ(dana.get("/patients").status, 200) << "making a link signs nobody out";
    EXPECT_TRUE(signsIn(server, Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD))
        << "nor changes the password";

    // The link's page, for someone not signed in.
    Testing::HttpTestClient browser = server.client();
    Testing::HttpReply form = browser.get("/reset/" + token);
    ASSERT_EQ(form.status, 200);
    EXPECT_TRUE(contains(form.body, "For <bdi>Dana Whitfield</bdi>."));
    EXPECT_TRUE(contains(form.body, "name=\"newPassword\""));
    EXPECT_FALSE(contains(form.body, "currentPassword")) << "the old password is not asked";

    // The same rules as the change-password page; a refused try keeps the link working.
    Testing::HttpReply shortOne = browser.postForm(
        "/reset/" + token, {{"newPassword", "short"}, {"repeatedPassword", "short"}});
    EXPECT_EQ(shortOne.status, 400);
    EXPECT_TRUE(contains(shortOne.body, "New password</a>: must be 8 to 128 characters"));
    const std::string fresh = "a password from the link";
    Testing::HttpReply mismatch = browser.postForm(
        "/reset/" + token, {{"newPassword", fresh}, {"repeatedPassword", fresh + "!"}});
    EXPECT_EQ(mismatch.status, 400);
    EXPECT_TRUE(contains(mismatch.body, "New password again</a>: is not the same"));
    EXPECT_FALSE(contains(mismatch.body, fresh)) << "passwords are never sent back";
    EXPECT_EQ(browser.get("/reset/" + token).status, 200);
    EXPECT_EQ(dana.get("/patients").status, 200) << "a refused try signs nobody out";

    Testing::HttpReply done =
        browser.postForm("/reset/" + token, {{"newPassword", fresh}, {"repeatedPassword", fresh}});
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_TRUE(contains(done.body, "Your new password is set."));
    EXPECT_EQ(dana.get("/patients").status, 303) << "every session of the user ended";
    EXPECT_FALSE(signsIn(server, Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD));
    EXPECT_TRUE(signsIn(server, Testing::TestServer::EMAIL, fresh));

    // Used: the link works no more, neither to look at nor to set another password.
    Testing::HttpReply again = browser.get("/reset/" + token);
    EXPECT_EQ(again.status, 404);
    EXPECT_TRUE(contains(again.body, "This password reset link does not work."));
    EXPECT_EQ(browser
                  .postForm("/reset/" + token, {{"newPassword", "yet another password"},
                                                {"repeatedPassword", "yet another password"}})
                  .status,
              404);
    EXPECT_TRUE(signsIn(server, Testing::TestServer::EMAIL, fresh));
    EXPECT_FALSE(signsIn(server, Testing::TestServer::EMAIL, "yet another password"));

    // Audited, and never with the token.
    std::vector<std::string> actions;
    const std::string audit = auditText(server, &actions);
    EXPECT_EQ(std::count(actions.begin(), actions.end(), "user.reset.link"), 1);
    EXPECT_EQ(std::count(actions.begin(), actions.end(), "user.reset.used"), 1);
    EXPECT_FALSE(contains(audit, token));
}

TEST(AdminAccounts, AResetLinkDoesNotWorkWhenExpiredWrongReplacedOrAfterAPasswordChange) {
    AdminFixture clinic;
    Testing::TestServer& server = clinic.server;
    Testing::HttpTestClient browser = server.client();
    auto works = [&](const std::string& token) {
        return browser.get("/reset/" + token).status == 200;
    };
    auto setsPassword = [&](const std::string& token, const std::string& password) {
        Testing::HttpReply reply = browser.postForm(
            "/reset/" + token, {{"newPassword", password}, {"repeatedPassword", password}});
        EXPECT_TRUE(reply.status == 200 || reply.status == 404) << reply.status;
        if (reply.status == 404) {
            EXPECT_TRUE(contains(reply.body, "This password reset link does not work."));
        }
        return reply.status == 200;
    };

    // Expired: it works until 24 hours have passed, not after.
    std::string expiring = clinic.resetLinkFor(Testing::TestServer::EMAIL);
    server.clock().advanceSeconds(24 * 3600 - 1);
    EXPECT_TRUE(works(expiring));
    server.clock().advanceSeconds(1);
    EXPECT_FALSE(works(expiring));
    EXPECT_FALSE(setsPassword(expiring, "expired link password"));
    EXPECT_FALSE(signsIn(server, Testing::TestServer::EMAIL, "expired link password"));

    // Wrong: another token, one character changed, far too long, or empty.
    std::string real = clinic.resetLinkFor(Testing::TestServer::EMAIL);
    ASSERT_FALSE(real.empty());
    std::string changed = real;
    changed[10] = changed[10] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(works(changed));
    EXPECT_FALSE(setsPassword(changed, "wrong link password"));
    EXPECT_FALSE(works(std::string(43, 'A')));
    EXPECT_FALSE(works(real + std::string(200, 'x')));
    EXPECT_EQ(browser.get("/reset/").status, 404);
    EXPECT_TRUE(works(real)) << "the real one still works";

    // Replaced: a newer link for the same user ends the older; another user's link is theirs.
    std::string lukaszLink = clinic.resetLinkFor("lukasz@bayview.example");
    std::string newer = clinic.resetLinkFor(Testing::TestServer::EMAIL);
    EXPECT_FALSE(works(real));
    EXPECT_FALSE(setsPassword(real, "replaced link password"));
    EXPECT_TRUE(works(newer));
    EXPECT_TRUE(works(lukaszLink)) << "links of other users stay";

    // A password changed another way ends the user's link: on their own page...
    Testing::HttpTestClient dana = server.signedIn();
    const std::string changedOwn = "changed on my own page";
    ASSERT_EQ(
        dana.postForm("/account/password", {{"csrf", csrfOf(dana.get("/account/password").body)},
                                            {"currentPassword", Testing::TestServer::PASSWORD},
                                            {"newPassword", changedOwn},
                                            {"repeatedPassword", changedOwn}})
            .status,
        303);
    EXPECT_FALSE(works(newer));
    EXPECT_FALSE(setsPassword(newer, "after own change password"));
    EXPECT_TRUE(signsIn(server, Testing::TestServer::EMAIL, changedOwn));
    // ...or by the operator (the command line's way).
    EXPECT_TRUE(works(lukaszLink));
    server.application().accounts().operatorSetPassword("lukasz@bayview.example",
                                                        "set by the operator");
    EXPECT_FALSE(works(lukaszLink));

    // A disabled user's link does not work, and none is made for them.
    std::string beforeDisabling = clinic.resetLinkFor(Testing::TestServer::EMAIL);
    EXPECT_TRUE(works(beforeDisabling));
    const std::string danaId = std::to_string(userIdOf(server, Testing::TestServer::EMAIL));
    const std::string csrf = csrfOf(clinic.admin.get("/admin/users").body);
    ASSERT_EQ(clinic.admin.postForm("/admin/users/" + danaId + "/disable", {{"csrf", csrf}}).status,
              303);
    EXPECT_FALSE(works(beforeDisabling));
    EXPECT_FALSE(setsPassword(beforeDisabling, "disabled user password"));
    EXPECT_EQ(
        clinic.admin.postForm("/admin/users/" + danaId + "/reset-link", {{"csrf", csrf}}).status,
        409);
}

TEST(AdminAccounts, OnlyAnAdminOfTheUsersClinicMakesAResetLink) {
    AdminFixture clinic;
    Testing::TestServer& server = clinic.server;
    const std::string path = "/admin/users/" +
                             std::to_string(userIdOf(server, "lukasz@bayview.example")) +
                             "/reset-link";
    // A therapist of the clinic.
    Testing::HttpTestClient dana = server.client();
    ASSERT_EQ(dana.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status, 200);
    Testing::HttpReply therapist =
        dana.postForm(path, {{"csrf", csrfOf(dana.get("/patients").body)}});
    EXPECT_EQ(therapist.status, 403);
    EXPECT_TRUE(resetTokenOf(therapist.body).empty());
    // An admin of another clinic.
    std::int64_t otherClinic =
        server.application().accounts().createClinic({0, "Harbour Physio", "", ""});
    server.application().accounts().createUser(otherClinic, "olga@harbour.example", "Olga",
                                               Role::Admin, "olga password here");
    Testing::HttpTestClient olga = server.client();
    ASSERT_EQ(olga.signIn("olga@harbour.example", "olga password here").status, 200);
    Testing::HttpReply foreign =
        olga.postForm(path, {{"csrf", csrfOf(olga.get("/admin/users").body)}});
    EXPECT_EQ(foreign.status, 404);
    EXPECT_TRUE(resetTokenOf(foreign.body).empty());
    // Someone not signed in.
    EXPECT_EQ(server.client().postForm(path, {}).status, 303);

    std::vector<std::string> actions;
    auditText(server, &actions);
    EXPECT_EQ(std::count(actions.begin(), actions.end(), "user.reset.link"), 0);
    // The clinic's own admin does make it.
    EXPECT_FALSE(clinic.resetLinkFor("lukasz@bayview.example").empty());
}
