// Exports and the plugins page through the whole server, with the bundled csv-export plugin and
// the recorder fixture (told to fail in its hooks) loaded by the loader.
#include "web/TestServer.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <fstream>

using namespace Limber;

namespace {

Poco::JSON::Object::Ptr json(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

/// The {"error": {...}} object of an API error answer.
Poco::JSON::Object::Ptr errorOf(const std::string& body) {
    return json(body)->getObject("error");
}

const char* TOKEN = "tok-9f8e7d6c5b4a-secret-value";
const char* PASSWORD_VALUE = "hunter2-correct-horse-battery";

/// A plugins folder with csv-export (from the build) and the recorder fixture.
class PluginFolder {
public:
    PluginFolder() {
        const std::string recorder = dir.path() + "/recorder";
        Poco::File(recorder).createDirectories();
        Poco::File(FIXTURE_RECORDER).copyTo(recorder + "/recorder.so");
        std::ofstream(recorder + "/plugin.json")
            << R"({"id":"recorder","name":"Recorder","version":"1.2.3","apiVersion":1,)"
               R"("library":"recorder.so","capabilities":["notifier","exporter","report-section"],)"
               R"("settings":[{"key":"failStart","type":"boolean","default":"false"},)"
               R"({"key":"failHooks","type":"boolean","default":"false"},)"
               R"({"key":"apiToken","type":"string","default":""},)"
               R"({"key":"smtpPassword","type":"string","default":""}]})";
        Poco::File(std::string(CSV_EXPORT_DIR)).copyTo(dir.path());
    }
    void configure(Settings& settings) const {
        settings.plugins.dir = dir.path();
        settings.plugins.enabled = {"csv-export", "recorder"};
        settings.plugins.settings["recorder"] = {
            {"failHooks", "true"}, {"apiToken", TOKEN}, {"smtpPassword", PASSWORD_VALUE}};
    }
    Testing::TempDir dir;
};

std::int64_t patientWithSession(Testing::HttpTestClient& api) {
    auto patient =
        json(api.postJson("/api/v1/patients", R"({"name": "Zoë Ångström", "recordNumber": "BV-7"})")
                 .body);
    const std::int64_t id = patient->getValue<std::int64_t>("id");
    EXPECT_EQ(api.postJson("/api/v1/patients/" + std::to_string(id) + "/programs",
                           Testing::programJson("2026-11-16"))
                  .status,
              201);
    EXPECT_EQ(api.postJson("/api/v1/patients/" + std::to_string(id) + "/sessions",
                           R"({"date": "2026-11-24", "painBefore": 2, "note": "=1+2",
                               "entries": [{"exercise": "back-flexion-stretch", "done": true}]})")
                  .status,
              201);
    return id;
}

} // namespace

TEST(ExportWeb, TheApiExportsThroughThePluginAndAuditsIt) {
    PluginFolder plugins;
    Testing::TestServer server(64 * 1024, [&](Settings& s) { plugins.configure(s); });
    Testing::HttpTestClient api = server.signedIn();
    const std::int64_t id = patientWithSession(api);

    Testing::HttpReply csv = api.get("/api/v1/patients/" + std::to_string(id) + "/export/csv");
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
    EXPECT_NE(
        csv.header("content-disposition").find("patient-" + std::to_string(id) + "-sessions.csv"),
        std::string::npos);
    EXPECT_NE(csv.body.find("BV-7,Zoë Ångström,"), std::string::npos) << csv.body;
    EXPECT_NE(csv.body.find(",'=1+2\r\n"), std::string::npos) << csv.body;

    Testing::HttpReply report = api.get("/api/v1/reports/clinic/export/csv?from=2026-11-16");
    ASSERT_EQ(report.status, 200) << report.body;
    EXPECT_NE(report.body.find("BV-7,Zoë Ångström,"), std::string::npos) << report.body;

    std::vector<std::string> exports;
    for (const auto& event :
         server.application().store().auditEvents(server.clinicId(), 0, 2'000'000'000))
        if ((event.action == "report.export" || event.action == "report.clinic") &&
            event.detail.find("csv") != std::string::npos)
            exports.push_back(event.action);
    EXPECT_EQ(exports, (std::vector<std::string>{"report.export", "report.clinic"}));
}

TEST(ExportWeb, AnUnknownFormatIs404NamingItAndAFailingPluginIs502WhileTheServerGoesOn) {
    PluginFolder plugins;
    Testing::TestServer server(64 * 1024, [&](Settings& s) { plugins.configure(s); });
    Testing::HttpTestClient api = server.signedIn();
    const std::int64_t id = patientWithSession(api);
    const std::string base = "/api/v1/patients/" + std::to_string(id) + "/export/";

    for (const std::string& path :
         {base + "xlsx", std::string("/api/v1/reports/clinic/export/xlsx")}) {
        Testing::HttpReply unknown = api.get(path);
        EXPECT_EQ(unknown.status, 404) << path;
        EXPECT_EQ(errorOf(unknown.body)->getValue<std::string>("code"), "unknown_format");
        EXPECT_NE(errorOf(unknown.body)->getValue<std::string>("message").find("\"xlsx\""),
                  std::string::npos)
            << unknown.body;
    }
    Testing::HttpReply failed = api.get(base + "fixture-text");
    EXPECT_EQ(failed.status, 502);
    EXPECT_EQ(errorOf(failed.body)->getValue<std::string>("code"), "export_failed");
    EXPECT_NE(errorOf(failed.body)->getValue<std::string>("message").find("recorder"),
              std::string::npos)
        << failed.body;
    EXPECT_NE(errorOf(failed.body)->getValue<std::string>("message").find("told to fail"),
              std::string::npos)
        << failed.body;
    EXPECT_EQ(api.get(base + "csv").status, 200) << "the server still serves exports";
    EXPECT_EQ(api.get("/api/v1/patients").status, 200);
    auto paths = json(server.client().get("/api/v1/openapi.json").body)->getObject("paths");
    EXPECT_TRUE(paths->getObject("/api/v1/patients/{id}/export/{format}")->has("get"));
    EXPECT_TRUE(paths->getObject("/api/v1/reports/clinic/export/{format}")->has("get"));
}

TEST(ExportWeb, ThePatientPageAndTheClinicReportLinkEachFormat) {
    PluginFolder plugins;
    Testing::TestServer server(64 * 1024, [&](Settings& s) { plugins.configure(s); });
    Testing::HttpTestClient api = server.signedIn();
    const std::int64_t id = patientWithSession(api);
    Testing::HttpReply page = api.get("/patients/" + std::to_string(id));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("href=\"/patients/" + std::to_string(id) + "/export/csv\""),
              std::string::npos);
    EXPECT_NE(page.body.find("/export/fixture-text\""), std::string::npos);
    Testing::HttpReply clinic = api.get("/reports/clinic");
    ASSERT_EQ(clinic.status, 200);
    EXPECT_NE(clinic.body.find("href=\"/reports/clinic/export/csv?"), std::string::npos);
    Testing::HttpReply download = api.get("/patients/" + std::to_string(id) + "/export/csv");
    EXPECT_EQ(download.status, 200);
    EXPECT_NE(download.body.find("Zoë Ångström"), std::string::npos);
}

TEST(ExportWeb, WithoutExportersNoLinkIsShownAndEveryFormatIs404) {
    Testing::TestServer server;
    Testing::HttpTestClient api = server.signedIn();
    const std::int64_t id = patientWithSession(api);
    EXPECT_EQ(api.get("/patients/" + std::to_string(id)).body.find("/export/"), std::string::npos);
    EXPECT_EQ(api.get("/api/v1/patients/" + std::to_string(id) + "/export/csv").status, 404);
}

TEST(ExportWeb, ThePluginsPageIsForAdminsAndNeverShowsASecret) {
    PluginFolder plugins;
    Testing::TestServer server(64 * 1024, [&](Settings& s) { plugins.configure(s); });
    server.application().accounts().createUser(server.clinicId(), "olga@bayview.example",
                                               "Olga Admin", Role::Admin, "admin password of olga");
    Testing::HttpTestClient therapist = server.signedIn();
    EXPECT_EQ(therapist.get("/admin/plugins").status, 403);

    Testing::HttpTestClient admin = server.client();
    admin.signIn("olga@bayview.example", "admin password of olga");
    Testing::HttpReply page = admin.get("/admin/plugins");
    ASSERT_EQ(page.status, 200) << page.body;
    for (const char* shown :
         {"csv-export", "1.0.0", "exporter", "plugin.csv-export.bom", "recorder", "1.2.3",
          "notifier, exporter, report-section", "plugin.recorder.apiToken", "(set)", "0 waiting"})
        EXPECT_NE(page.body.find(shown), std::string::npos) << shown;
    for (const char* secret : {TOKEN, PASSWORD_VALUE, "tok-9f8e", "hunter2"})
        EXPECT_EQ(page.body.find(secret), std::string::npos) << secret;
}

TEST(ExportWeb, ThePluginsPageShowsTheFhirPushsBacklogWithoutItsToken) {
    Testing::TestServer server(64 * 1024, [](Settings& s) {
        s.fhir.serverUrl = "http://127.0.0.1:9/fhir";
        s.fhir.serverToken = "push-token-3c1d";
    });
    server.application().accounts().createUser(server.clinicId(), "olga@bayview.example",
                                               "Olga Admin", Role::Admin, "admin password of olga");
    Testing::HttpTestClient admin = server.client();
    admin.signIn("olga@bayview.example", "admin password of olga");
    Testing::HttpReply page = admin.get("/admin/plugins");
    ASSERT_EQ(page.status, 200) << page.body;
    for (const char* shown : {"FHIR push", "plugin.fhir.serverUrl", "http://127.0.0.1:9/fhir",
                              "plugin.fhir.token", "(set)", "waiting"})
        EXPECT_NE(page.body.find(shown), std::string::npos) << shown;
    EXPECT_EQ(page.body.find("push-token-3c1d"), std::string::npos);
}
