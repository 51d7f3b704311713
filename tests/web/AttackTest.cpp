// Attacks, one class at a time, as an attacker would send them over HTTP. Each test checks that
// the attack fails and that nothing changed.
#include "TestServer.h"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

using namespace Limber;
using Testing::contains;

namespace {

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string encoded(const std::string& text) {
    std::string out;
    Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]", out);
    return out;
}

std::string jsonString(const std::string& text) {
    Poco::JSON::Object object;
    object.set("v", text);
    std::ostringstream out;
    object.stringify(out);
    std::string all = out.str();
    return all.substr(5, all.size() - 6); // {"v":...}
}

std::size_t patientCount(Testing::TestServer& server) {
    return server.application().store().patients(server.clinicId()).size();
}

Actor danaOf(Testing::TestServer& server) {
    auto user = server.application().accounts().userByEmail(Testing::TestServer::EMAIL);
    return {server.clinicId(), user->id, Role::Therapist, user->name, "127.0.0.1"};
}

const std::vector<std::string> INJECTIONS = {
    "Robert'); DROP TABLE patients;--", "x' OR '1'='1", "\"; DELETE FROM users; --",
    "1; UPDATE users SET role='admin'", "%' UNION SELECT password_hash FROM users --"};

} // namespace

TEST(Attack, SqlInjectionThroughEveryTextFieldIsStoredAsText) {
    Testing::TestServer server;
    Testing::HttpTestClient api = server.signedIn();
    int n = 0;
    for (const auto& payload : INJECTIONS) {
        std::string record = "R" + std::to_string(++n) + payload.substr(0, 20);
        Testing::HttpReply created = api.postJson(
            "/api/v1/patients", "{\"name\": " + jsonString(payload) +
                                    ", \"firstName\": " + jsonString(payload.substr(0, 50)) +
                                    ", \"recordNumber\": " + jsonString(record) + "}");
        ASSERT_EQ(created.status, 201) << created.body;
        auto patient = json(created.body);
        EXPECT_EQ(patient->getValue<std::string>("name"), payload);
        std::string id = std::to_string(patient->getValue<std::int64_t>("id"));
        std::string program = Testing::programJson("2026-11-16");
        program.insert(1, "\"notes\": " + jsonString(payload) + ", ");
        ASSERT_EQ(api.postJson("/api/v1/patients/" + id + "/programs", program).status, 201);
        Testing::HttpReply logged = api.postJson(
            "/api/v1/patients/" + id + "/sessions",
            "{\"date\": \"2026-11-24\", \"note\": " + jsonString(payload) + ", \"entries\": []}");
        ASSERT_EQ(logged.status, 201) << logged.body;
        auto sessions = json(api.get("/api/v1/patients/" + id + "/sessions").body);
        EXPECT_EQ(sessions->getArray("sessions")->getObject(0)->getValue<std::string>("note"),
                  payload);
    }
    EXPECT_EQ(patientCount(server), INJECTIONS.size()) << "every payload is one patient";
    EXPECT_TRUE(server.application().accounts().userByEmail(Testing::TestServer::EMAIL))
        << "users intact";
    EXPECT_EQ(api.get("/api/v1/patients?sort=name").status, 200);
}

TEST(Attack, SqlInjectionThroughTheSortParameterIsRefused) {
    Testing::TestServer server;
    Testing::HttpTestClient api = server.signedIn();
    api.postJson("/api/v1/patients", R"({"name": "Ann Lee", "recordNumber": "A1"})");
    for (const std::string sort :
         {"name;DROP TABLE patients", "name DESC", "id", "(SELECT 1)", "record%27"}) {
        Testing::HttpReply reply = api.get("/api/v1/patients?sort=" + encoded(sort));
        EXPECT_EQ(reply.status, 400) << sort;
        EXPECT_EQ(json(reply.body)
                      ->getObject("error")
                      ->getArray("fields")
                      ->getObject(0)
                      ->getValue<std::string>("field"),
                  "sort");
        EXPECT_EQ(api.get("/patients?sort=" + encoded(sort)).status, 400) << sort;
    }
    EXPECT_EQ(patientCount(server), 1u);
    EXPECT_EQ(api.get("/api/v1/patients?sort=newest").status, 200);
}

TEST(Attack, StoredScriptInNamesAndNotesIsShownAsTextInPagesPdfsAndCsv) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana = danaOf(server);
    const std::string script = "<script>alert('x')</script>";
    Patient patient =
        app.patients().create(dana, {script + " Smith", "Eve", "=HYPERLINK(1)", "en"});
    Prescription p;
    p.title = "Plan \"><img src=x onerror=alert(1)>";
    p.startDate = Date::parse("2026-11-16");
    p.endDate = Date::parse("2026-12-27");
    p.items.push_back({"tree-pose", app.catalog().defaultDose("tree-pose").value(), script});
    app.programs().create(dana, patient.id, p);
    SessionInput input;
    input.date = Date::parse("2026-11-24");
    input.note = "<img src=x onerror=alert(2)>";
    app.sessions().log(dana, patient.id, input, SessionSource::Therapist);

    Testing::HttpTestClient browser = server.signedIn();
    std::string list = browser.get("/patients").body;
    std::string page = browser.get("/patients/" + std::to_string(patient.id)).body;
    for (const auto& html : {list, page}) {
        EXPECT_FALSE(contains(html, "<script>alert")) << "script ran through";
        EXPECT_FALSE(contains(html, "<img src=x"));
        EXPECT_TRUE(contains(html, "&lt;script&gt;"));
    }
    EXPECT_TRUE(contains(page, "&lt;img src=x onerror=alert(2)&gt;"));
    Testing::HttpReply any = browser.get("/patients");
    EXPECT_TRUE(contains(any.header("content-security-policy"), "script-src 'self'"));
    EXPECT_FALSE(contains(any.header("content-security-policy"), "unsafe-inline"));

    // The PDF prints the name as text and carries no script.
    Testing::HttpReply pdf =
        browser.get("/patients/" + std::to_string(patient.id) + "/handout.pdf");
    ASSERT_EQ(pdf.status, 200);
    EXPECT_FALSE(contains(pdf.body, "/JavaScript"));
    EXPECT_FALSE(contains(pdf.body, "/JS"));
    Testing::TempDir dir;
    Testing::writeFile(dir.file("h.pdf"), pdf.body);
    std::string text = Testing::runProcess("pdftotext", {dir.file("h.pdf"), "-"}).out;
    EXPECT_TRUE(contains(text, "<script>alert('x')</script> Smith"));

    // The audit export defuses a formula in a record number... and in a name.
    User admin = app.accounts().createUser(server.clinicId(), "olga@bayview.example",
                                           "=cmd|' /C calc'!A0", Role::Admin, "admin password");
    Testing::HttpTestClient olga = server.client();
    olga.signIn("olga@bayview.example", "admin password");
    // The test clock's instant is in January 2027 (its calendar day is fixed separately).
    std::string csv = olga.get("/admin/audit.csv?from=2027-01-01&to=2027-01-31").body;
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBF\"id\",", 0), 0u) << "a UTF-8 byte order mark, for Excel";
    EXPECT_TRUE(contains(csv, "\"'=cmd|' /C calc'!A0 (user " + std::to_string(admin.id) + ")\""))
        << csv;
    EXPECT_FALSE(contains(csv, ",\"=cmd"));
}

TEST(Attack, CrossSiteRequestsChangeNothing) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.signedIn();
    std::string token = browser.csrfToken();
    const std::string body = Testing::formEncode({{"name", "Mallory"}, {"recordNumber", "M1"}});
    const std::string form = "application/x-www-form-urlencoded";

    browser.setCsrfToken("");
    EXPECT_EQ(browser.request("POST", "/patients", body, form).status, 403) << "no token";
    browser.setCsrfToken("wrong-token");
    EXPECT_EQ(browser.request("POST", "/patients", body, form).status, 403) << "wrong token";
    browser.setCsrfToken(token);
    EXPECT_EQ(browser.request("POST", "/patients", body, form, {{"Origin", "https://evil.example"}})
                  .status,
              403);
    EXPECT_EQ(
        browser.request("POST", "/patients", body, form, {{"Sec-Fetch-Site", "cross-site"}}).status,
        403);
    EXPECT_EQ(
        browser.request("POST", "/patients", body, form, {{"Sec-Fetch-Site", "same-site"}}).status,
        403);
    EXPECT_EQ(patientCount(server), 0u);
    EXPECT_EQ(browser.request("POST", "/patients", body, form, {{"Sec-Fetch-Site", "same-origin"}})
                  .status,
              303)
        << "the same request from the portal itself works";
}

TEST(Attack, ClinicAndPatientFieldsInBodiesAreRefusedOrIgnored) {
    Testing::TestServer server;
    Application& app = server.application();
    std::int64_t other = app.accounts().createClinic({0, "Elsewhere PT", "", ""});
    Testing::HttpTestClient api = server.signedIn();

    Testing::HttpReply smuggled = api.postJson(
        "/api/v1/patients", "{\"name\": \"Ann\", \"recordNumber\": \"A1\", \"clinicId\": " +
                                std::to_string(other) + "}");
    EXPECT_EQ(smuggled.status, 400);
    EXPECT_TRUE(contains(smuggled.body, "clinicId"));
    EXPECT_TRUE(app.store().patients(other).empty());
    EXPECT_EQ(patientCount(server), 0u);

    // A program body naming another patient and clinic: the URL's patient gets it, nothing else.
    auto mine =
        json(api.postJson("/api/v1/patients", R"({"name": "Ann", "recordNumber": "A1"})").body);
    std::string id = std::to_string(mine->getValue<std::int64_t>("id"));
    std::string program = Testing::programJson();
    program.insert(1, "\"patient\": {\"id\": 999, \"name\": \"Someone\"}, \"clinic\": {\"id\": " +
                          std::to_string(other) + ", \"name\": \"Elsewhere\"}, ");
    Testing::HttpReply created = api.postJson("/api/v1/patients/" + id + "/programs", program);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(json(created.body)->getValue<std::string>("patientId"), id);
    EXPECT_TRUE(app.store().patients(other).empty());

    // A portal form with a smuggled patient id saves for the URL's patient only.
    Testing::HttpReply form = api.postForm(
        "/patients", {{"name", "Bo"}, {"recordNumber", "B1"}, {"clinicId", std::to_string(other)}});
    EXPECT_EQ(form.status, 303);
    EXPECT_TRUE(app.store().patients(other).empty());
}

TEST(Attack, ASessionIdChosenByTheAttackerIsNeverAdopted) {
    Testing::TestServer server;
    Testing::HttpTestClient victim = server.client();
    const std::string planted = "attacker-chosen-session-id-0123456789abcdefghij";
    victim.setCookie("__Host-limber_session", planted);
    ASSERT_EQ(victim.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status, 200);
    EXPECT_NE(victim.cookie("__Host-limber_session"), planted) << "a new id at sign-in";
    EXPECT_EQ(victim.get("/api/v1/patients").status, 200);

    Testing::HttpTestClient attacker = server.client();
    attacker.setCookie("__Host-limber_session", planted);
    EXPECT_EQ(attacker.get("/api/v1/patients").status, 401);

    // Signing in again ends the session the browser had: a copied cookie dies with it.
    Testing::HttpTestClient copy = server.client();
    copy.setCookie("__Host-limber_session", victim.cookie("__Host-limber_session"));
    EXPECT_EQ(copy.get("/api/v1/patients").status, 200);
    victim.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD);
    EXPECT_EQ(copy.get("/api/v1/patients").status, 401);
    EXPECT_EQ(victim.get("/api/v1/patients").status, 200);
}

TEST(Attack, BruteForceSignInIsSlowedAndTheRealUserGetsBackIn) {
    Testing::TestServer server;
    Testing::HttpTestClient attacker = server.client();
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(attacker.signIn(Testing::TestServer::EMAIL, "guess " + std::to_string(i)).status,
                  401);
    EXPECT_EQ(attacker.signIn(Testing::TestServer::EMAIL, "guess 5").status, 401);
    Testing::HttpReply blocked =
        attacker.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD);
    EXPECT_EQ(blocked.status, 429) << "even the right password waits";
    EXPECT_EQ(blocked.header("retry-after"), "1");
    EXPECT_EQ(json(blocked.body)->getObject("error")->getValue<std::string>("code"),
              "too_many_attempts");
    EXPECT_EQ(
        attacker
            .postForm("/login", {{"email", Testing::TestServer::EMAIL}, {"password", "guess 6"}})
            .status,
        429);
    // Delays grow, but never past 15 minutes: after that the right password works again.
    for (int i = 0; i < 20; ++i) {
        server.clock().advanceSeconds(16 * 60);
        attacker.signIn(Testing::TestServer::EMAIL, "guess again");
    }
    server.clock().advanceSeconds(15 * 60);
    EXPECT_EQ(attacker.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status,
              200);
}

TEST(Attack, GuessingLinksIsRateLimitedAndUnknownRevokedAndExpiredLinksLookTheSame) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana = danaOf(server);
    Patient revokedOne = app.patients().create(dana, {"Rev Oked", "", "R1", "en"});
    PatientLink revoked = app.patients().links(dana, revokedOne.id).front();
    app.patients().revokeLink(dana, revokedOne.id, revoked.id);
    Patient expiring = app.patients().create(dana, {"Ex Pired", "", "E1", "en"});
    PatientLink shortLived = app.patients().createLink(dana, expiring.id, 1);
    Patient good = app.patients().create(dana, {"Good Link", "", "G1", "en"});
    std::string goodToken = app.links().tokenOf(app.patients().links(dana, good.id).front());
    server.clock().advanceSeconds(2 * 24 * 60 * 60);

    Testing::HttpTestClient guesser = server.client();
    std::string unknown = guesser.get("/p/" + std::string(43, 'Q')).body;
    std::string wasRevoked = guesser.get("/p/" + app.links().tokenOf(revoked)).body;
    std::string hasExpired = guesser.get("/p/" + app.links().tokenOf(shortLived)).body;
    // Unknown, revoked and expired look the same, so a page never tells whether a token was
    // a link; none shows anything of a patient, a program or the clinic.
    EXPECT_EQ(wasRevoked, unknown);
    EXPECT_EQ(hasExpired, unknown);
    EXPECT_TRUE(contains(unknown, "This link does not work"));
    EXPECT_TRUE(contains(unknown, "Please call the clinic that gave you your handout"));
    for (const char* secret : {"Rev Oked", "Ex Pired", "R1", "E1", "Good Link", "Bayview"})
        EXPECT_FALSE(contains(unknown, secret)) << secret;

    for (int i = 3; i <= 10; ++i)
        EXPECT_EQ(guesser.get("/p/guess" + std::to_string(i)).status, 404);
    Testing::HttpReply limited = guesser.get("/p/" + goodToken);
    EXPECT_EQ(limited.status, 429) << "a right guess after many wrong ones waits too";
    EXPECT_FALSE(limited.header("retry-after").empty());
    EXPECT_TRUE(guesser.cookie("__Host-limber_link").empty());
    server.clock().advanceSeconds(60 * 60);
    EXPECT_EQ(guesser.get("/p/" + goodToken).status, 303);

    // A phone that opened its link before wrong guesses from its address (another browser
    // there) waits too: the check-in page reads the link and the address's count at once and
    // judges the count first.
    Testing::HttpTestClient phone = server.client();
    EXPECT_EQ(phone.get("/p/" + goodToken).status, 303);
    EXPECT_EQ(phone.get("/p").status, 200);
    for (int i = 1; i <= 11; ++i)
        EXPECT_EQ(guesser.get("/p/again" + std::to_string(i)).status, 404);
    Testing::HttpReply waiting = phone.get("/p");
    EXPECT_EQ(waiting.status, 429) << "the page of a right link waits while the address does";
    EXPECT_FALSE(waiting.header("retry-after").empty());
    EXPECT_FALSE(contains(waiting.body, "Good Link"));
    server.clock().advanceSeconds(60 * 60);
    Testing::HttpReply open = phone.get("/p");
    EXPECT_EQ(open.status, 200);
    EXPECT_TRUE(contains(open.body, "Good"));
}

TEST(Attack, OpeningALinkChangesNoDataAndTheTokenLeavesTheAddress) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana = danaOf(server);
    Patient patient = app.patients().create(dana, {"Pat Ient", "", "P1", "en"});
    std::string token = app.links().tokenOf(app.patients().links(dana, patient.id).front());
    auto sessionsNow = [&] {
        return app.store()
            .sessions(server.clinicId(), patient.id, Date::parse("2000-01-01"),
                      Date::parse("2100-01-01"))
            .size();
    };
    Testing::HttpTestClient phone = server.client();
    Testing::HttpReply swap = phone.get("/p/" + token);
    EXPECT_EQ(swap.status, 303);
    EXPECT_EQ(swap.header("location"), "/p");
    EXPECT_EQ(swap.header("referrer-policy"), "no-referrer");
    EXPECT_TRUE(contains(swap.header("set-cookie"), "__Host-limber_link="));
    EXPECT_TRUE(contains(swap.header("set-cookie"), "HttpOnly"));
    Testing::HttpReply page = phone.get("/p");
    EXPECT_EQ(page.status, 200);
    EXPECT_FALSE(contains(page.body, token)) << "the token is not in the page";
    EXPECT_FALSE(contains(page.body, "Ient")) << "first name only";
    EXPECT_FALSE(contains(page.body, "P1"));
    EXPECT_EQ(page.header("cache-control"), "no-store");
    EXPECT_EQ(sessionsNow(), 0u);
    // A forged form without the page's token is refused.
    EXPECT_EQ(phone.postForm("/p", {{"painBefore", "3"}}).status, 403);
    EXPECT_EQ(sessionsNow(), 0u);
}

TEST(Attack, PathTraversalOnStaticFilesFindsNothing) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.client();
    for (const std::string path :
         {"/static/..%2F..%2Fetc%2Fpasswd", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
          "/static/..%5c..%5cetc%5cpasswd", "/static/%252e%252e%252fetc%252fpasswd",
          "/static/....//....//etc/passwd", "/static/limber.css%00.txt", "/static/..",
          "/static/%2e%2e"}) {
        Testing::HttpReply reply = client.get(path);
        EXPECT_TRUE(reply.status == 404 || reply.status == 400) << path << " " << reply.status;
        EXPECT_FALSE(contains(reply.body, "root:")) << path;
    }
    EXPECT_EQ(client.get("/static/limber.css").status, 200);
}

TEST(Attack, OversizedAndMalformedBodiesAreRefusedAndStoreNothing) {
    Testing::TestServer server(4096);
    Testing::HttpTestClient api = server.signedIn();
    EXPECT_EQ(api.postJson("/api/v1/patients", std::string(8000, '{')).status, 413);
    std::string deep(2000, '[');
    EXPECT_EQ(api.postJson("/api/v1/patients", deep).status, 400);
    EXPECT_EQ(api.postJson("/api/v1/patients", R"({"name": "A", "recordNumber": )").status, 400);
    EXPECT_EQ(api.postJson("/api/v1/patients", "\xff\xfe\x00garbage").status, 400);
    EXPECT_EQ(api.postJson("/api/v1/patients", R"(["name", "recordNumber"])").status, 400);
    EXPECT_EQ(api.postJson("/api/v1/patients", R"({"name": 5, "recordNumber": true})").status, 400);
    EXPECT_EQ(api.request("POST", "/patients", "name=%ZZ%&recordNumber=%",
                          "application/x-www-form-urlencoded")
                  .status,
              400);
    EXPECT_EQ(api.postJson("/api/v1/auth/login", "not json").status, 400);
    EXPECT_EQ(patientCount(server), 0u);
    EXPECT_EQ(api.get("/healthz").status, 200) << "still serving";
}

TEST(Attack, ABrowserThatSignedInBeforeGetsInWhileTheAccountIsAttackedFromEverywhere) {
    Testing::TestServer server;
    // Signing in (API or form) leaves the device cookie.
    Testing::HttpTestClient known = server.client();
    ASSERT_EQ(known.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status, 200);
    const std::string fromApi = known.cookie("__Host-limber_device");
    EXPECT_FALSE(fromApi.empty()) << "no device cookie from the API's sign-in";
    Testing::HttpTestClient viaForm = server.client();
    ASSERT_EQ(viaForm
                  .postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                       {"password", Testing::TestServer::PASSWORD}})
                  .status,
              303);
    EXPECT_FALSE(viaForm.cookie("__Host-limber_device").empty())
        << "no device cookie from the sign-in form";

    // The account is attacked from 51 addresses elsewhere: locked for every new device.
    auto attackFromEverywhere = [&] {
        for (int i = 0; i < 51; ++i)
            try {
                server.application().accounts().signIn(Testing::TestServer::EMAIL, "guess",
                                                       "203.0.113." + std::to_string(i));
            } catch (const TooManyAttemptsException&) {
            }
    };
    attackFromEverywhere();
    Testing::HttpTestClient stranger = server.client();
    EXPECT_EQ(stranger.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status,
              429);
    Testing::HttpTestClient forged = server.client();
    forged.setCookie("__Host-limber_device", fromApi.substr(0, fromApi.size() - 1) + "x");
    EXPECT_EQ(forged.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status, 429);
    // The browsers that signed in before get in at once, through either door.
    EXPECT_EQ(known.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status, 200);
    attackFromEverywhere(); // (a success starts the account's count afresh)
    EXPECT_EQ(stranger.signIn(Testing::TestServer::EMAIL, Testing::TestServer::PASSWORD).status,
              429);
    EXPECT_EQ(viaForm
                  .postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                       {"password", Testing::TestServer::PASSWORD}})
                  .status,
              303);
    EXPECT_EQ(known.get("/api/v1/patients").status, 200);
}
