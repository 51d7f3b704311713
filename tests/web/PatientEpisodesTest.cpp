// Editing, discharging and re-admitting a patient, in the portal (as a browser without
// JavaScript) and through the JSON API.
#include "TestServer.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

using namespace Limber;
using Testing::contains;
using Testing::csrfOf;

namespace {

Poco::JSON::Object::Ptr json(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string signInWithForm(Testing::HttpTestClient& browser) {
    Testing::HttpReply reply =
        browser.postForm("/login", {{"email", Testing::TestServer::EMAIL},
                                    {"password", Testing::TestServer::PASSWORD},
                                    {"next", "/patients"}});
    EXPECT_EQ(reply.status, 303);
    return csrfOf(browser.get("/patients").body);
}

/// A patient with the runner program from Monday 16th (the clock says Wednesday 25th) and
/// no session logged, so the low adherence flag is up; returns its id.
std::int64_t patientWithProgram(Testing::HttpTestClient& api, const std::string& name,
                                const std::string& record) {
    auto patient =
        json(api.postJson("/api/v1/patients",
                          R"({"name": ")" + name + R"(", "recordNumber": ")" + record + R"("})")
                 .body);
    std::int64_t id = patient->getValue<std::int64_t>("id");
    EXPECT_EQ(api.postJson("/api/v1/patients/" + std::to_string(id) + "/programs",
                           Testing::programJson("2026-11-16"))
                  .status,
              201);
    return id;
}

std::vector<std::string> auditOf(Testing::TestServer& server, const std::string& action) {
    std::vector<std::string> details;
    for (const auto& event :
         server.application().store().auditEvents(server.clinicId(), 0, 2'000'000'000))
        if (event.action == action)
            details.push_back(event.detail);
    return details;
}

} // namespace

TEST(PatientEpisodes, ThePortalEditsAPatientAndKeepsTheOldValuesInTheAuditTrail) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    Testing::HttpReply created = browser.postForm("/patients", {{"csrf", csrf},
                                                                {"name", "Jose Nunez"},
                                                                {"recordNumber", "BV-1"},
                                                                {"birthDate", "1956-03-14"},
                                                                {"phone", "555 010 2030"},
                                                                {"email", ""}});
    ASSERT_EQ(created.status, 303) << created.body;
    const std::string path = created.header("location");
    Testing::HttpReply page = browser.get(path);
    EXPECT_TRUE(contains(page.body, "Born 1956-03-14 · Phone 555 010 2030"));
    EXPECT_TRUE(contains(page.body, "href=\"" + path + "/edit\""));

    Testing::HttpReply form = browser.get(path + "/edit");
    EXPECT_EQ(form.status, 200);
    EXPECT_TRUE(contains(form.body, "value=\"Jose Nunez\""));
    EXPECT_TRUE(contains(form.body, "value=\"1956-03-14\""));
    EXPECT_TRUE(contains(form.body, "action=\"" + path + "/edit\""));

    // A wrong field is named, what was typed is kept, nothing is saved.
    Testing::HttpReply invalid = browser.postForm(path + "/edit", {{"csrf", csrf},
                                                                   {"name", "José Núñez"},
                                                                   {"recordNumber", "BV-1"},
                                                                   {"birthDate", "1956-02-30"},
                                                                   {"phone", "555 010 2030"},
                                                                   {"email", "jose@"}});
    EXPECT_EQ(invalid.status, 400);
    EXPECT_TRUE(contains(invalid.body,
                         "<a href=\"#birthDate\">Date of birth</a>: is not a day of the calendar"));
    EXPECT_TRUE(contains(invalid.body, "<a href=\"#email\">Email</a>: must be an email address"));
    EXPECT_TRUE(contains(invalid.body, "value=\"José Núñez\""));
    EXPECT_TRUE(contains(invalid.body, "id=\"email-error\""));
    EXPECT_EQ(server.application().store().patients(server.clinicId())[0].name, "Jose Nunez");

    Testing::HttpReply saved = browser.postForm(path + "/edit", {{"csrf", csrf},
                                                                 {"name", "José Núñez"},
                                                                 {"recordNumber", "BV-01"},
                                                                 {"language", "es"},
                                                                 {"birthDate", "1956-03-14"},
                                                                 {"phone", ""},
                                                                 {"email", "jose@example.com"}});
    ASSERT_EQ(saved.status, 303);
    EXPECT_EQ(saved.header("location"), path + "?edited=1");
    page = browser.get(saved.header("location"));
    EXPECT_TRUE(contains(page.body, "Details saved."));
    EXPECT_TRUE(contains(page.body, "<h1><bdi>José Núñez</bdi></h1>"));
    EXPECT_TRUE(contains(page.body, "Record <bdi>BV-01</bdi> · Spanish"));
    EXPECT_TRUE(contains(page.body, "jose@example.com"));
    EXPECT_FALSE(contains(page.body, "Phone 555"));
    EXPECT_EQ(auditOf(server, "patient.edit"),
              std::vector<std::string>{"name: 'Jose Nunez' -> 'José Núñez'; firstName: 'Jose' "
                                       "-> 'José'; recordNumber: 'BV-1' -> 'BV-01'; language: "
                                       "'en' -> 'es'; phone: '555 010 2030' -> ''; email: '' -> "
                                       "'jose@example.com'"});
}

TEST(PatientEpisodes, ADischargedPatientLeavesTheDashboardAndFlagsButStaysInReportsAndSearch) {
    Testing::TestServer server;
    Testing::HttpTestClient browser = server.client();
    std::string csrf = signInWithForm(browser);
    Testing::HttpTestClient api = server.signedIn();
    std::int64_t amara = patientWithProgram(api, "Amara Osei", "BV-3");
    patientWithProgram(api, "Zoë Brandt", "BV-4");
    const std::string path = "/patients/" + std::to_string(amara);

    // Amara's phone opens her check-in page.
    std::string url = *server.application().links().currentUrl(server.clinicId(), amara);
    const std::string linkPath = url.substr(url.find("/p/"));
    Testing::HttpTestClient phone = server.client();
    ASSERT_EQ(phone.get(linkPath).status, 303);
    ASSERT_EQ(phone.get("/p").status, 200);

    Testing::HttpReply dashboard = browser.get("/patients");
    ASSERT_TRUE(contains(dashboard.body, "Amara Osei"));
    Testing::HttpReply confirm = browser.get(path + "/discharge");
    EXPECT_EQ(confirm.status, 200);
    EXPECT_TRUE(contains(confirm.body, "Discharge <bdi>Amara Osei</bdi>?"));
    EXPECT_TRUE(contains(confirm.body, "ends today, 25 Nov 2026"));
    EXPECT_EQ(server.application().store().patient(server.clinicId(), amara)->discharged(), false)
        << "asking to confirm changed something";

    Testing::HttpReply discharged = browser.postForm(path + "/discharge", {{"csrf", csrf}});
    ASSERT_EQ(discharged.status, 303);
    Testing::HttpReply page = browser.get(discharged.header("location"));
    EXPECT_TRUE(contains(page.body, "Discharged on "));
    EXPECT_TRUE(contains(page.body, "the check-in links stopped working"));
    EXPECT_TRUE(contains(page.body, ">Re-admit</button>"));
    EXPECT_FALSE(contains(page.body, "Needs attention"));
    EXPECT_FALSE(contains(page.body, "href=\"" + path + "/program\"")) << "no program edits";
    EXPECT_FALSE(contains(page.body, "Make a new link")) << "no link while discharged";
    EXPECT_TRUE(contains(page.body, "No link works while the patient is discharged"));

    // The check-in link and the phone's cookie stop working.
    EXPECT_EQ(server.client().get(linkPath).status, 404);
    EXPECT_NE(phone.get("/p").status, 200);

    // Dashboard and flags: gone; search and reports: still there.
    dashboard = browser.get("/patients");
    EXPECT_FALSE(contains(dashboard.body, "Amara Osei"));
    EXPECT_TRUE(contains(dashboard.body, "Zoë Brandt"));
    EXPECT_TRUE(contains(dashboard.body, "1 discharged patient is not listed here"));
    Testing::HttpReply search = browser.get("/patients?q=amara");
    EXPECT_TRUE(
        contains(search.body, "Amara Osei</bdi></a> <span class=\"badge\">discharged</span>"));
    Testing::HttpReply report = browser.get("/reports/clinic");
    EXPECT_EQ(report.status, 200);
    EXPECT_TRUE(
        contains(report.body, "Amara Osei</bdi></a> <span class=\"badge\">discharged</span>"));
    // The day of the discharge instant: the test clock's instant is 1'800'000'000 (15 Jan 2027
    // UTC), apart from its day (25 Nov 2026).
    EXPECT_TRUE(contains(report.body, "Discharged on 15 Jan 2027"));
    {
        // Her caseload row: the row's opening tag is before her name, and never "flagged";
        // Zoë's row is.
        std::size_t name = report.body.find(">Amara Osei</bdi></a> <span class=\"badge\"");
        ASSERT_NE(name, std::string::npos);
        std::size_t row = report.body.rfind("<tr", name);
        EXPECT_EQ(report.body.substr(row, 4), "<tr>") << "a discharged patient's row is flagged";
        std::size_t zoe = report.body.rfind("<tr", report.body.find(">Zoë Brandt</bdi></a><br>"));
        EXPECT_EQ(report.body.substr(zoe, 20), "<tr class=\"flagged\">");
    }
    std::string csv = browser.get("/reports/clinic.csv").body;
    std::string amaraLine = csv.substr(csv.find("\"Amara Osei\""));
    amaraLine = amaraLine.substr(0, amaraLine.find("\r\n"));
    EXPECT_TRUE(amaraLine.ends_with(",\"\",\"\",\"discharged\",\"2027-01-15\"")) << amaraLine;
    std::string zoeLine = csv.substr(csv.find("\"Zoë Brandt\""));
    zoeLine = zoeLine.substr(0, zoeLine.find("\r\n"));
    EXPECT_TRUE(zoeLine.ends_with(",\"in care\",\"\"")) << zoeLine;
    EXPECT_FALSE(zoeLine.ends_with(",\"\",\"\",\"in care\",\"\"")) << "Zoë is flagged";
    auto clinic = json(api.get("/api/v1/reports/clinic").body);
    auto followUp = clinic->getArray("followUp");
    ASSERT_TRUE(followUp && followUp->size() == 1) << "Zoë, who never logged, is flagged";
    for (std::size_t i = 0; followUp && i < followUp->size(); ++i)
        EXPECT_NE(followUp->getElement<std::int64_t>(i), amara)
            << "a discharged patient is flagged";
    EXPECT_EQ(browser.get(path + "/report").status, 200);

    // Nothing more can be done in the ended episode.
    EXPECT_EQ(browser.postForm(path + "/discharge", {{"csrf", csrf}}).status, 409);
    EXPECT_EQ(browser.postForm(path + "/links", {{"csrf", csrf}}).status, 409);

    // Re-admission: a new episode with a working link and no program yet.
    Testing::HttpReply readmitted = browser.postForm(path + "/readmit", {{"csrf", csrf}});
    ASSERT_EQ(readmitted.status, 303);
    page = browser.get(readmitted.header("location"));
    EXPECT_TRUE(contains(page.body, "Re-admitted: episode 2 began"));
    EXPECT_TRUE(contains(page.body, "Build a program"));
    std::string newUrl = *server.application().links().currentUrl(server.clinicId(), amara);
    EXPECT_NE(newUrl, url);
    EXPECT_EQ(server.client().get(newUrl.substr(newUrl.find("/p/"))).status, 303);
    EXPECT_EQ(server.client().get(linkPath).status, 404) << "the old link stays closed";
    EXPECT_TRUE(contains(browser.get("/patients").body, "Amara Osei"));
    EXPECT_EQ(auditOf(server, "patient.discharge"), std::vector<std::string>{"episode 1"});
    EXPECT_EQ(auditOf(server, "patient.readmit").size(), 1u);
}

TEST(PatientEpisodes, TheApiEditsDischargesAndReadmitsAPatient) {
    Testing::TestServer server;
    Testing::HttpTestClient api = server.signedIn();
    Testing::HttpReply created = api.postJson(
        "/api/v1/patients", R"({"name": "Ana Ortega", "recordNumber": "BV-7", "birthDate":
        "1956-03-14", "phone": "+1 555 010 2030", "email": "Ana@Example.com"})");
    ASSERT_EQ(created.status, 201) << created.body;
    auto patient = json(created.body);
    EXPECT_EQ(patient->getValue<std::string>("birthDate"), "1956-03-14");
    EXPECT_EQ(patient->getValue<std::string>("email"), "ana@example.com");
    EXPECT_EQ(patient->getValue<std::string>("status"), "in care");
    EXPECT_EQ(patient->getValue<int>("episode"), 1);
    const std::string path = "/api/v1/patients/" + patient->getValue<std::string>("id");

    Testing::HttpReply bad =
        api.request("PATCH", path, R"({"phone": "call me", "birthDate": 5})", "application/json");
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(contains(bad.body, "birthDate")) << bad.body;
    Testing::HttpReply badPhone =
        api.request("PATCH", path, R"({"phone": "call me"})", "application/json");
    EXPECT_EQ(badPhone.status, 400);
    EXPECT_TRUE(contains(badPhone.body, "phone")) << badPhone.body;
    EXPECT_EQ(api.request("PATCH", path, R"({"nickname": "Ani"})", "application/json").status, 400);
    EXPECT_EQ(api.request("PATCH", path, R"({"name": ""})", "application/json").status, 400);

    Testing::HttpReply edited = api.request(
        "PATCH", path, R"({"name": "Ana María Ortega", "phone": ""})", "application/json");
    ASSERT_EQ(edited.status, 200) << edited.body;
    patient = json(edited.body);
    EXPECT_EQ(patient->getValue<std::string>("name"), "Ana María Ortega");
    EXPECT_TRUE(patient->isNull("phone")) << "an empty string clears the phone";
    EXPECT_EQ(patient->getValue<std::string>("birthDate"), "1956-03-14") << "not named: kept";
    EXPECT_EQ(patient->getValue<std::string>("recordNumber"), "BV-7");

    Testing::HttpReply discharged = api.postJson(path + "/discharge", "{}");
    ASSERT_EQ(discharged.status, 200) << discharged.body;
    patient = json(discharged.body);
    EXPECT_EQ(patient->getValue<std::string>("status"), "discharged");
    EXPECT_FALSE(patient->isNull("dischargedAt"));
    EXPECT_TRUE(patient->isNull("checkinUrl"));
    EXPECT_EQ(api.postJson(path + "/discharge", "{}").status, 409);

    Testing::HttpReply readmitted = api.postJson(path + "/readmit", "{}");
    ASSERT_EQ(readmitted.status, 200) << readmitted.body;
    patient = json(readmitted.body);
    EXPECT_EQ(patient->getValue<std::string>("status"), "in care");
    EXPECT_EQ(patient->getValue<int>("episode"), 2);
    EXPECT_TRUE(patient->isNull("dischargedAt"));
    EXPECT_FALSE(patient->isNull("checkinUrl"));
    EXPECT_TRUE(patient->isNull("programId"));
    EXPECT_EQ(api.postJson(path + "/readmit", "{}").status, 409);

    auto paths = json(server.client().get("/api/v1/openapi.json").body)->getObject("paths");
    EXPECT_TRUE(paths->getObject("/api/v1/patients/{id}")->has("patch"));
    EXPECT_TRUE(paths->getObject("/api/v1/patients/{id}/discharge")->has("post"));
    EXPECT_TRUE(paths->getObject("/api/v1/patients/{id}/readmit")->has("post"));
}
