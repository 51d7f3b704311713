#include "CsvWriter.h"
#include "services/ExportService.h"
#include "services/ServiceFixture.h"

#include <Poco/File.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace Limber {
namespace {

const FontLibrary& fonts() {
    static const FontLibrary library;
    return library;
}

std::vector<std::string> linesOf(const std::string& csv) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < csv.size()) {
        std::size_t end = csv.find("\r\n", start);
        if (end == std::string::npos)
            end = csv.size();
        lines.push_back(csv.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

/// The bundled csv-export plugin (built into <build>/plugins/csv-export) and the recorder
/// fixture, loaded through the real loader, behind the ExportService.
class ExportTest : public Testing::ServiceFixture {
protected:
    ExportTest() : reports(store, clock, catalog, audit, fonts()) {}

    std::unique_ptr<Plugins> load(std::map<std::string, std::string> csvSettings,
                                  bool failingRecorder = false) {
        const std::string recorder = dir.path() + "/plugins/recorder";
        Poco::File(recorder).createDirectories();
        Poco::File(FIXTURE_RECORDER).copyTo(recorder + "/recorder.so");
        std::ofstream(recorder + "/plugin.json")
            << R"({"id":"recorder","name":"Recorder","version":"1.0.0","apiVersion":1,)"
               R"("library":"recorder.so","capabilities":["notifier","exporter","report-section"],)"
               R"("settings":[{"key":"failStart","type":"boolean","default":"false"},)"
               R"({"key":"failHooks","type":"boolean","default":"false"},)"
               R"({"key":"apiToken","type":"string","default":""},)"
               R"({"key":"smtpPassword","type":"string","default":""},)"
               R"({"key":"clientSecretKey","type":"string","default":""},)"
               R"({"key":"host","type":"string","default":""}]})";
        Poco::File(std::string(CSV_EXPORT_DIR)).copyTo(dir.path() + "/plugins");
        PluginConfig config;
        config.dir = dir.path() + "/plugins";
        config.enabled = {"csv-export", "recorder"};
        config.dataDir = dir.path();
        config.settings["csv-export"] = std::move(csvSettings);
        config.settings["recorder"] = {{"failHooks", failingRecorder ? "true" : "false"},
                                       {"apiToken", "tok-1234567890-abcdef"},
                                       {"smtpPassword", "hunter2-correct-horse"},
                                       {"clientSecretKey", "s3cr3t-value-xyz"},
                                       {"host", "mail.example.org"}};
        auto plugins = std::make_unique<Plugins>(config);
        EXPECT_EQ(plugins->loaded().size(), 2u) << testing::PrintToString(plugins->refusals());
        return plugins;
    }

    Patient patientWithSessions(const std::vector<std::string>& notes) {
        Patient patient = addPatient();
        programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-10)));
        int day = -static_cast<int>(notes.size());
        for (const std::string& note : notes) {
            SessionInput input;
            input.date = clock.today().plusDays(day++);
            input.painBefore = 3;
            input.painAfter = 2;
            input.note = note;
            input.entries = {{"back-flexion-stretch", Side::Both, true}};
            sessions.log(actor, patient.id, input, SessionSource::PatientLink);
        }
        return patient;
    }

    ReportService reports;
};

TEST(CsvWriter, NeutralisesEveryCellAFormulaCouldStartWith) {
    for (const std::string lead : {"=", "+", "-", "@", "\t", "\r"}) {
        const std::string cell = lead + "1+2";
        EXPECT_EQ(CsvExport::neutralised(cell), "'" + cell) << "lead " << int(lead[0]);
    }
    for (const std::string safe : {"", "1", "José", "'=already", " =1", "a=b"})
        EXPECT_EQ(CsvExport::neutralised(safe), safe);
}

TEST(CsvWriter, QuotesAsRfc4180Says) {
    EXPECT_EQ(CsvExport::record({"a", "b c", ""}), "a,b c,\r\n");
    EXPECT_EQ(CsvExport::record({"x,y", "say \"hi\"", "two\nlines", "cr\rx"}),
              "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rx\"\r\n");
    EXPECT_EQ(CsvExport::record({"=1,2"}), "\"'=1,2\"\r\n") << "neutralised, then quoted";
    EXPECT_EQ(CsvExport::record({"\r=x"}), "\"'\r=x\"\r\n");
}

TEST_F(ExportTest, SessionsAsCsvKeepAccentsAndDisarmHostileCells) {
    auto plugins = load({});
    ExportService exports(reports, store, audit, *plugins);
    Patient patient =
        patientWithSessions({"=HYPERLINK(\"http://evil.example\",\"x\")", "+1 felt fine",
                             "-2, then \"ok\"", "@SUM(A1:A2)", "plain note"});
    ExportedFile file = exports.patientSessions(actor, patient.id, "csv");
    EXPECT_EQ(file.mediaType, "text/csv; charset=utf-8");
    EXPECT_EQ(file.fileName, "patient-" + std::to_string(patient.id) + "-sessions.csv");
    ASSERT_NE(file.content.substr(0, 3), "\xEF\xBB\xBF") << "no BOM by default";
    std::vector<std::string> lines = linesOf(file.content);
    ASSERT_EQ(lines.size(), 6u) << file.content;
    EXPECT_EQ(lines[0], "record,patient,program,date,slot,done,prescribed,pain_before,pain_after,"
                        "difficulty,source,note");
    const std::string start = "BV-1,José Núñez-Åberg,";
    for (std::size_t i = 1; i < lines.size(); ++i)
        EXPECT_EQ(lines[i].rfind(start, 0), 0u) << lines[i];
    EXPECT_NE(lines[1].find(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
              std::string::npos)
        << lines[1];
    EXPECT_NE(lines[2].find(",'+1 felt fine"), std::string::npos) << lines[2];
    EXPECT_NE(lines[3].find(",\"'-2, then \"\"ok\"\"\""), std::string::npos) << lines[3];
    EXPECT_NE(lines[4].find(",'@SUM(A1:A2)"), std::string::npos) << lines[4];
    EXPECT_NE(lines[5].find(",3,2,"), std::string::npos) << "pain before and after: " << lines[5];
    EXPECT_EQ(lines[5].substr(lines[5].size() - 11), ",plain note");
    for (const std::string& line : lines)
        EXPECT_EQ(line.find(",="), std::string::npos) << line;
}

TEST_F(ExportTest, TheBomIsASetting) {
    auto plugins = load({{"bom", "true"}});
    ExportService exports(reports, store, audit, *plugins);
    Patient patient = patientWithSessions({"ok"});
    ExportedFile file = exports.patientSessions(actor, patient.id, "csv");
    EXPECT_EQ(file.content.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_EQ(file.content.substr(3, 7), "record,");
    ExportedFile report = exports.clinicReport(actor, "csv");
    EXPECT_EQ(report.content.substr(0, 3), "\xEF\xBB\xBF");
}

TEST_F(ExportTest, TheClinicReportAsCsvHasEachPatientsAdherence) {
    auto plugins = load({});
    ExportService exports(reports, store, audit, *plugins);
    patientWithSessions({"a", "b"});
    ExportedFile file = exports.clinicReport(actor, "csv");
    std::vector<std::string> lines = linesOf(file.content);
    ASSERT_EQ(lines.size(), 2u) << file.content;
    EXPECT_EQ(lines[0].rfind("record,patient,therapist,program,program_day,from,to,"
                             "frequency_percent,",
                             0),
              0u);
    EXPECT_EQ(lines[1].rfind("BV-1,José Núñez-Åberg,", 0), 0u) << lines[1];
    EXPECT_EQ(file.fileName, "clinic-report-" + clock.today().toString() + ".csv");
}

TEST_F(ExportTest, EveryExportIsAuditedWithItsFormat) {
    auto plugins = load({});
    ExportService exports(reports, store, audit, *plugins);
    Patient patient = patientWithSessions({"a"});
    exports.patientSessions(actor, patient.id, "csv");
    auto events = store.auditEvents(clinicId, 0, 1'900'000'000);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().action, "report.export");
    EXPECT_EQ(events.back().patientId, patient.id);
    EXPECT_NE(events.back().detail.find("csv"), std::string::npos) << events.back().detail;
    exports.clinicReport(actor, "csv");
    events = store.auditEvents(clinicId, 0, 1'900'000'000);
    EXPECT_EQ(events.back().action, "report.clinic");
    EXPECT_NE(events.back().detail.find("csv"), std::string::npos) << events.back().detail;
}

TEST_F(ExportTest, AnUnknownFormatNamesItselfAndIsNotAudited) {
    auto plugins = load({});
    ExportService exports(reports, store, audit, *plugins);
    Patient patient = patientWithSessions({"a"});
    const std::size_t audited = store.auditEvents(clinicId, 0, 1'900'000'000).size();
    try {
        exports.patientSessions(actor, patient.id, "xlsx");
        FAIL() << "exported an unknown format";
    } catch (const UnknownExportFormat& e) {
        EXPECT_EQ(e.format(), "xlsx");
        EXPECT_NE(e.message().find("\"xlsx\""), std::string::npos);
    }
    EXPECT_THROW(exports.clinicReport(actor, "fixture-text-nope"), UnknownExportFormat);
    EXPECT_EQ(store.auditEvents(clinicId, 0, 1'900'000'000).size(), audited);
    std::vector<std::string> names;
    for (const ExportOffer& offer : exports.offersFor("sessions"))
        names.push_back(offer.pluginId + ":" + offer.name);
    EXPECT_EQ(names, (std::vector<std::string>{"csv-export:csv", "recorder:fixture-text"}));
}

TEST_F(ExportTest, APluginThatThrowsGivesAClearErrorAndTheNextExportStillWorks) {
    auto plugins = load({}, /*failingRecorder=*/true);
    ExportService exports(reports, store, audit, *plugins);
    Patient patient = patientWithSessions({"a"});
    try {
        exports.patientSessions(actor, patient.id, "fixture-text");
        FAIL() << "the failing plugin's export succeeded";
    } catch (const ExportPluginFailed& e) {
        EXPECT_NE(e.message().find("recorder"), std::string::npos) << e.message();
        EXPECT_NE(e.message().find("the fixture was told to fail in exportDocument"),
                  std::string::npos)
            << e.message();
    }
    EXPECT_NO_THROW(exports.patientSessions(actor, patient.id, "csv"));
}

TEST_F(ExportTest, SettingsNamedLikeSecretsAreNeverShown) {
    auto plugins = load({});
    const LoadedPlugin* recorder = plugins->find("recorder");
    ASSERT_NE(recorder, nullptr);
    std::map<std::string, std::string> visible = recorder->visibleSettings();
    EXPECT_EQ(visible.at("apiToken"), "(set)");
    EXPECT_EQ(visible.at("smtpPassword"), "(set)");
    EXPECT_EQ(visible.at("clientSecretKey"), "(set)");
    EXPECT_EQ(visible.at("host"), "mail.example.org");
    for (const auto& [key, value] : visible)
        for (const char* secret : {"tok-1234567890", "hunter2", "s3cr3t"})
            EXPECT_EQ(value.find(secret), std::string::npos) << key;
}

} // namespace
} // namespace Limber
