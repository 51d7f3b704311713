// Adherence through the portal, the patient's phone and the API: check-in on any day of the
// program, idempotent submissions, the paper log, reports in every format, flag rules, and the
// audit entries each leaves.
#include "TestServer.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

using namespace Limber;
using Testing::contains;

namespace {

std::string fieldOf(const std::string& html, const std::string& name) {
    const std::string marker = "name=\"" + name + "\" value=\"";
    auto at = html.find(marker);
    if (at == std::string::npos)
        return {};
    at += marker.size();
    return html.substr(at, html.find('"', at) - at);
}

Poco::JSON::Object::Ptr json(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

/// A patient of the test clinic with the runner program from Monday 16th (the clock says
/// Wednesday 25th); returns its id.
std::int64_t patientWithProgram(Testing::HttpTestClient& therapist, const std::string& name,
                                const std::string& record,
                                const std::string& firstDose = R"({"holdSeconds": 30})") {
    auto patient =
        json(therapist
                 .postJson("/api/v1/patients",
                           R"({"name": ")" + name + R"(", "recordNumber": ")" + record + R"("})")
                 .body);
    std::int64_t id = patient->getValue<std::int64_t>("id");
    Testing::HttpReply program =
        therapist.postJson("/api/v1/patients/" + std::to_string(id) + "/programs",
                           Testing::programJson("2026-11-16", "back-flexion-stretch", firstDose));
    EXPECT_EQ(program.status, 201) << program.body;
    return id;
}

std::vector<std::string> auditActions(Testing::TestServer& server) {
    std::vector<std::string> actions;
    for (const auto& event :
         server.application().store().auditEvents(server.clinicId(), 0, 2'000'000'000))
        actions.push_back(event.action + " " + event.detail);
    return actions;
}

bool audited(Testing::TestServer& server, const std::string& prefix) {
    for (const auto& action : auditActions(server))
        if (action.rfind(prefix, 0) == 0)
            return true;
    return false;
}

/// The patient's phone, past the link swap, with the page for path.
struct Phone {
    Testing::HttpTestClient client;
    Testing::HttpReply page;
};

Phone phoneOf(Testing::TestServer& server, std::int64_t patientId, const std::string& path) {
    Application& app = server.application();
    Actor actor{server.clinicId(), 0, Role::Admin, "test", "127.0.0.1"};
    PatientLink link = app.patients().links(actor, patientId).front();
    Phone phone{server.client(), {}};
    EXPECT_EQ(phone.client.get("/p/" + app.links().tokenOf(link)).status, 303);
    phone.page = phone.client.get(path);
    return phone;
}

} // namespace

TEST(AdherenceWeb, APatientLogsAPastDayOnceEvenWhenTheFormIsSentTwice) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t id = patientWithProgram(therapist, "José Núñez", "BV-1");
    Phone phone = phoneOf(server, id, "/p?date=2026-11-23");
    ASSERT_EQ(phone.page.status, 200) << phone.page.body;
    EXPECT_TRUE(contains(phone.page.body, "Exercises of Mon 23 Nov"));
    EXPECT_TRUE(contains(phone.page.body, ">Yesterday"));
    std::vector<std::pair<std::string, std::string>> form = {
        {"csrf", fieldOf(phone.page.body, "csrf")},
        {"date", fieldOf(phone.page.body, "date")},
        {"slot", fieldOf(phone.page.body, "slot")},
        {"submission", fieldOf(phone.page.body, "submission")},
        {"done", "back-flexion-stretch:both"},
        {"painBefore", "3"}};
    ASSERT_FALSE(form[3].second.empty()) << "the form carries a submission id";
    Testing::HttpReply first = phone.client.postForm("/p", form);
    Testing::HttpReply tapAgain = phone.client.postForm("/p", form);
    EXPECT_EQ(first.status, 303);
    EXPECT_EQ(tapAgain.status, 303);
    EXPECT_EQ(first.header("location"), "/p?saved=1&date=2026-11-23&slot=1");
    auto sessions = json(therapist.get("/api/v1/patients/" + std::to_string(id) + "/sessions").body)
                        ->getArray("sessions");
    ASSERT_EQ(sessions->size(), 1u);
    EXPECT_EQ(sessions->getObject(0)->getValue<std::string>("date"), "2026-11-23");
    int logs = 0;
    for (const auto& action : auditActions(server))
        logs += action.rfind("session.log", 0) == 0 ? 1 : 0;
    EXPECT_EQ(logs, 1);
    Testing::HttpReply saved = phone.client.get(first.header("location"));
    EXPECT_TRUE(contains(saved.body, "value=\"back-flexion-stretch:both\" checked"));
    EXPECT_TRUE(contains(saved.body, "Saved. Thank you! To change it, pick that day again"));
    EXPECT_FALSE(contains(saved.body, "any time today")) << "a past day is not today";
    EXPECT_TRUE(contains(phone.client.get("/p?saved=1").body,
                         "Saved. Thank you! You can change it any time today."));
}

TEST(AdherenceWeb, TheCheckInPageRefusesFutureDaysAndDaysOutsideTheProgram) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t id = patientWithProgram(therapist, "José Núñez", "BV-1");
    Phone phone = phoneOf(server, id, "/p?date=2026-11-26");
    EXPECT_TRUE(contains(phone.page.body, "That day has not come yet"));
    EXPECT_FALSE(contains(phone.page.body, "name=\"submission\""));
    std::string csrf = fieldOf(phoneOf(server, id, "/p").page.body, "csrf");
    Testing::HttpReply future = phone.client.postForm(
        "/p", {{"csrf", csrf}, {"date", "2026-11-27"}, {"done", "back-flexion-stretch:both"}});
    EXPECT_EQ(future.status, 400);
    Testing::HttpReply before = phone.client.postForm(
        "/p", {{"csrf", csrf}, {"date", "2026-11-10"}, {"done", "back-flexion-stretch:both"}});
    EXPECT_EQ(before.status, 400);
    EXPECT_TRUE(contains(before.body, "That day is outside your program"));
    Testing::HttpReply pain = phone.client.postForm(
        "/p", {{"csrf", csrf}, {"date", "2026-11-24"}, {"painAfter", "11"}, {"note", "ouch"}});
    EXPECT_EQ(pain.status, 400);
    EXPECT_TRUE(contains(pain.body, "ouch")) << "the typed note is kept";
    EXPECT_EQ(json(therapist.get("/api/v1/patients/" + std::to_string(id) + "/sessions").body)
                  ->getArray("sessions")
                  ->size(),
              0u);
}

TEST(AdherenceWeb, ATwiceADayProgramLogsBothSessionsFromThePage) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t id =
        patientWithProgram(therapist, "Mei Tanaka", "BV-2", R"({"sessionsPerDay": 2})");
    Phone phone = phoneOf(server, id, "/p");
    ASSERT_TRUE(contains(phone.page.body, "Session 2")) << phone.page.body;
    for (int slot : {1, 2}) {
        Testing::HttpReply page =
            phone.client.get("/p?date=2026-11-25&slot=" + std::to_string(slot));
        EXPECT_TRUE(contains(page.body, "Save today&apos;s session " + std::to_string(slot)));
        Testing::HttpReply posted =
            phone.client.postForm("/p", {{"csrf", fieldOf(page.body, "csrf")},
                                         {"date", "2026-11-25"},
                                         {"slot", fieldOf(page.body, "slot")},
                                         {"submission", fieldOf(page.body, "submission")},
                                         {"done", "back-flexion-stretch:both"}});
        EXPECT_EQ(posted.status, 303) << posted.body;
    }
    auto adherence =
        json(therapist.get("/api/v1/patients/" + std::to_string(id) + "/adherence").body);
    EXPECT_EQ(adherence->getValue<int>("loggedSessions"), 2);
    EXPECT_EQ(adherence->getValue<int>("doneUnits"), 2);
}

TEST(AdherenceWeb, TheApiRecordsARetriedSessionOnce) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t id = patientWithProgram(therapist, "José Núñez", "BV-1");
    std::string body = R"({"date": "2026-11-24", "painBefore": 2,
        "entries": [{"exercise": "back-flexion-stretch", "done": true}]})";
    std::string path = "/api/v1/patients/" + std::to_string(id) + "/sessions";
    std::map<std::string, std::string> headers = {{"X-CSRF-Token", therapist.csrfToken()},
                                                  {"Idempotency-Key", "ehr-4411"}};
    Testing::HttpReply first = therapist.request("POST", path, body, "application/json", headers);
    Testing::HttpReply retry = therapist.request("POST", path, body, "application/json", headers);
    EXPECT_EQ(first.status, 201);
    EXPECT_EQ(retry.status, 200);
    EXPECT_EQ(json(first.body)->getValue<int>("id"), json(retry.body)->getValue<int>("id"));
    EXPECT_EQ(json(therapist.get(path).body)->getArray("sessions")->size(), 1u);
}

TEST(AdherenceWeb, TheTherapistTypesAPaperWeekAndSeesItMarkedAsPaper) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t id = patientWithProgram(therapist, "Lucía Fernández", "BV-3");
    std::string base = "/patients/" + std::to_string(id);
    Testing::HttpReply form = therapist.get(base + "/paper-log?week=2026-11-16");
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_TRUE(contains(form.body, "Week 1: 16 Nov to 22 Nov 2026"));
    Testing::HttpReply wrong =
        therapist.postForm(base + "/paper-log", {{"csrf", fieldOf(form.body, "csrf")},
                                                 {"weekStart", "2026-11-16"},
                                                 {"day0", "1"},
                                                 {"pain", "12"},
                                                 {"note", "from the fridge door"}});
    EXPECT_EQ(wrong.status, 400);
    EXPECT_TRUE(contains(wrong.body, "from the fridge door"));
    EXPECT_TRUE(contains(wrong.body, "Nothing was saved"));
    Testing::HttpReply saved =
        therapist.postForm(base + "/paper-log", {{"csrf", fieldOf(form.body, "csrf")},
                                                 {"weekStart", "2026-11-16"},
                                                 {"day0", "1"},
                                                 {"day2", "1"},
                                                 {"day3", "1"},
                                                 {"pain", "4"}});
    ASSERT_EQ(saved.status, 303) << saved.body;
    EXPECT_EQ(saved.header("location"),
              base + "/paper-log?week=2026-11-23&saved=2026-11-16&logged=3&kept=0");
    EXPECT_TRUE(contains(therapist.get(saved.header("location")).body, "Week 1 saved"));
    auto sessions = json(therapist.get("/api/v1" + base + "/sessions").body)->getArray("sessions");
    ASSERT_EQ(sessions->size(), 3u);
    EXPECT_EQ(sessions->getObject(0)->getValue<std::string>("source"), "paper");
    EXPECT_TRUE(audited(server, "session.paper week of 2026-11-16: 3 logged"));

    Testing::HttpReply api = therapist.postJson(
        "/api/v1" + base + "/paper-log",
        R"({"weekStart": "2026-11-23", "days": [1, 1, 1, 0, 0, 0, 0], "pain": 3})");
    EXPECT_EQ(api.status, 200) << api.body;
    EXPECT_EQ(json(api.body)->getValue<int>("logged"), 3);
    Testing::HttpReply future = therapist.postJson(
        "/api/v1" + base + "/paper-log", R"({"weekStart": "2026-11-23", "days": [0, 0, 0, 1]})");
    EXPECT_EQ(future.status, 400);
    EXPECT_TRUE(contains(future.body, "\"days\"")) << future.body;
}

TEST(AdherenceWeb, ReportsComeAsPagesPdfsCsvAndJsonAndEachIsAudited) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    std::int64_t id = patientWithProgram(therapist, "=cmd|' /C calc'!A0", "BV-9");
    therapist.postJson("/api/v1/patients/" + std::to_string(id) + "/sessions",
                       R"({"date": "2026-11-24", "painBefore": 9,
                           "entries": [{"exercise": "back-flexion-stretch", "done": true}]})");
    std::string base = "/patients/" + std::to_string(id);

    Testing::HttpReply page = therapist.get(base + "/report");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(contains(page.body, "Adherence report: <bdi>=cmd|"));
    EXPECT_FALSE(contains(page.body, "=cmd|' /C")) << "the quote is escaped in HTML";
    EXPECT_TRUE(contains(page.body, "High pain:</strong> Pain 9 of 10 on 24 Nov 2026"));
    EXPECT_TRUE(contains(page.body, "<svg"));
    EXPECT_TRUE(audited(server, "report.view html 2026-11-16 to 2026-11-25"));

    Testing::HttpReply pdf = therapist.get(base + "/report.pdf?from=2026-11-16&to=2026-11-22");
    EXPECT_EQ(pdf.header("content-type"), "application/pdf");
    EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
    EXPECT_TRUE(audited(server, "report.export pdf 2026-11-16 to 2026-11-22"));
    EXPECT_EQ(therapist.get(base + "/report?from=2026-11-20&to=2026-11-01").status, 400);
    EXPECT_EQ(therapist.get(base + "/report.pdf?paper=legal").status, 400);

    Testing::HttpReply clinic = therapist.get("/reports/clinic?sort=adherence&order=desc");
    ASSERT_EQ(clinic.status, 200);
    EXPECT_TRUE(contains(clinic.body, "aria-sort=\"descending\""));
    EXPECT_TRUE(contains(clinic.body, "Follow-up list"));
    EXPECT_EQ(therapist.get("/reports/clinic?sort=name%20desc").status, 400);
    EXPECT_EQ(therapist.get("/reports/clinic?order=up").status, 400);

    Testing::HttpReply csv = therapist.get("/reports/clinic.csv?from=2026-11-01&to=2026-11-25");
    EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
    EXPECT_TRUE(contains(csv.body, "\"'=cmd|' /C calc'!A0\",\"BV-9\""));
    EXPECT_TRUE(audited(server, "report.clinic exported as csv, 2026-11-01 to 2026-11-25"));
    EXPECT_EQ(therapist.get("/reports/clinic.pdf").body.substr(0, 5), "%PDF-");

    auto report = json(therapist.get("/api/v1/reports/clinic").body);
    EXPECT_EQ(report->getValue<int>("patients"), 1);
    auto line = report->getArray("caseload")->getObject(0);
    EXPECT_EQ(line->getArray("flags")->getObject(0)->getValue<std::string>("kind"), "high-pain");
    auto adherence = json(therapist.get("/api/v1" + base + "/adherence").body);
    EXPECT_EQ(adherence->getArray("flags")->getObject(0)->getValue<std::string>("kind"),
              "high-pain");
    EXPECT_EQ(adherence->getArray("weeks")->size(), 2u);
}

TEST(AdherenceWeb, TheDashboardShowsWhoNeedsAttentionFirstWithTheReason) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    patientWithProgram(therapist, "Ana Quiet", "BV-1");
    Testing::HttpReply page = therapist.get("/patients");
    ASSERT_EQ(page.status, 200);
    auto attention = page.body.find("Needs attention <span class=\"count\">1</span>");
    auto rest = page.body.find("Everyone else");
    ASSERT_NE(attention, std::string::npos) << page.body;
    EXPECT_EQ(rest, std::string::npos) << "Ana is the only patient, and she needs attention";
    EXPECT_TRUE(contains(page.body, "<span class=\"chip chip-no-session\">No sessions</span>"));
    EXPECT_TRUE(contains(page.body, "No session since the program started 9 days ago"));
}

TEST(AdherenceWeb, OnlyAClinicAdminChangesTheFlagRules) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    EXPECT_EQ(therapist.get("/admin/flags").status, 403);
    server.application().accounts().createUser(server.clinicId(), "olga@bayview.example",
                                               "Olga Admin", Role::Admin, "admin password A");
    Testing::HttpTestClient admin = server.client();
    admin.signIn("olga@bayview.example", "admin password A");
    Testing::HttpReply form = admin.get("/admin/flags");
    ASSERT_EQ(form.status, 200);
    EXPECT_TRUE(contains(form.body, "value=\"80\""));
    Testing::HttpReply bad = admin.postForm("/admin/flags", {{"csrf", admin.csrfToken()},
                                                             {"thresholdPercent", "150"},
                                                             {"windowDays", "14"},
                                                             {"quietDays", "7"},
                                                             {"painHigh", "8"},
                                                             {"painRise", "2"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(contains(bad.body, "must be between 10 and 100% (got 150)"));
    EXPECT_TRUE(contains(bad.body, "id=\"thresholdPercent\" name=\"thresholdPercent\" "
                                   "inputmode=\"numeric\" value=\"150\" aria-invalid=\"true\""));
    Testing::HttpReply saved = admin.postForm("/admin/flags", {{"csrf", admin.csrfToken()},
                                                               {"thresholdPercent", "90"},
                                                               {"windowDays", "14"},
                                                               {"quietDays", "5"},
                                                               {"painHigh", "7"},
                                                               {"painRise", "2"}});
    EXPECT_EQ(saved.status, 303);
    EXPECT_EQ(server.application().store().flagRules(server.clinicId()).quietDays, 5);
    EXPECT_TRUE(audited(server, "flag-rules.change"));
}

TEST(AdherenceWeb, AClinicReportPageShowsAHundredPatientsAndLinksToTheRest) {
    Testing::TestServer server;
    Application& app = server.application();
    Actor dana{server.clinicId(), 1, Role::Therapist, "Dana"};
    for (int i = 0; i < 205; ++i) {
        char record[16];
        std::snprintf(record, sizeof record, "R%03d", i);
        Patient patient =
            app.patients().create(dana, {std::string("Patient ") + record, "", record, "en"});
        Prescription p;
        p.title = "Back care";
        p.startDate = Date::parse("2026-11-16");
        p.endDate = Date::parse("2026-12-31");
        p.items.push_back({"tree-pose", app.catalog().defaultDose("tree-pose").value(), ""});
        app.programs().create(dana, patient.id, p);
    }
    Testing::HttpTestClient therapist = server.signedIn();
    Testing::HttpReply first = therapist.get("/reports/clinic?sort=record");
    ASSERT_EQ(first.status, 200);
    EXPECT_TRUE(contains(first.body, "Patients 1 to 100 of 205"));
    EXPECT_TRUE(contains(first.body, ">R099<"));
    EXPECT_FALSE(contains(first.body, ">R100<"));
    EXPECT_TRUE(contains(first.body, "Page 1 of 3"));
    EXPECT_TRUE(contains(first.body, "&amp;page=2\" rel=\"next\""));
    EXPECT_TRUE(contains(first.body, "href=\"/reports/clinic.csv?"));

    Testing::HttpReply third = therapist.get("/reports/clinic?sort=record&page=3");
    EXPECT_TRUE(contains(third.body, "Patients 201 to 205 of 205"));
    EXPECT_TRUE(contains(third.body, ">R204<"));
    EXPECT_FALSE(contains(third.body, ">R199<"));
    Testing::HttpReply all = therapist.get("/reports/clinic?sort=record&page=all");
    EXPECT_TRUE(contains(all.body, ">R000<"));
    EXPECT_TRUE(contains(all.body, ">R204<"));
    EXPECT_TRUE(contains(all.body, "All 205 patients"));
    EXPECT_EQ(therapist.get("/reports/clinic?page=4").status, 400);
    EXPECT_EQ(therapist.get("/reports/clinic?page=0").status, 400);
}

namespace {

void logSession(Testing::HttpTestClient& therapist, std::int64_t patientId,
                const std::string& date) {
    std::string body = R"({"date": ")" + date + R"(",
        "entries": [{"exercise": "back-flexion-stretch", "done": true}]})";
    Testing::HttpReply reply =
        therapist.request("POST", "/api/v1/patients/" + std::to_string(patientId) + "/sessions",
                          body, "application/json", {{"X-CSRF-Token", therapist.csrfToken()}});
    EXPECT_EQ(reply.status, 201) << reply.body;
}

/// The table row of the patient named name on a page, from the name to the row's end.
std::string rowOf(const std::string& page, const std::string& name) {
    auto at = page.find(">" + name + "</bdi></a>");
    if (at == std::string::npos)
        return {};
    return page.substr(at, page.find("</tr>", at) - at);
}

} // namespace

TEST(AdherenceWeb, APatientShowsTheSameFigureForTheSamePeriodEverywhere) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    // The program started on the 16th, within the last 14 days: "since the start" and "the
    // last 14 days" are the same days, so every place must show the same percentage.
    std::int64_t zoe = patientWithProgram(therapist, "Zoë Adler", "BV-1");
    for (const char* day : {"2026-11-16", "2026-11-18", "2026-11-20", "2026-11-24"})
        logSession(therapist, zoe, day);

    Testing::HttpReply dashboard = therapist.get("/patients");
    ASSERT_EQ(dashboard.status, 200);
    std::string dashboardRow = rowOf(dashboard.body, "Zoë Adler");
    const std::string flagStart = "Low adherence</span> ";
    auto flagAt = dashboardRow.find(flagStart);
    ASSERT_NE(flagAt, std::string::npos) << dashboardRow;
    std::string percent =
        dashboardRow.substr(flagAt + flagStart.size(),
                            dashboardRow.find('%', flagAt) - (flagAt + flagStart.size()) + 1);
    ASSERT_LE(percent.size(), 3u) << percent;
    EXPECT_TRUE(contains(dashboardRow, percent + " of prescribed days over the last 14 days"));
    EXPECT_TRUE(contains(dashboardRow, "<span class=\"flag\">" + percent + "<span"))
        << "the column shows the flag's figure: " << dashboardRow;
    EXPECT_TRUE(contains(dashboard.body, "Days done, last 14 days")) << "the period is labelled";

    std::string report = therapist.get("/reports/clinic").body;
    std::string followUpRow = rowOf(report, "Zoë Adler");
    EXPECT_TRUE(contains(followUpRow, percent + " of prescribed days over the last 14 days"))
        << followUpRow;
    std::string caseloadRow = rowOf(report.substr(report.find("caseload-title")), "Zoë Adler");
    EXPECT_TRUE(contains(caseloadRow, "<span class=\"flag\">" + percent + "</span>"))
        << "the clinic report's default period is the flags' period: " << caseloadRow;

    std::string page = therapist.get("/patients/" + std::to_string(zoe)).body;
    EXPECT_TRUE(contains(page, "Since the start: 16 Nov 2026 to 24 Nov 2026"));
    EXPECT_TRUE(contains(page, "<dt>Days done</dt><dd>" + percent + "</dd>")) << page;
    EXPECT_TRUE(contains(page, percent + " of prescribed days over the last 14 days"));

    // A program older than the period: the dashboard, the flag and the clinic report all
    // measure the same last 14 days (the flag used to count one more day back, the report 28).
    auto amara =
        json(therapist
                 .postJson("/api/v1/patients", R"({"name": "Amara Osei", "recordNumber": "BV-3"})")
                 .body)
            ->getValue<std::int64_t>("id");
    ASSERT_EQ(therapist
                  .postJson("/api/v1/patients/" + std::to_string(amara) + "/programs",
                            Testing::programJson("2026-11-01"))
                  .status,
              201);
    for (const char* day : {"2026-11-05", "2026-11-11", "2026-11-20"})
        logSession(therapist, amara, day);
    std::string amaraRow = rowOf(therapist.get("/patients").body, "Amara Osei");
    EXPECT_TRUE(contains(amaraRow, "8% of prescribed days over the last 14 days (below 80%): 1 of "
                                   "13 prescribed days"))
        << amaraRow;
    EXPECT_TRUE(contains(amaraRow, "<span class=\"flag\">8%<span")) << amaraRow;
    std::string amaraReport = therapist.get("/reports/clinic").body;
    EXPECT_TRUE(
        contains(rowOf(amaraReport.substr(amaraReport.find("caseload-title")), "Amara Osei"),
                 "<span class=\"flag\">8%</span>"));

    // The API gives the same figure for the same period.
    Testing::HttpReply api =
        therapist.get("/api/v1/patients/" + std::to_string(zoe) + "/adherence");
    ASSERT_EQ(api.status, 200) << api.body;
    double frequency = json(api.body)->getValue<double>("frequency");
    EXPECT_EQ(std::to_string(std::lround(frequency * 100)) + "%", percent) << api.body;
}

TEST(AdherenceWeb, NoPercentageIsShownBeforeAPrescribedDayHasEnded) {
    Testing::TestServer server;
    Testing::HttpTestClient therapist = server.signedIn();
    auto created = json(
        therapist.postJson("/api/v1/patients", R"({"name": "Ines Nueva", "recordNumber": "BV-2"})")
            .body);
    std::int64_t id = created->getValue<std::int64_t>("id");
    ASSERT_EQ(therapist
                  .postJson("/api/v1/patients/" + std::to_string(id) + "/programs",
                            Testing::programJson("2026-11-25")) // today
                  .status,
              201);
    for (bool loggedToday : {false, true}) {
        if (loggedToday)
            logSession(therapist, id, "2026-11-25");
        std::string row = rowOf(therapist.get("/patients").body, "Ines Nueva");
        ASSERT_FALSE(row.empty());
        EXPECT_FALSE(contains(row, "%")) << "logged today: " << loggedToday << "\n" << row;
        EXPECT_FALSE(contains(row, "Low adherence"));
        std::string page = therapist.get("/patients/" + std::to_string(id)).body;
        EXPECT_TRUE(contains(page, "<dt>Days done</dt><dd>\u2013</dd>")) << loggedToday;
        EXPECT_TRUE(contains(page, "Percentages appear once the first prescribed day has ended."));
        if (loggedToday) {
            EXPECT_TRUE(contains(page, "1 session, newest first")) << "not \"1 sessions\"";
        }
        EXPECT_FALSE(contains(rowOf(therapist.get("/reports/clinic").body, "Ines Nueva"), "%"));
    }
}
