#include "plugins/ReportSections.h"
#include "services/ReportService.h"
#include "services/ServiceFixture.h"
#include "web/PageRenderer.h"
#include "web/ReportHtml.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <cstdlib>
#include <fstream>

namespace Limber {
namespace {

const FontLibrary& reportFonts() {
    static const FontLibrary library;
    return library;
}

/// Keeps the messages logged to "limber.plugins".
class KeptMessages : public Poco::Channel {
public:
    void log(const Poco::Message& message) override { lines.push_back(message.getText()); }
    std::vector<std::string> lines;
};

/// A patient with a program and a session, the recorder fixture loaded as a ReportSection
/// plugin (its "section" setting chooses its answer), and a report service that asks it.
class ReportSectionTest : public Testing::ServiceFixture {
protected:
    ReportSectionTest() : reports(store, clock, catalog, audit, reportFonts()) {
        patient = addPatient();
        programs.save(actor, patient.id, runnerProgram(clock.today().plusDays(-6)));
        Poco::Logger::get("limber.plugins").setChannel(messages);
    }
    ~ReportSectionTest() override { Poco::Logger::get("limber.plugins").setChannel(nullptr); }

    void loadRecorder(const std::string& section, bool failHooks = false) {
        std::string folder = dir.path() + "/plugins/recorder";
        Poco::File(folder).createDirectories();
        Poco::File(FIXTURE_RECORDER).copyTo(folder + "/recorder.so");
        std::ofstream(folder + "/plugin.json")
            << R"({"id":"recorder","name":"Recorder","version":"1.0.0","apiVersion":1,)"
               R"("library":"recorder.so","capabilities":["notifier","exporter","report-section"],)"
               R"("settings":[{"key":"failStart","type":"boolean","default":"false"},)"
               R"({"key":"failHooks","type":"boolean","default":"false"},)"
               R"({"key":"section","type":"string","default":"good"}]})";
        PluginConfig config;
        config.dir = dir.path() + "/plugins";
        config.enabled = {"recorder"};
        config.dataDir = dir.path();
        config.settings["recorder"] = {{"failHooks", failHooks ? "true" : "false"},
                                       {"section", section}};
        plugins = std::make_unique<Plugins>(config);
        ASSERT_EQ(plugins->loaded().size(), 1u) << testing::PrintToString(plugins->refusals());
        collector = std::make_unique<ReportSectionCollector>(*plugins);
        reports.addPluginSections(collector.get());
    }

    std::string pageHtml() {
        PatientReport report = reports.patientReport(actor, patient.id, std::nullopt, std::nullopt,
                                                     ReportUse::View, "html");
        PageData data;
        data.set("title", "Report");
        data.set("report", patientReportData(report));
        return pages.standalone("report_patient", data);
    }
    std::string pdfText() {
        std::string path = dir.file("report.pdf");
        Testing::writeFile(path, reports.patientReportPdf(actor, patient.id, std::nullopt,
                                                          std::nullopt, PaperSize::A4));
        return Testing::runProcess("pdftotext", {"-enc", "UTF-8", path, "-"}).out;
    }
    std::size_t loggedAbout(const std::string& text) const {
        std::size_t count = 0;
        for (const auto& line : messages->lines)
            count += line.find(text) != std::string::npos ? 1 : 0;
        return count;
    }

    ReportService reports;
    PageRenderer pages;
    Patient patient;
    Poco::AutoPtr<KeptMessages> messages{new KeptMessages};
    std::unique_ptr<Plugins> plugins;
    std::unique_ptr<ReportSectionCollector> collector;
};

TEST_F(ReportSectionTest, APluginsSectionIsOnThePageAndInThePdf) {
    loadRecorder("good");
    std::string html = pageHtml();
    EXPECT_NE(html.find("<h2>Recorder section</h2>"), std::string::npos);
    EXPECT_NE(html.find("<p>Written by the recorder fixture.</p>"), std::string::npos);
    EXPECT_NE(html.find("<th scope=\"col\">Zoë&apos;s value</th>"), std::string::npos) << html;
    EXPECT_NE(html.find("<td>Knee bend</td><td>95°</td>"), std::string::npos);
    EXPECT_NE(html.find("data-plugin=\"recorder\""), std::string::npos);

    std::string text = pdfText();
    EXPECT_NE(text.find("Recorder section"), std::string::npos) << text;
    EXPECT_NE(text.find("Written by the recorder fixture."), std::string::npos);
    EXPECT_NE(text.find("Zoë's value"), std::string::npos) << "printed, not empty boxes";
    EXPECT_NE(text.find("95°"), std::string::npos);
    EXPECT_NE(text.find("1200"), std::string::npos);
    EXPECT_EQ(messages->lines.size(), 0u) << testing::PrintToString(messages->lines);
}

TEST_F(ReportSectionTest, TheReportGivenToThePluginCarriesIdsAndFiguresNotNames) {
    PatientReport report = reports.patientReport(actor, patient.id, std::nullopt, std::nullopt,
                                                 ReportUse::View, "html");
    std::string document = patientReportDocument(report);
    EXPECT_NE(document.find(R"("schema":"limber.patient-report/1")"), std::string::npos);
    EXPECT_NE(document.find(R"("patientId":)" + std::to_string(patient.id)), std::string::npos);
    EXPECT_EQ(document.find(patient.name), std::string::npos) << document;
}

TEST_F(ReportSectionTest, APluginThatThrowsIsLeftOutAndLoggedOnce) {
    loadRecorder("good", true);
    for (int i = 0; i < 3; ++i) {
        std::string html = pageHtml();
        EXPECT_NE(html.find("Weekly adherence"), std::string::npos) << "the report still renders";
        EXPECT_EQ(html.find("Recorder section"), std::string::npos);
    }
    EXPECT_EQ(pdfText().find("Recorder section"), std::string::npos);
    EXPECT_EQ(loggedAbout("plugin recorder: report section left out: failed: the fixture was "
                          "told to fail in render"),
              1u)
        << testing::PrintToString(messages->lines);
}

TEST_F(ReportSectionTest, AnInvalidSectionIsLeftOutWithEachWrongFieldNamed) {
    loadRecorder("invalid");
    EXPECT_EQ(pageHtml().find("plugin-section"), std::string::npos);
    EXPECT_EQ(pdfText().find("Recorder"), std::string::npos);
    ASSERT_EQ(messages->lines.size(), 1u) << testing::PrintToString(messages->lines);
    const std::string& line = messages->lines[0];
    EXPECT_NE(line.find("plugin recorder"), std::string::npos) << line;
    EXPECT_NE(line.find("schema: must be limber.report-section/1"), std::string::npos) << line;
    EXPECT_NE(line.find("title"), std::string::npos) << line;
    EXPECT_NE(line.find("blocks[0].type: must be text or table, not chart"), std::string::npos)
        << line;
}

TEST_F(ReportSectionTest, TextThatBreaksTheTextRuleIsRefusedNotPrintedAsBoxes) {
    loadRecorder("unprintable");
    EXPECT_EQ(pageHtml().find("plugin-section"), std::string::npos);
    ASSERT_EQ(messages->lines.size(), 1u) << testing::PrintToString(messages->lines);
    EXPECT_NE(messages->lines[0].find("title:"), std::string::npos) << messages->lines[0];
    EXPECT_NE(messages->lines[0].find("blocks[0].text:"), std::string::npos) << messages->lines[0];
}

TEST_F(ReportSectionTest, APluginThatAnswersNothingAddsNoSection) {
    loadRecorder("none");
    EXPECT_EQ(pageHtml().find("plugin-section"), std::string::npos);
    EXPECT_TRUE(messages->lines.empty());
}

TEST_F(ReportSectionTest, TheInstalledSdksHelloExampleAddsItsSection) {
    // Run by the test PluginHelloExample, which builds examples/plugin-hello against the
    // installed SDK and names the folder it put it in.
    const char* folder = std::getenv("LIMBER_HELLO_PLUGINS");
    if (!folder)
        GTEST_SKIP() << "run through the test PluginHelloExample";
    SessionInput input;
    input.date = clock.today();
    input.painBefore = 2;
    input.painAfter = 1;
    input.entries = {{"back-flexion-stretch", Side::Both, true}};
    sessions.log(actor, patient.id, input, SessionSource::PatientLink);
    PluginConfig config;
    config.dir = folder;
    config.enabled = {"hello"};
    config.dataDir = dir.path();
    config.settings["hello"] = {{"greeting", "Grüße from the clinic."}};
    plugins = std::make_unique<Plugins>(config);
    ASSERT_EQ(plugins->loaded().size(), 1u) << testing::PrintToString(plugins->refusals());
    collector = std::make_unique<ReportSectionCollector>(*plugins);
    reports.addPluginSections(collector.get());

    std::string html = pageHtml();
    EXPECT_NE(html.find("<h2>Hello section</h2>"), std::string::npos) << html;
    EXPECT_NE(html.find("<p>Grüße from the clinic.</p>"), std::string::npos);
    EXPECT_NE(html.find("<td>Sessions in this report</td><td>1</td>"), std::string::npos);
    std::string text = pdfText();
    EXPECT_NE(text.find("Hello section"), std::string::npos) << text;
    EXPECT_NE(text.find("Grüße from the clinic."), std::string::npos) << text;
    EXPECT_TRUE(messages->lines.empty()) << testing::PrintToString(messages->lines);
}

TEST(ReportSectionDocument, TablesMustBeAsWideAsTheirColumns) {
    EXPECT_NO_THROW(parseReportSection(
        R"({"schema":"limber.report-section/1","title":"T","blocks":[{"type":"table",)"
        R"("columns":["a","b"],"rows":[{"cells":["1","2"]}]}]})",
        "p"));
    try {
        parseReportSection(
            R"({"schema":"limber.report-section/1","title":"T","extra":1,"blocks":[)"
            R"({"type":"table","columns":["a","b"],"rows":[{"cells":["1"]}]},{"text":"x"}]})",
            "p");
        FAIL() << "accepted";
    } catch (const ValidationException& e) {
        std::string all;
        for (const auto& error : e.errors())
            all += error.field + ": " + error.message + "\n";
        EXPECT_NE(all.find("extra:"), std::string::npos) << all;
        EXPECT_NE(all.find("blocks[0].rows[0].cells: has 1 cells for 2 columns"), std::string::npos)
            << all;
        EXPECT_NE(all.find("blocks[1].type:"), std::string::npos) << all;
    }
    EXPECT_THROW(parseReportSection("not json", "p"), ValidationException);
    EXPECT_THROW(parseReportSection(R"({"schema":"limber.report-section/1","title":"T",)"
                                    R"("blocks":[]})",
                                    "p"),
                 ValidationException);
}

} // namespace
} // namespace Limber
