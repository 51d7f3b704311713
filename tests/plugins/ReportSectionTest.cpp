#include "plugins/ReportSections.h"
#include "reports/SectionChart.h"
#include "services/ReportService.h"
#include "services/ServiceFixture.h"
#include "web/PageRenderer.h"
#include "web/ReportHtml.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

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
    EXPECT_NE(line.find("blocks[0].kind: is required"), std::string::npos) << line;
    EXPECT_NE(line.find("blocks[0].series: is required"), std::string::npos) << line;
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
    EXPECT_NE(html.find("<figcaption><strong>Pain before each session</strong></figcaption>"),
              std::string::npos)
        << "its chart";
    EXPECT_NE(html.find(">" + clock.today().toString().substr(5) + "<"), std::string::npos)
        << "the session's day on the chart";
    EXPECT_NE(text.find("Pain before each session"), std::string::npos) << text;
    EXPECT_NE(text.find("Pain before, 0 to 10"), std::string::npos) << text;
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

TEST_F(ReportSectionTest, APluginsChartsAreDrawnOnThePageAndInThePdf) {
    loadRecorder("chart");
    std::string html = pageHtml();
    std::size_t section = html.find("data-plugin=\"recorder\"");
    ASSERT_NE(section, std::string::npos) << html;
    std::string mine = html.substr(section);
    EXPECT_NE(mine.find("<figcaption><strong>Knee flexion</strong></figcaption>"),
              std::string::npos)
        << mine;
    EXPECT_NE(mine.find("<title>Knee flexion</title>"), std::string::npos) << "its accessible name";
    EXPECT_NE(mine.find("<figcaption><strong>Steps a day in thousands</strong></figcaption>"),
              std::string::npos);
    std::size_t pictures = 0;
    for (std::size_t at = mine.find("<svg"); at != std::string::npos;
         at = mine.find("<svg", at + 1))
        ++pictures;
    EXPECT_EQ(pictures, 2u);
    for (const std::string text : {">2 Nov<", ">23 Nov<", ">Left knee<", ">Right knee<", ">140°<",
                                   ">0°<", ">Zoë&#39;s steps<", ">7.25<", ">Wed<"})
        EXPECT_NE(mine.find(text), std::string::npos) << text;
    std::size_t longestLine = 0; // in points: the right knee's line runs through all four
    for (std::size_t at = mine.find("<path d=\""); at != std::string::npos;
         at = mine.find("<path d=\"", at + 1)) {
        // "M107 77.49L257 68.23 407 61.03 557 53.83": x and y of each point.
        std::string d = mine.substr(at + 9, mine.find('"', at + 9) - at - 9);
        std::replace(d.begin(), d.end(), 'M', ' ');
        std::replace(d.begin(), d.end(), 'L', ' ');
        std::istringstream numbers(d);
        std::size_t count = 0;
        for (double number = 0; numbers >> number;)
            ++count;
        longestLine = std::max(longestLine, count / 2);
    }
    EXPECT_EQ(longestLine, 4u) << "the line chart's lines";

    std::string text = pdfText();
    for (const std::string expected :
         {"Recorder charts", "Knee flexion", "Left knee", "Right knee", "2 Nov", "23 Nov", "140°",
          "Steps a day in thousands", "Zoë's steps", "7.25", "Mon", "Wed"})
        EXPECT_NE(text.find(expected), std::string::npos) << expected << " in\n" << text;
    EXPECT_EQ(messages->lines.size(), 0u) << testing::PrintToString(messages->lines);
}

TEST_F(ReportSectionTest, AMalformedChartLeavesTheSectionOutNamesEachFieldAndTheReportRenders) {
    loadRecorder("bad-chart");
    for (int i = 0; i < 2; ++i) {
        std::string html = pageHtml();
        EXPECT_NE(html.find("Weekly adherence"), std::string::npos) << "the report still renders";
        EXPECT_EQ(html.find("plugin-section"), std::string::npos);
        EXPECT_EQ(html.find("Before the chart."), std::string::npos) << "the whole section is out";
    }
    std::string text = pdfText();
    EXPECT_NE(text.find("Weekly adherence"), std::string::npos);
    EXPECT_EQ(text.find("Recorder charts"), std::string::npos);
    ASSERT_EQ(messages->lines.size(), 1u) << testing::PrintToString(messages->lines);
    const std::string& line = messages->lines[0];
    EXPECT_NE(line.find("plugin recorder: report section left out"), std::string::npos) << line;
    for (const std::string field : {"blocks[1].kind: must be bar or line, not pie",
                                    "blocks[1].series[0].values[1]: must be a number",
                                    "blocks[1].series[1].values: has 3 values for 2 labels",
                                    "blocks[1].series[1].values[2]: 104 is above max 100",
                                    "blocks[1].series[2].values[0]: 120 is above max 100"})
        EXPECT_NE(line.find(field), std::string::npos) << field << " in " << line;
}

/// The field errors parseReportSection gives for one chart block, one per line; "" if none.
std::string chartErrors(const std::string& chartFields) {
    try {
        parseReportSection(R"({"schema":"limber.report-section/1","title":"T","blocks":[)"
                           R"({"type":"chart",)" +
                               chartFields + "}]}",
                           "p");
        return "";
    } catch (const ValidationException& e) {
        std::string all;
        for (const auto& error : e.errors())
            all += error.field + ": " + error.message + "\n";
        return all;
    }
}

ReportChart chartOf(const std::string& chartFields) {
    ReportExtraSection section =
        parseReportSection(R"({"schema":"limber.report-section/1","title":"T","blocks":[)"
                           R"({"type":"chart",)" +
                               chartFields + "}]}",
                           "p");
    return section.blocks.at(0).chart.value();
}

std::string numberedLabels(std::size_t count) {
    std::string out = "[";
    for (std::size_t i = 0; i < count; ++i)
        out += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
    return out + "]";
}

std::string numbers(std::size_t count) {
    std::string out = "[";
    for (std::size_t i = 0; i < count; ++i)
        out += (i ? "," : "") + std::to_string(i);
    return out + "]";
}

TEST(ReportSectionDocument, AChartReadsItsKindLabelsSeriesAndAxis) {
    ReportChart chart = chartOf(R"("kind":"line","title":"Flexion","unit":"°","min":-10,)"
                                R"("max":140,"labels":["a","b","c"],)"
                                R"("series":[{"name":"L","values":[95,null,-2.5]}])");
    EXPECT_EQ(chart.kind, ReportChart::Kind::Line);
    EXPECT_EQ(chart.title, "Flexion");
    EXPECT_EQ(chart.unit, "°");
    EXPECT_EQ(chart.labels, (std::vector<std::string>{"a", "b", "c"}));
    ASSERT_EQ(chart.series.size(), 1u);
    EXPECT_EQ(chart.series[0].name, "L");
    EXPECT_EQ(chart.series[0].values,
              (std::vector<std::optional<double>>{95.0, std::nullopt, -2.5}));
    EXPECT_EQ(chart.min, -10);
    EXPECT_EQ(chart.max, 140);
}

TEST(ReportSectionDocument, AChartsAxisRunsFromZeroOrTheLowestValueToTheHighest) {
    const std::string start = R"("kind":"bar","title":"T","labels":["a","b"],"series":[)";
    ReportChart positive = chartOf(start + R"({"name":"s","values":[3,7.5]}])");
    EXPECT_EQ(positive.min, 0);
    EXPECT_EQ(positive.max, 7.5);
    ReportChart negative = chartOf(start + R"({"name":"s","values":[-4,null]}])");
    EXPECT_EQ(negative.min, -4);
    EXPECT_EQ(negative.max, 0) << "zero is on the axis";
    ReportChart zeros = chartOf(start + R"({"name":"s","values":[0,0]}])");
    EXPECT_EQ(zeros.min, 0);
    EXPECT_EQ(zeros.max, 1) << "never an empty axis";
    ReportChart empty = chartOf(start + R"({"name":"s","values":[null,null]}])");
    EXPECT_LT(empty.min, empty.max);
    ReportChart onlyMin = chartOf(start + R"({"name":"s","values":[5,6]}],"min":5)");
    EXPECT_EQ(onlyMin.min, 5);
    EXPECT_EQ(onlyMin.max, 6);
}

TEST(ReportSectionDocument, ABrokenChartIsRefusedNamingTheField) {
    const std::string good = R"("kind":"bar","title":"T","labels":["a","b"],)"
                             R"("series":[{"name":"s","values":[1,2]}])";
    EXPECT_EQ(chartErrors(good), "");
    struct Case {
        std::string fields;
        std::string error;
    };
    const std::string one = R"("labels":["a"],"series":[{"name":"s","values":[5]}])";
    const std::vector<Case> cases = {
        {R"("title":"T",)" + one, "blocks[0].kind: is required"},
        {R"("kind":"area","title":"T",)" + one, "blocks[0].kind: must be bar or line, not area"},
        {R"("kind":"bar",)" + one, "blocks[0].title: is required"},
        {R"("kind":"bar","title":"T","series":[{"name":"s","values":[1]}])",
         "blocks[0].labels: is required"},
        {R"("kind":"bar","title":"T","labels":[],"series":[{"name":"s","values":[]}])",
         "blocks[0].labels: must hold at least one label"},
        {R"("kind":"bar","title":"T","labels":)" + numberedLabels(61) +
             R"(,"series":[{"name":"s","values":)" + numbers(61) + "}]",
         "blocks[0].labels: must have at most 60 entries"},
        {R"("kind":"bar","title":"T","labels":["a","twenty-five characters!!!"],)"
         R"("series":[{"name":"s","values":[1,2]}])",
         "blocks[0].labels[1]:"},
        {R"("kind":"bar","title":"T","labels":["a"],"series":[])",
         "blocks[0].series: must hold at least one series"},
        {R"("kind":"bar","title":"T","labels":["a"],"series":[{"name":"1","values":[1]},)"
         R"({"name":"2","values":[1]},{"name":"3","values":[1]},{"name":"4","values":[1]},)"
         R"({"name":"5","values":[1]}])",
         "blocks[0].series: must have at most 4 entries"},
        {R"("kind":"bar","title":"T","labels":["a"],"series":[{"values":[1]}])",
         "blocks[0].series[0].name: is required"},
        {R"("kind":"bar","title":"T","labels":["a"],"series":[{"name":"s"}])",
         "blocks[0].series[0].values: is required"},
        {R"("kind":"bar","title":"T","labels":["a","b"],"series":[{"name":"s","values":[1]}])",
         "blocks[0].series[0].values: has 1 values for 2 labels"},
        {R"("kind":"bar","title":"T","labels":["a"],"series":[{"name":"s","values":[true]}])",
         "blocks[0].series[0].values[0]: must be a number"},
        {R"("kind":"bar","title":"T","labels":["a"],"series":[{"name":"s","values":["1"]}])",
         "blocks[0].series[0].values[0]: must be a number"},
        {R"("kind":"bar","title":"T","labels":["a"],"series":[{"name":"s","values":[1e10]}])",
         "blocks[0].series[0].values[0]: must be between -1e+09 and 1e+09"},
        {R"("kind":"bar","title":"T","labels":["a"],"series":[{"name":"s","values":1}])",
         "blocks[0].series[0].values: must be an array of numbers"},
        {R"("kind":"bar","title":"T","min":6,)" + one,
         "blocks[0].series[0].values[0]: 5 is below min 6"},
        {R"("kind":"bar","title":"T","max":4,)" + one,
         "blocks[0].series[0].values[0]: 5 is above max 4"},
        {R"("kind":"bar","title":"T","min":5,"max":5,)" + one,
         "blocks[0].max: must be above min (5)"},
        {R"("kind":"bar","title":"T","max":"10",)" + one, "blocks[0].max: must be a number"},
        {R"("kind":"bar","title":"T","colour":"red",)" + one, "blocks[0].colour:"},
        {R"("kind":"bar","title":"T","labels":["a"],)"
         R"("series":[{"name":"s","values":[5],"dash":true}])",
         "blocks[0].series[0].dash:"},
        {R"("kind":"bar","title":"T","unit":"kilograms",)" + one, "blocks[0].unit:"},
        {R"("kind":"bar","title":"T","labels":["a"],)"
         R"("series":[{"name":"An emoji \ud83d\ude00","values":[5]}])",
         "blocks[0].series[0].name:"},
        {R"("kind":"bar","title":"Right-to-left \u202e","labels":["a"],)"
         R"("series":[{"name":"s","values":[5]}])",
         "blocks[0].title:"},
    };
    for (const Case& each : cases) {
        std::string errors = chartErrors(each.fields);
        EXPECT_NE(errors.find(each.error), std::string::npos) << each.fields << "\ngave:\n"
                                                              << errors;
    }
}

TEST(SectionChartAxis, MarksFallOnRoundStepsAndNumbersReadShort) {
    EXPECT_EQ(axisMarks(0, 140), (std::vector<double>{0, 50, 100, 140}));
    EXPECT_EQ(axisMarks(0, 7.5), (std::vector<double>{0, 2, 4, 6, 7.5}));
    EXPECT_EQ(axisMarks(0, 10), (std::vector<double>{0, 2.5, 5, 7.5, 10}));
    EXPECT_EQ(axisMarks(-4, 0), (std::vector<double>{-4, -3, -2, -1, 0}));
    EXPECT_EQ(axisMarks(0, 1), (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
    EXPECT_EQ(chartNumber(7.25), "7.25");
    EXPECT_EQ(chartNumber(100), "100");
    EXPECT_EQ(chartNumber(-0.00001), "0");
    EXPECT_EQ(chartNumber(-2.5), "-2.5");
    EXPECT_EQ(chartNumber(1e9), "1000000000");
}

} // namespace
} // namespace Limber
