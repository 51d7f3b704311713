// Hostile input at every HTTP boundary: nothing malformed is stored, every refusal names the
// field and the reason, and every error under /api/ is a JSON body in valid UTF-8.
#include "TestServer.h"
#include "domain/TextRule.h"
#include "web/WebRequest.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

using namespace Limber;
using Testing::contains;

namespace {

Poco::JSON::Object::Ptr errorOf(const Testing::HttpReply& reply) {
    return Poco::JSON::Parser()
        .parse(reply.body)
        .extract<Poco::JSON::Object::Ptr>()
        ->getObject("error");
}

/// The field and message of the reply's first field error: "name: is not valid UTF-8".
std::string firstFieldError(const Testing::HttpReply& reply) {
    auto fields = errorOf(reply)->getArray("fields");
    if (!fields || fields->size() == 0)
        return "(no fields) " + errorOf(reply)->getValue<std::string>("message");
    auto first = fields->getObject(0);
    return first->getValue<std::string>("field") + ": " + first->getValue<std::string>("message");
}

std::size_t patientCount(Testing::TestServer& server) {
    return server.application().store().patients(server.clinicId()).size();
}

/// A raw urlencoded form post with the client's CSRF token in the body.
Testing::HttpReply postRawForm(Testing::HttpTestClient& client, const std::string& path,
                               const std::string& body) {
    return client.request("POST", path, body + "&csrf=" + client.csrfToken(),
                          "application/x-www-form-urlencoded");
}

/// Whether reply is a JSON error body in valid UTF-8 with the status given.
void expectJsonError(const Testing::HttpReply& reply, int status) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_TRUE(isValidUtf8(reply.body)) << reply.body;
    EXPECT_EQ(reply.header("content-type").rfind("application/json", 0), 0u) << reply.body;
    EXPECT_NO_THROW(errorOf(reply)) << reply.body;
}

} // namespace

TEST(HostileInput, AFormWithBytesThatAreNotUtf8OrNulStoresNothing) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    for (std::string name :
         {"Bad%FF%FEName", "a%00b", "a%C0%AFb", "a%ED%A0%80b", "a%1Bb", "a%0D%0Ab"}) {
        Testing::HttpReply reply =
            postRawForm(client, "/patients", "name=" + name + "&recordNumber=R1&language=en");
        EXPECT_EQ(reply.status, 400) << name;
        EXPECT_TRUE(contains(reply.body, "name")) << name;
        EXPECT_TRUE(isValidUtf8(reply.body)) << name;
    }
    EXPECT_EQ(patientCount(server), 0u);
    // The same bytes in a field name are refused too.
    EXPECT_EQ(postRawForm(client, "/patients", "na%FFme=x&name=A&recordNumber=R1").status, 400);
    EXPECT_EQ(patientCount(server), 0u);
    Testing::HttpReply list = client.get("/api/v1/patients");
    EXPECT_EQ(list.status, 200);
    EXPECT_TRUE(isValidUtf8(list.body));
}

TEST(HostileInput, NamesFollowOneRuleInTheApiAndTheForm) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    const std::vector<std::pair<std::string, std::string>> refused = {
        {R"("Ann\u0000Evil")", "control characters"},
        {R"("Ann\u202eEvil\u202c")", "invisible formatting characters"},
        {R"("Ann\u200dEvil")", "invisible formatting characters"},
        {R"("Ann \ud83d\ude00")", "U+1F600"},
        {R"("\u0710\u0712")", "right-to-left scripts other than Hebrew and Arabic"},
        {R"("\u738b\u82b3")", "none of the handout's fonts"},
        {R"("Ann\nEvil")", "line breaks"}};
    for (const auto& [name, reason] : refused) {
        Testing::HttpReply reply = client.postJson(
            "/api/v1/patients", R"({"name": )" + name + R"(, "recordNumber": "R1"})");
        EXPECT_EQ(reply.status, 400) << name;
        EXPECT_TRUE(contains(firstFieldError(reply), "name: cannot contain")) << reply.body;
        EXPECT_TRUE(contains(firstFieldError(reply), reason)) << reply.body;
        // The portal's form gives the same answer, beside the field.
        std::string decoded = Poco::JSON::Parser()
                                  .parse("[" + name + "]")
                                  .extract<Poco::JSON::Array::Ptr>()
                                  ->getElement<std::string>(0);
        Testing::HttpReply form = client.postForm(
            "/patients", {{"name", decoded}, {"recordNumber", "R1"}, {"language", "en"}});
        EXPECT_EQ(form.status, 400) << name;
    }
    EXPECT_EQ(patientCount(server), 0u);
    // A record number is a name too: CR LF would reach the handout's Content-Disposition.
    Testing::HttpReply crlf = client.postJson(
        "/api/v1/patients", R"({"name": "Ann", "recordNumber": "R1\r\nX-Injected: yes"})");
    EXPECT_EQ(crlf.status, 400);
    EXPECT_TRUE(contains(firstFieldError(crlf), "recordNumber: cannot contain")) << crlf.body;
    EXPECT_EQ(patientCount(server), 0u);
}

TEST(HostileInput, ADecomposedNameIsStoredComposedAndEveryAcceptedNamePrints) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    Testing::HttpReply zoe =
        client.postJson("/api/v1/patients", R"({"name": "Zoe\u0308 Ng", "recordNumber": "R1"})");
    ASSERT_EQ(zoe.status, 201) << zoe.body;
    EXPECT_EQ(server.application().store().patients(server.clinicId()).front().name, "Zoë Ng");
    Testing::HttpReply form = client.postForm(
        "/patients", {{"name", "Nguye\xCC\x82\xCC\x83n Thi\xCC\xA3 Hu\xCC\x9Bo\xCC\x9Bng"},
                      {"recordNumber", "R2"},
                      {"language", "en"}});
    ASSERT_EQ(form.status, 303) << form.body;
    auto patients = server.application().store().patients(server.clinicId());
    ASSERT_EQ(patients.size(), 2u);
    EXPECT_TRUE(std::any_of(patients.begin(), patients.end(),
                            [](const Patient& p) { return p.name == "Nguyễn Thị Hương"; }));
    // Hebrew and Arabic, from the API and the form, with a Latin word and a number inside.
    ASSERT_EQ(client
                  .postJson("/api/v1/patients",
                            R"({"name": "\u05de\u05e8\u05d9\u05dd \u05db\u05d4\u05df 2", )"
                            R"("recordNumber": "R3"})")
                  .status,
              201);
    ASSERT_EQ(
        client
            .postForm("/patients",
                      {{"name", "محمد عبد الله (Mo)"}, {"recordNumber", "R4"}, {"language", "en"}})
            .status,
        303);
    for (int id : {1, 2, 3, 4}) {
        std::string base = "/api/v1/patients/" + std::to_string(id);
        Testing::HttpReply program = client.postJson(base + "/programs", Testing::programJson());
        ASSERT_EQ(program.status, 201) << program.body;
        std::string programId = std::to_string(Poco::JSON::Parser()
                                                   .parse(program.body)
                                                   .extract<Poco::JSON::Object::Ptr>()
                                                   ->getValue<int>("id"));
        Testing::HttpReply handout = client.get("/api/v1/programs/" + programId + "/handout.pdf");
        EXPECT_EQ(handout.status, 200) << handout.body;
        EXPECT_EQ(handout.body.rfind("%PDF", 0), 0u);
        Testing::HttpReply report = client.get(base + "/report.pdf");
        EXPECT_EQ(report.status, 200) << report.body;
    }
}

TEST(HostileInput, JsonNumbersOutOfRangeDuplicateKeysAndEmptyEnumerationsAreRefused) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    ASSERT_EQ(
        client.postJson("/api/v1/patients", R"({"name": "Ann", "recordNumber": "R1"})").status,
        201);
    auto refused = [&](const std::string& path, const std::string& body) {
        Testing::HttpReply reply = client.postJson(path, body);
        expectJsonError(reply, 400);
        return firstFieldError(reply);
    };
    for (const char* reps : {"18446744073709551617", "18446744073709551616", "4294967297", "1e999"})
        EXPECT_TRUE(
            contains(refused("/api/v1/patients/1/programs",
                             Testing::programJson("2026-11-16", "back-flexion-stretch",
                                                  std::string(R"({"reps": )") + reps + "}")),
                     "items[0].dose.reps"))
            << reps;
    EXPECT_EQ(
        refused("/api/v1/patients/1/programs",
                Testing::programJson("2026-11-16", "back-flexion-stretch", R"({"side": ""})")),
        "items[0].dose.side: must not be empty");
    EXPECT_EQ(
        refused("/api/v1/patients", R"({"name": "Ann", "name": "Bob", "recordNumber": "R2"})"),
        "name: appears twice in one object");
    EXPECT_EQ(refused("/api/v1/patients/1/programs",
                      Testing::programJson("2026-11-16", "back-flexion-stretch",
                                           R"({"reps": 5, "reps": 6})")),
              "items[0].dose.reps: appears twice in one object");
    EXPECT_TRUE(server.application().store().programsOfPatient(server.clinicId(), 1).empty());
    EXPECT_EQ(patientCount(server), 1u);
    ASSERT_EQ(client.postJson("/api/v1/patients/1/programs", Testing::programJson()).status, 201);
    for (const char* pain : {"18446744073709551619", "-18446744073709551619", "1e400"})
        EXPECT_TRUE(contains(refused("/api/v1/patients/1/sessions",
                                     std::string(R"({"date": "2026-11-24", "painBefore": )") +
                                         pain + R"(, "entries": []})"),
                             "painBefore"))
            << pain;
}

TEST(HostileInput, SignInGoesOnlyToAPathOnThisSite) {
    Testing::TestServer server;
    auto nextAfterSignIn = [&](const std::string& encodedNext) {
        Testing::HttpTestClient client = server.client();
        Testing::HttpReply reply = client.request(
            "POST", "/login",
            "email=dana%40bayview.example&password=a+long+enough+password&next=" + encodedNext,
            "application/x-www-form-urlencoded");
        EXPECT_EQ(reply.status, 303) << encodedNext << reply.body;
        return reply.header("location");
    };
    EXPECT_EQ(nextAfterSignIn("%2Fpatients%2F1"), "/patients/1");
    for (const char* hostile :
         {"/%09/evil.example", "//evil.example", "/%5Cevil.example", "%5C%5Cevil.example",
          "https://evil.example", "/%0D%0ASet-Cookie:%20injected=1", "/%0Aevil", "/%20/evil",
          "/%E2%80%A8/evil", "/%C2%A0/evil", "evil", ""})
        EXPECT_EQ(nextAfterSignIn(hostile), "/") << hostile;
    // The sign-in form carries only a same-site path into its hidden field.
    Testing::HttpReply form = server.client().get("/login?next=/%09/evil.example");
    EXPECT_EQ(form.status, 200);
    EXPECT_FALSE(contains(form.body, "evil.example"));
}

TEST(HostileInput, FileNamesFollowRfc6266AndNeverCarryHeaders) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    ASSERT_EQ(
        client.postJson("/api/v1/patients", R"({"name": "Ann", "recordNumber": "R\"1 \u00fc;x"})")
            .status,
        201);
    ASSERT_EQ(client.postJson("/api/v1/patients/1/programs", Testing::programJson()).status, 201);
    Testing::HttpReply handout = client.get("/patients/1/handout.pdf");
    ASSERT_EQ(handout.status, 200) << handout.body;
    EXPECT_EQ(handout.header("content-disposition"),
              "inline; filename=\"handout-R_1 _;x.pdf\"; "
              "filename*=UTF-8''handout-R%221%20%C3%BC%3Bx.pdf");
}

TEST(HostileInput, PathIdsAreDigitsOnlyElse404) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    ASSERT_EQ(
        client.postJson("/api/v1/patients", R"({"name": "Ann", "recordNumber": "R1"})").status,
        201);
    EXPECT_EQ(client.get("/api/v1/patients/1").status, 200);
    EXPECT_EQ(client.get("/patients/1").status, 200);
    for (const char* id : {"1%00abc", "%2B1", "+1", "-1", "01", "1.0", "1e0", "%201", "1%20", "0x1",
                           "%EF%BC%91", "99999999999999999999", "0"}) {
        expectJsonError(client.get(std::string("/api/v1/patients/") + id), 404);
        EXPECT_EQ(client.get(std::string("/patients/") + id).status, 404) << id;
    }
}

TEST(HostileInput, EveryApiErrorIsJsonInValidUtf8) {
    Testing::TestServer server;
    Testing::HttpTestClient client = server.signedIn();
    expectJsonError(client.get("/api/v1/patients/%zz"), 400);
    expectJsonError(client.get("/api/v1/exercises?q=%"), 400);
    expectJsonError(client.get("/api/v1/reports/clinic?from=%FF%FE"), 400);
    expectJsonError(client.get("/api/v1/exercises?q=%00"), 400);
    expectJsonError(client.get("/api/v1/nothing/%FF"), 404);
    expectJsonError(client.get("/api/v1/exercises/%C0%AF"), 404);
    expectJsonError(client.postJson("/api/v1/patients", "{\"name\": \"\xFF\"}"), 400);
    // The portal answers malformed addresses with its error page, in valid UTF-8 too.
    Testing::HttpReply page = client.get("/patients?sort=%FF");
    EXPECT_EQ(page.status, 400);
    EXPECT_TRUE(isValidUtf8(page.body));
}

TEST(HostileInput, AHeaderValueWithCrOrLfIsNeverSent) {
    EXPECT_TRUE(isSafeHeaderValue("inline; filename=\"a b.pdf\"\t"));
    for (const std::string& bad :
         {std::string("a\r\nX-Injected: yes"), std::string("a\nb"), std::string("a\rb"),
          std::string("a\0b", 3), std::string("a\x7F")})
        EXPECT_FALSE(isSafeHeaderValue(bad)) << bad;
    WebResponse response = WebResponse::redirect("/patients");
    EXPECT_TRUE(response.headersAreSafe());
    response.headers.emplace_back("Location", "/\r\nSet-Cookie: injected=1");
    EXPECT_FALSE(response.headersAreSafe());
    WebResponse cookie;
    cookie.cookies.push_back({"session", "x\r\ny", std::nullopt});
    EXPECT_FALSE(cookie.headersAreSafe());
}

TEST(HostileInput, ContentDispositionKeepsAnAsciiFallbackAndTheExactName) {
    EXPECT_EQ(contentDisposition("attachment", "clinic-report.csv"),
              "attachment; filename=\"clinic-report.csv\"; filename*=UTF-8''clinic-report.csv");
    EXPECT_EQ(contentDisposition("inline", "handout-Núñez \"x\"\\%.pdf"),
              "inline; filename=\"handout-N__ez _x___.pdf\"; "
              "filename*=UTF-8''handout-N%C3%BA%C3%B1ez%20%22x%22%5C%25.pdf");
    EXPECT_TRUE(isSafeHeaderValue(contentDisposition("inline", "a\r\nb")));
}

TEST(HostileInput, APatientPageRefusesANoteInThePatientsLanguage) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    ASSERT_EQ(therapist
                  .postJson("/api/v1/patients",
                            R"({"name": "José Núñez", "recordNumber": "R1", "language": "es"})")
                  .status,
              201);
    ASSERT_EQ(therapist.postJson("/api/v1/patients/1/programs", Testing::programJson()).status,
              201);
    Application& app = server.application();
    Actor actor{server.clinicId(), 0, Role::Admin, "test", "127.0.0.1"};
    PatientLink link = app.patients().links(actor, 1).front();
    Testing::HttpTestClient phone = server.client();
    ASSERT_EQ(phone.get("/p/" + app.links().tokenOf(link)).status, 303);
    std::string page = phone.get("/p").body;
    const std::string marker = "name=\"csrf\" value=\"";
    std::string csrf = page.substr(page.find(marker) + marker.size());
    csrf = csrf.substr(0, csrf.find('"'));
    Testing::HttpReply emoji = phone.postForm(
        "/p", {{"csrf", csrf}, {"date", "2026-11-24"}, {"note", "me duele \xF0\x9F\x98\x80"}});
    EXPECT_EQ(emoji.status, 400);
    EXPECT_TRUE(contains(emoji.body, "Su nota puede tener hasta 1000 letras")) << emoji.body;
    // Bytes that are not text at all are refused before the page knows the patient: in the
    // browser's language.
    Testing::HttpReply bytes =
        phone.request("POST", "/p", "csrf=" + csrf + "&date=2026-11-24&note=a%FFb",
                      "application/x-www-form-urlencoded", {{"Accept-Language", "es-MX,es;q=0.9"}});
    EXPECT_EQ(bytes.status, 400);
    EXPECT_TRUE(contains(bytes.body, "Parte de lo que envió no se pudo leer")) << bytes.body;
    EXPECT_TRUE(
        app.store()
            .sessions(server.clinicId(), 1, Date::parse("2026-01-01"), Date::parse("2026-12-31"))
            .empty());
}
