// The admin's users page: when each user last signed in, and password reset by a one-time link.
#include "TestServer.h"

#include <gtest/gtest.h>

#include <ctime>

using namespace Limber;
using Testing::contains;
using Testing::csrfOf;

namespace {

constexpr const char* ADMIN_EMAIL = "ana@bayview.example";
constexpr const char* ADMIN_PASSWORD = "admin password here";

/// The users page's instant text for epoch seconds (UTC, to the second).
std::string instantText(std::int64_t seconds) {
    std::time_t time = static_cast<std::time_t>(seconds);
    std::tm parts{};
    gmtime_r(&time, &parts);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S UTC", &parts);
    return buffer;
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

struct AdminFixture {
    Testing::TestServer server;
    Testing::HttpTestClient admin = server.client();

    AdminFixture() {
        Application& app = server.application();
        app.accounts().createUser(server.clinicId(), ADMIN_EMAIL, "Ana", Role::Admin,
                                  ADMIN_PASSWORD);
        app.accounts().createUser(server.clinicId(), "lukasz@bayview.example", "Łukasz",
                                  Role::Therapist, "therapist password");
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
    EXPECT_TRUE(contains(dana, "<td>" + instantText(newest) + "</td>")) << dana;
    EXPECT_FALSE(contains(dana, instantText(first))) << dana;
    EXPECT_TRUE(contains(rowOf(page.body, ADMIN_EMAIL), "<td>" + instantText(adminAt) + "</td>"));
    EXPECT_TRUE(contains(rowOf(page.body, "lukasz@bayview.example"), "<td>never</td>"));
    EXPECT_FALSE(contains(page.body, "olga@harbour.example"));

    // Only an admin sees the page.
    Testing::HttpTestClient therapist = server.client();
    therapist.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD);
    EXPECT_EQ(therapist.get("/admin/users").status, 403);
}
