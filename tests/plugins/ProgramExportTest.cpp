// The "program" export subject: the limber.program/1 document given to an Exporter plugin (the
// recorder fixture, which echoes "format|subject|document"), through the service, the API, the
// portal's patient page; csv-export, which does not write programs, is refused clearly.
#include "services/ExportService.h"
#include "services/ServiceFixture.h"
#include "web/TestServer.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <fstream>

namespace Limber {
namespace {

const FontLibrary& fonts() {
    static const FontLibrary library;
    return library;
}

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

/// A plugins folder with csv-export (from the build) and the recorder fixture.
class PluginFolder {
public:
    explicit PluginFolder(bool failingRecorder = false) : _failing(failingRecorder) {
        const std::string recorder = dir.path() + "/recorder";
        Poco::File(recorder).createDirectories();
        Poco::File(FIXTURE_RECORDER).copyTo(recorder + "/recorder.so");
        std::ofstream(recorder + "/plugin.json")
            << R"({"id":"recorder","name":"Recorder","version":"1.0.0","apiVersion":1,)"
               R"("library":"recorder.so","capabilities":["notifier","exporter","report-section"],)"
               R"("settings":[{"key":"failStart","type":"boolean","default":"false"},)"
               R"({"key":"failHooks","type":"boolean","default":"false"}]})";
        Poco::File(std::string(CSV_EXPORT_DIR)).copyTo(dir.path());
    }
    PluginConfig config() const {
        PluginConfig config;
        config.dir = dir.path();
        config.enabled = {"csv-export", "recorder"};
        config.dataDir = dir.path();
        config.settings["recorder"] = {{"failHooks", _failing ? "true" : "false"}};
        return config;
    }
    Testing::TempDir dir;

private:
    bool _failing;
};

/// What the recorder wrote for a program: "fixture-text|program|<document>".
Poco::JSON::Object::Ptr recordedDocument(const std::string& content) {
    const std::string prefix = "fixture-text|program|";
    EXPECT_EQ(content.rfind(prefix, 0), 0u) << content;
    return json(content.substr(prefix.size()));
}

class ProgramExportTest : public Testing::ServiceFixture {
protected:
    ProgramExportTest() : reports(store, clock, catalog, audit, fonts()) {
        patient = addPatient();
        programId = programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-10)))
                        .program.id;
        Prescription revised = runnerProgram(clock.today().plusDays(-10));
        revised.title = "Runner's back care, week 2";
        revised.items.pop_back();
        programs.revise(actor, programId, revised);
    }

    std::size_t programExportsAudited() {
        std::size_t count = 0;
        for (const auto& event : store.auditEvents(clinicId, 0, 1'900'000'000))
            count += event.action == "program.export" ? 1 : 0;
        return count;
    }

    ReportService reports;
    Patient patient;
    std::int64_t programId = 0;
};

TEST_F(ProgramExportTest, TheExporterGetsTheVersionedProgramDocumentAndTheExportIsAudited) {
    PluginFolder folder;
    Plugins plugins(folder.config());
    ASSERT_EQ(plugins.loaded().size(), 2u) << testing::PrintToString(plugins.refusals());
    ExportService exports(reports, store, audit, plugins);

    ExportedFile file = exports.program(actor, programId, "fixture-text");
    EXPECT_EQ(file.fileName, "program-" + std::to_string(programId) + "-v2.txt");
    EXPECT_EQ(file.mediaType, "text/plain; charset=utf-8");
    const std::string document = file.content.substr(file.content.find('{'));
    EXPECT_EQ(document.rfind(R"({"schema":"limber.program/1","id":)", 0), 0u) << document;
    auto program = recordedDocument(file.content);
    EXPECT_EQ(program->getValue<std::int64_t>("id"), programId);
    EXPECT_EQ(program->getValue<std::int64_t>("patientId"), patient.id);
    EXPECT_EQ(program->getValue<int>("version"), 2);
    EXPECT_EQ(program->getValue<std::string>("title"), "Runner's back care, week 2");
    EXPECT_EQ(program->getObject("patient")->getValue<std::string>("name"), "José Núñez-Åberg");
    EXPECT_EQ(program->getObject("clinic")->getValue<std::string>("name"),
              "Bayview Physical Therapy");
    EXPECT_EQ(program->getObject("therapist")->getValue<std::string>("name"), "Dana");
    ASSERT_EQ(program->getArray("items")->size(), 1u);
    EXPECT_EQ(program->getArray("items")->getObject(0)->getValue<std::string>("exercise"),
              "back-flexion-stretch");
    ASSERT_EQ(program->getArray("versions")->size(), 2u);
    EXPECT_EQ(program->getArray("versions")->getObject(1)->getValue<int>("number"), 2);

    auto events = store.auditEvents(clinicId, 0, 1'900'000'000);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().action, "program.export");
    EXPECT_EQ(events.back().patientId, patient.id);
    EXPECT_EQ(events.back().detail,
              "program " + std::to_string(programId) + " version 2 as fixture-text");

    ExportedFile first = exports.program(actor, programId, "fixture-text", 1);
    auto version1 = recordedDocument(first.content);
    EXPECT_EQ(version1->getValue<int>("version"), 1);
    EXPECT_EQ(version1->getValue<std::string>("title"), "Runner's back care");
    EXPECT_EQ(version1->getArray("items")->size(), 2u);
    EXPECT_EQ(first.fileName, "program-" + std::to_string(programId) + "-v1.txt");
    EXPECT_EQ(programExportsAudited(), 2u);
}

TEST_F(ProgramExportTest, RefusalsNameTheirReasonAndAreNotAudited) {
    PluginFolder folder;
    Plugins plugins(folder.config());
    ExportService exports(reports, store, audit, plugins);
    try {
        exports.program(actor, programId, "csv");
        FAIL() << "csv-export does not write programs";
    } catch (const UnknownExportFormat& e) {
        EXPECT_EQ(e.format(), "csv");
        EXPECT_EQ(e.subject(), "program");
    }
    EXPECT_THROW(exports.program(actor, programId, "xlsx"), UnknownExportFormat);
    EXPECT_THROW(exports.program(actor, programId, "fixture-text", 3), Poco::NotFoundException);
    EXPECT_THROW(exports.program(outsider, programId, "fixture-text"), Poco::NotFoundException)
        << "another clinic's program";
    EXPECT_THROW(exports.program(actor, programId + 1000, "fixture-text"), Poco::NotFoundException);
    EXPECT_EQ(programExportsAudited(), 0u);
    std::vector<std::string> offered;
    for (const ExportOffer& offer : exports.offersFor("program"))
        offered.push_back(offer.name);
    EXPECT_EQ(offered, std::vector<std::string>{"fixture-text"});
}

TEST_F(ProgramExportTest, APluginThatThrowsFailsTheExportNamingIt) {
    PluginFolder folder(true);
    Plugins plugins(folder.config());
    ExportService exports(reports, store, audit, plugins);
    try {
        exports.program(actor, programId, "fixture-text");
        FAIL() << "the recorder was told to fail";
    } catch (const ExportPluginFailed& e) {
        EXPECT_NE(e.message().find("the recorder plugin could not export program as fixture-text"),
                  std::string::npos)
            << e.message();
    }
}

/// The {"error": {...}} object of an API error answer.
Poco::JSON::Object::Ptr errorOf(const std::string& body) {
    return json(body)->getObject("error");
}

TEST(ProgramExportWeb, TheApiAndThePatientPageExportAProgramAndCsvIsRefusedFor404) {
    PluginFolder folder;
    Testing::TestServer server(64 * 1024, [&](Settings& s) {
        s.plugins.dir = folder.dir.path();
        s.plugins.enabled = {"csv-export", "recorder"};
    });
    Testing::HttpTestClient api = server.signedIn();
    auto patient =
        json(api.postJson("/api/v1/patients", R"({"name": "Zoë Ångström", "recordNumber": "BV-7"})")
                 .body);
    const std::string patientId = std::to_string(patient->getValue<std::int64_t>("id"));
    Testing::HttpReply created =
        api.postJson("/api/v1/patients/" + patientId + "/programs", Testing::programJson());
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string programId = std::to_string(json(created.body)->getValue<std::int64_t>("id"));

    Testing::HttpReply exported = api.get("/api/v1/programs/" + programId + "/export/fixture-text");
    ASSERT_EQ(exported.status, 200) << exported.body;
    EXPECT_EQ(exported.header("content-type"), "text/plain; charset=utf-8");
    EXPECT_NE(exported.header("content-disposition").find("program-" + programId + "-v1.txt"),
              std::string::npos)
        << exported.header("content-disposition");
    auto document = recordedDocument(exported.body);
    EXPECT_EQ(document->getValue<std::string>("schema"), "limber.program/1");
    EXPECT_EQ(document->getObject("patient")->getValue<std::string>("name"), "Zoë Ångström");
    EXPECT_EQ(api.get("/api/v1/programs/" + programId + "/export/fixture-text?version=1").status,
              200);
    EXPECT_EQ(api.get("/api/v1/programs/" + programId + "/export/fixture-text?version=2").status,
              404);
    EXPECT_EQ(api.get("/api/v1/programs/" + programId + "/export/fixture-text?version=x").status,
              400);

    for (const std::string format : {"csv", "xlsx"}) {
        Testing::HttpReply refused = api.get("/api/v1/programs/" + programId + "/export/" + format);
        EXPECT_EQ(refused.status, 404) << format;
        EXPECT_EQ(errorOf(refused.body)->getValue<std::string>("code"), "unknown_format");
        EXPECT_EQ(errorOf(refused.body)->getValue<std::string>("message"),
                  "No export format \"" + format + "\" is offered for programs.");
    }

    Testing::HttpReply page = api.get("/patients/" + patientId);
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("href=\"/patients/" + patientId + "/program/export/fixture-text\""),
              std::string::npos);
    EXPECT_EQ(page.body.find("/program/export/csv"), std::string::npos)
        << "csv-export does not write programs";
    Testing::HttpReply download =
        api.get("/patients/" + patientId + "/program/export/fixture-text");
    ASSERT_EQ(download.status, 200) << download.body;
    EXPECT_EQ(std::to_string(recordedDocument(download.body)->getValue<std::int64_t>("id")),
              programId);
    EXPECT_EQ(api.get("/patients/" + patientId + "/program/export/csv").status, 404);

    std::size_t audited = 0;
    for (const auto& event :
         server.application().store().auditEvents(server.clinicId(), 0, 2'000'000'000))
        audited += event.action == "program.export" ? 1 : 0;
    EXPECT_EQ(audited, 3u) << "two API exports and one download; refusals are not audited";

    auto paths = json(server.client().get("/api/v1/openapi.json").body)->getObject("paths");
    EXPECT_TRUE(paths->getObject("/api/v1/programs/{id}/export/{format}")->has("get"));
}

} // namespace
} // namespace Limber
