// A patient's earlier episodes of care: listed on the patient page, each opened read-only, in
// the JSON API; and the patient report of a discharged patient saying so.
#include "TestServer.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <limits>

using namespace Limber;
using Testing::contains;
using Testing::csrfOf;

namespace {

Poco::JSON::Object::Ptr json(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

/// The instant of hour:00 UTC on day.
std::int64_t instantOf(const std::string& day, int hour) {
    return static_cast<std::int64_t>(Date::parse(day).daysSinceEpoch()) * 86400 + hour * 3600;
}

/// Sets the server's clock to hour:00 UTC on day (today is that day).
void setClock(Testing::TestServer& server, const std::string& day, int hour = 9) {
    server.clock().followZone(TimeZone::utc());
    server.clock().setNowSeconds(instantOf(day, hour));
}

std::string signInWithForm(Testing::HttpTestClient& browser) {
    Testing::HttpReply reply =
        browser.postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                    {"password", Testing::TestServer::PASSWORD},
                                    {"next", "/patients"}});
    EXPECT_EQ(reply.status, 303);
    return csrfOf(browser.get("/patients").body);
}

std::int64_t createPatient(Testing::HttpTestClient& api, const std::string& name,
                           const std::string& record) {
    Testing::HttpReply created = api.postJson(
        "/api/v1/patients", R"({"name": ")" + name + R"(", "recordNumber": ")" + record + R"("})");
    EXPECT_EQ(created.status, 201) << created.body;
    return json(created.body)->getValue<std::int64_t>("id");
}

std::int64_t createProgram(Testing::HttpTestClient& api, std::int64_t patient,
                           const std::string& body) {
    Testing::HttpReply created =
        api.postJson("/api/v1/patients/" + std::to_string(patient) + "/programs", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return json(created.body)->getValue<std::int64_t>("id");
}

void logSession(Testing::HttpTestClient& api, std::int64_t patient, const std::string& date,
                const std::string& note) {
    Testing::HttpReply logged =
        api.postJson("/api/v1/patients/" + std::to_string(patient) + "/sessions",
                     R"({"date": ")" + date + R"(", "painBefore": 3, "note": ")" + note +
                         R"(", "entries": [{"exercise": "back-flexion-stretch", "done": true}]})");
    EXPECT_EQ(logged.status, 201) << logged.body;
}

std::vector<std::string> auditOf(Testing::TestServer& server, const std::string& action) {
    std::vector<std::string> details;
    for (const auto& event : server.application().store().auditEvents(
             server.clinicId(), 0, std::numeric_limits<std::int64_t>::max()))
        if (event.action == action)
            details.push_back(event.detail);
    return details;
}

/// The text of a PDF, through pdftotext.
std::string pdfText(const std::string& pdf) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("r.pdf"), pdf);
    return Testing::runProcess("pdftotext", {dir.file("r.pdf"), "-"}).out;
}

} // namespace

TEST(EarlierEpisodes, ThePatientPageListsEarlierEpisodesAndOpensEachReadOnly) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    Testing::HttpTestClient api = server.signedIn();

    // Episode 1, from 16 Nov: a program revised once (hold 30 s, then 45 s) and two
    // sessions; discharged on 20 Nov, re-admitted on 27 Nov with a new program.
    setClock(server, "2026-11-16");
    std::int64_t ana = createPatient(api, "Ana Ortega", "BV-7");
    const std::string page = "/patients/" + std::to_string(ana);
    std::int64_t first = createProgram(api, ana, Testing::programJson("2026-11-16"));
    setClock(server, "2026-11-18");
    logSession(api, ana, "2026-11-17", "Stiff in the morning");
    Testing::HttpReply revised = api.postJson(
        "/api/v1/programs/" + std::to_string(first) + "/versions",
        Testing::programJson("2026-11-16", "back-flexion-stretch", R"({"holdSeconds": 45})"));
    ASSERT_EQ(revised.status, 201) << revised.body;
    logSession(api, ana, "2026-11-18", "Easier today");
    EXPECT_FALSE(contains(browser.get(page).body, "Earlier episodes")) << "only one episode yet";
    setClock(server, "2026-11-20", 15);
    ASSERT_EQ(browser.postForm(page + "/discharge", {{"csrf", csrf}}).status, 303);
    setClock(server, "2026-11-27");
    ASSERT_EQ(browser.postForm(page + "/readmit", {{"csrf", csrf}}).status, 303);
    std::string second = Testing::programJson("2026-11-27");
    second.replace(second.find("Runner's back care"), 18, "Knee after the fall");
    createProgram(api, ana, second);

    // The patient page: the current program, and episode 1 with its dates and its program.
    Testing::HttpReply current = browser.get(page);
    ASSERT_EQ(current.status, 200);
    EXPECT_TRUE(contains(current.body, "Knee after the fall"));
    EXPECT_TRUE(contains(current.body, "Earlier episodes"));
    EXPECT_TRUE(contains(current.body, "<a href=\"" + page + "/episodes/1\">Episode 1</a>"))
        << current.body;
    EXPECT_TRUE(contains(current.body, "<td class=\"nowrap\">16 Nov 2026</td><td "
                                       "class=\"nowrap\">20 Nov 2026</td>"));
    // Three versions: the first, the revision of the 18th, and the end the discharge set.
    EXPECT_TRUE(contains(current.body,
                         "<bdi>Runner&apos;s back care</bdi> <span class=\"muted small\">· 16 "
                         "Nov 2026 to 20 Nov 2026 · 3 versions</span>"))
        << current.body;
    EXPECT_FALSE(contains(current.body, page + "/episodes/2")) << "the current episode";

    // Episode 1 opened: both versions with their doses, the sessions, the figures; nothing to
    // change and no check-in link.
    Testing::HttpReply episode = browser.get(page + "/episodes/1");
    ASSERT_EQ(episode.status, 200);
    const std::string& body = episode.body;
    EXPECT_TRUE(contains(body, "Ana Ortega: episode 1"));
    EXPECT_TRUE(contains(body, "admitted 16 Nov 2026 · discharged 20 Nov 2026"));
    EXPECT_TRUE(contains(body, "The patient is now in episode 2"));
    EXPECT_TRUE(contains(body, "Runner&apos;s back care"));
    EXPECT_FALSE(contains(body, "Knee after the fall")) << "the current episode's program";
    EXPECT_TRUE(contains(body, "<strong>Version 3</strong> <span class=\"badge\">last</span>"));
    EXPECT_TRUE(contains(body, "<strong>Version 2</strong>"));
    EXPECT_TRUE(contains(body, "<strong>Version 1</strong>"));
    EXPECT_TRUE(contains(body, "Hold 45 s")) << "the later versions' dose";
    EXPECT_TRUE(contains(body, "Hold 30 s")) << "version 1's dose";
    EXPECT_LT(body.find("Hold 45 s"), body.find("Hold 30 s")) << "newest version first";
    EXPECT_TRUE(contains(body, "Stiff in the morning"));
    EXPECT_TRUE(contains(body, "Easier today"));
    EXPECT_LT(body.find("Easier today"), body.find("Stiff in the morning")) << "newest first";
    EXPECT_TRUE(contains(body, "2 sessions, newest first"));
    EXPECT_TRUE(contains(body, "<dt>Sessions logged</dt><dd>2</dd>"));
    EXPECT_TRUE(contains(body, "16 Nov 2026 to 20 Nov 2026"));
    EXPECT_FALSE(contains(body, "action=\"/patients/")) << "no form changes anything";
    EXPECT_FALSE(contains(body, "/program\"")) << "no link to the builder";
    EXPECT_FALSE(contains(body, "/p/")) << "no check-in link";
    EXPECT_FALSE(contains(body, "handout.pdf")) << "no handout of the current program";
    EXPECT_EQ(auditOf(server, "patient.episode.view"),
              std::vector<std::string>{"episode 1, 1 programs, 2 sessions"});

    // Only earlier episodes open; anything else is not found.
    for (const std::string other : {"2", "3", "0", "01", "x", "99999999999999999999"})
        EXPECT_EQ(browser.get(page + "/episodes/" + other).status, 404) << other;
    EXPECT_EQ(browser.get("/patients/999999/episodes/1").status, 404);
    EXPECT_EQ(auditOf(server, "patient.episode.view").size(), 1u) << "a miss is not a view";

    // A second discharge and re-admission: two earlier episodes, the newest first.
    setClock(server, "2026-12-01");
    ASSERT_EQ(browser.postForm(page + "/discharge", {{"csrf", csrf}}).status, 303);
    setClock(server, "2026-12-03");
    ASSERT_EQ(browser.postForm(page + "/readmit", {{"csrf", csrf}}).status, 303);
    current = browser.get(page);
    std::size_t two = current.body.find("<a href=\"" + page + "/episodes/2\">Episode 2</a>");
    std::size_t one = current.body.find("<a href=\"" + page + "/episodes/1\">Episode 1</a>");
    ASSERT_NE(two, std::string::npos);
    ASSERT_NE(one, std::string::npos);
    EXPECT_LT(two, one);
    EXPECT_TRUE(contains(current.body, "<td class=\"nowrap\">27 Nov 2026</td><td "
                                       "class=\"nowrap\">1 Dec 2026</td>"));
    EXPECT_TRUE(contains(current.body,
                         "<bdi>Knee after the fall</bdi> <span class=\"muted small\">· 27 Nov "
                         "2026 to 1 Dec 2026 · 2 versions</span>"))
        << "its discharge ended it with a second version";
    episode = browser.get(page + "/episodes/2");
    EXPECT_EQ(episode.status, 200);
    EXPECT_TRUE(contains(episode.body, "Knee after the fall"));
    EXPECT_TRUE(contains(episode.body, "No sessions were logged for this program."));
    EXPECT_FALSE(contains(episode.body, "Stiff in the morning")) << "episode 1's session";

    // The JSON API's patient: the same episodes, oldest first, with their programs.
    Testing::HttpReply answer = api.get("/api/v1/patients/" + std::to_string(ana));
    ASSERT_EQ(answer.status, 200);
    auto episodes = json(answer.body)->getArray("earlierEpisodes");
    ASSERT_TRUE(episodes);
    ASSERT_EQ(episodes->size(), 2u);
    auto episodeOne = episodes->getObject(0);
    EXPECT_EQ(episodeOne->getValue<int>("episode"), 1);
    EXPECT_EQ(episodeOne->getValue<std::string>("admittedAt"), "2026-11-16T09:00:00Z");
    EXPECT_EQ(episodeOne->getValue<std::string>("dischargedAt"), "2026-11-20T15:00:00Z");
    auto programs = episodeOne->getArray("programs");
    ASSERT_EQ(programs->size(), 1u);
    EXPECT_EQ(programs->getObject(0)->getValue<std::int64_t>("id"), first);
    EXPECT_EQ(programs->getObject(0)->getValue<std::string>("title"), "Runner's back care");
    EXPECT_EQ(programs->getObject(0)->getValue<std::string>("startDate"), "2026-11-16");
    EXPECT_EQ(programs->getObject(0)->getValue<std::string>("endDate"), "2026-11-20");
    EXPECT_EQ(programs->getObject(0)->getValue<int>("versions"), 3);
    EXPECT_EQ(episodes->getObject(1)->getValue<int>("episode"), 2);
    EXPECT_EQ(episodes->getObject(1)->getValue<std::string>("admittedAt"), "2026-11-27T09:00:00Z");
    auto schemas = json(server.client().get("/api/v1/openapi.json").body)
                       ->getObject("components")
                       ->getObject("schemas");
    EXPECT_TRUE(schemas->getObject("Patient")->getObject("properties")->has("earlierEpisodes"));
    EXPECT_TRUE(schemas->has("EarlierEpisode"));
}

TEST(EarlierEpisodes, AnotherClinicOpensNoEpisode) {
    Testing::TestServer server;
    Testing::HttpTestClient api = server.signedIn();
    std::int64_t ana = createPatient(api, "Ana Ortega", "BV-7");
    ASSERT_EQ(api.postJson("/api/v1/patients/" + std::to_string(ana) + "/discharge", "{}").status,
              200);
    ASSERT_EQ(api.postJson("/api/v1/patients/" + std::to_string(ana) + "/readmit", "{}").status,
              200);
    const std::string path = "/patients/" + std::to_string(ana) + "/episodes/1";
    Testing::HttpTestClient browser = server.client();
    signInWithForm(browser);
    Testing::HttpReply own = browser.get(path);
    EXPECT_EQ(own.status, 200);
    EXPECT_TRUE(contains(own.body, "No program was built in this episode."));

    Application& app = server.application();
    std::int64_t elsewhere = app.accounts().createClinic({0, "Elsewhere PT", "", ""});
    app.accounts().createUser(elsewhere, "tom@elsewhere.example", "Tom", Role::Therapist,
                              "therapist password B");
    Testing::HttpTestClient foreign = server.client();
    foreign.signIn("tom@elsewhere.example", "therapist password B");
    EXPECT_EQ(foreign.get(path).status, 404);
    Testing::HttpReply anonymous = server.client().get(path);
    EXPECT_EQ(anonymous.status, 303);
    EXPECT_EQ(anonymous.header("location").rfind("/login", 0), 0u);
    EXPECT_EQ(auditOf(server, "patient.episode.view"),
              std::vector<std::string>{"episode 1, 0 programs, 0 sessions"});
}

TEST(EarlierEpisodes, ThePatientReportOfADischargedPatientSaysSoOnThePageAndInThePdf) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    Testing::HttpTestClient api = server.signedIn();
    setClock(server, "2026-11-16");
    std::int64_t ana = createPatient(api, "Ana Ortega", "BV-7");
    createProgram(api, ana, Testing::programJson("2026-11-16"));
    const std::string page = "/patients/" + std::to_string(ana);

    // In care, 10 days without a session: flagged, and nothing says discharged.
    setClock(server, "2026-11-26");
    Testing::HttpReply report = browser.get(page + "/report");
    ASSERT_EQ(report.status, 200);
    EXPECT_FALSE(contains(report.body, "Discharged on"));
    EXPECT_TRUE(contains(report.body, "Needs attention"));
    std::string text = pdfText(browser.get(page + "/report.pdf").body);
    EXPECT_TRUE(contains(text, "Adherence report")) << text;
    EXPECT_FALSE(contains(text, "Discharged on"));

    // Discharged late on the 26th: the report says so in the one date style, flags no more.
    setClock(server, "2026-11-26", 22);
    ASSERT_EQ(browser.postForm(page + "/discharge", {{"csrf", csrf}}).status, 303);
    setClock(server, "2026-11-30");
    report = browser.get(page + "/report");
    ASSERT_EQ(report.status, 200);
    EXPECT_TRUE(contains(report.body, ">Discharged on 26 Nov 2026</p>")) << report.body;
    EXPECT_FALSE(contains(report.body, "Needs attention")) << "a discharged patient is not flagged";
    for (const std::string paper : {"letter", "a4"}) {
        text = pdfText(browser.get(page + "/report.pdf?paper=" + paper).body);
        EXPECT_TRUE(contains(text, "Discharged on 26 Nov 2026")) << paper << "\n" << text;
        EXPECT_FALSE(contains(text, "Needs attention")) << paper;
    }
    // The clinic report writes the same words.
    EXPECT_TRUE(contains(browser.get("/reports/clinic").body, "Discharged on 26 Nov 2026"));

    // Re-admitted with a new program: the report is of the new episode, in care.
    setClock(server, "2026-12-01");
    ASSERT_EQ(browser.postForm(page + "/readmit", {{"csrf", csrf}}).status, 303);
    createProgram(api, ana, Testing::programJson("2026-12-01"));
    report = browser.get(page + "/report");
    ASSERT_EQ(report.status, 200);
    EXPECT_FALSE(contains(report.body, "Discharged on"));
    EXPECT_FALSE(contains(pdfText(browser.get(page + "/report.pdf").body), "Discharged on"));
}
