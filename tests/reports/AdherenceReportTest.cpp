// The adherence reports as a therapist reads them: the CSV opened in a spreadsheet, the PDFs
// through pdftotext, the charts as SVG.
#include "reports/ClinicReportCsv.h"
#include "reports/ClinicReportPdf.h"
#include "reports/PatientReportPdf.h"
#include "reports/ReportFigures.h"
#include "reports/SvgCanvas.h"
#include "reports/WeeklyAdherenceChart.h"
#include "support/TestFiles.h"

#include <gtest/gtest.h>

using namespace Limber;
using Testing::contains;

namespace {

const Date START = Date::parse("2026-11-02");

/// The fonts PDFs are set in, with DejaVu Sans as the fallback as in the default settings.
const FontLibrary& fonts() {
    static const FontLibrary library({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                      "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"});
    return library;
}

std::string pdfText(const std::string& pdf) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("report.pdf"), pdf);
    Testing::ProcessResult result =
        Testing::runProcess("/usr/bin/pdftotext", {"-layout", dir.file("report.pdf"), "-"});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return result.out;
}

/// José's program: five days a week for two weeks, version 2 from day 10 with an each-side
/// exercise added; practised on weekdays, pain 4 then 3.
PatientReport josesReport() {
    PatientReport report;
    report.clinic = {1, "Bayview Physical Therapy", "1200 Harbor Street", "(555) 010-2040"};
    report.patient.id = 7;
    report.patient.name = "José Núñez-Åberg";
    report.patient.recordNumber = "BV-1042";
    report.therapistName = "Dana Whitfield, PT, DPT";
    Dose fiveDays;
    fiveDays.holdUnit = HoldUnit::Seconds;
    fiveDays.hold = 30;
    fiveDays.reps = 2;
    fiveDays.daysPerWeek = 5;
    Prescription first;
    first.title = "Runner's back care";
    first.startDate = START;
    first.endDate = START.plusDays(41);
    first.items = {{"back-flexion-stretch", fiveDays, "Slowly."}};
    first.notes = "Warm up first.";
    Prescription second = first;
    Dose each = fiveDays;
    each.side = Side::Each;
    second.items.push_back({"single-knee-to-chest", each, ""});
    second.notes = "One more exercise.";
    report.program.id = 3;
    report.program.versions = {{1, START, first, 0, 0}, {2, START.plusDays(9), second, 0, 0}};
    for (int day : {0, 1, 2, 3, 4, 7, 8, 9, 10, 11}) {
        Session s;
        s.programId = 3;
        s.date = START.plusDays(day);
        const ProgramVersion* version = report.program.versionOn(s.date);
        s.programVersion = version->number;
        s.painBefore = day < 7 ? 4 : 3;
        s.entries = {{"back-flexion-stretch", Side::Both, true}};
        if (version->number == 2)
            s.entries.push_back({"single-knee-to-chest", Side::Left, true});
        if (day == 11)
            s.note = "Knee felt better.";
        completeSession(s, version->prescription);
        report.sessions.push_back(s);
    }
    report.from = START;
    report.to = START.plusDays(13);
    report.printedOn = START.plusDays(14);
    report.days = DayLog::fromSessions(report.sessions);
    report.summary = computeAdherence(report.program, report.sessions, report.from, report.to);
    report.exerciseNames = {{"back-flexion-stretch", "Back flexion stretch"},
                            {"single-knee-to-chest", "Single knee to chest"}};
    report.flags = {{FlagKind::NoRecentSession, "No session for 3 days (the last on 13 Nov 2026)"}};
    return report;
}

} // namespace

TEST(AdherenceReport, ThePatientFiguresAreTheHandWorkedOnes) {
    PatientReport report = josesReport();
    // Ten weekdays practised of ten prescribed. Units: 7 days of version 1 at 1 unit, then 3
    // days of version 2 (from Wednesday 11th) at 3 units of which 2 done (one side of the
    // each-side exercise): 7 + 6 = 13 done of 7 + 9 = 16.
    std::vector<SummaryFigure> figures = summaryFigures(report);
    EXPECT_EQ(figures[0].value, "100%");
    EXPECT_EQ(figures[0].detail, "10 of 10 prescribed days");
    EXPECT_EQ(figures[1].value, "81%");
    EXPECT_EQ(figures[1].detail, "13 of 16 in the sessions logged");
    EXPECT_EQ(figures[2].value, "10");
    EXPECT_EQ(figures[3].value, "10") << "two days off a week break nothing";
    std::vector<ExerciseFigures> exercises = exerciseFigures(report);
    ASSERT_EQ(exercises.size(), 2u);
    EXPECT_EQ(exercises[1].name, "Single knee to chest");
    EXPECT_EQ(exercises[1].done, "3");
    EXPECT_EQ(exercises[1].dose, "Hold 30 s · 2 reps · each side · once a day, 5 days a week");
    std::vector<VersionFigures> versions = versionFigures(report);
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_EQ(versions[1].from, "11 Nov 2026");
    EXPECT_EQ(versions[1].notes, "One more exercise.");
}

TEST(AdherenceReport, ThePatientPdfPrintsWhoWhenTheFiguresAndTheNotes) {
    PatientReport report = josesReport();
    std::string text = pdfText(renderPatientReportPdf(report, fonts(), PaperSize::Letter));
    for (const char* part : {"José Núñez-Åberg",
                             "record BV-1042",
                             "Dana Whitfield",
                             "2 Nov 2026 to 15 Nov 2026",
                             "Needs attention",
                             "No session for 3 days",
                             "100%",
                             "81%",
                             "Weekly adherence",
                             "Wk 1",
                             "Wk 2",
                             "v2",
                             "Pain (0 = none, 10 = worst)",
                             "Days done",
                             "November 2026",
                             "Single knee to chest",
                             "Version 2: One more exercise.",
                             "Back flexion stretch: Slowly.",
                             "Knee felt better.",
                             "Page 1 of"})
        EXPECT_TRUE(contains(text, part)) << "missing \"" << part << "\"\n" << text;
}

TEST(AdherenceReport, TheWeeklyChartShowsEachWeeksShareAndTheVersionChange) {
    PatientReport report = josesReport();
    SvgCanvas canvas(640, 190, "Weekly adherence");
    drawWeeklyAdherence(canvas, report.summary, ProgramSchedule::of(report.program), 80);
    std::string svg = canvas.svg();
    EXPECT_TRUE(contains(svg, ">100%</text>"));
    EXPECT_TRUE(contains(svg, ">Wk 2</text>"));
    EXPECT_TRUE(contains(svg, ">v2</text>"));
    EXPECT_TRUE(contains(svg, "stroke-dasharray=\"5 3\"")) << "the goal line";
    EXPECT_TRUE(contains(svg, "role=\"img\""));
}

namespace {

ClinicReport clinicWithAFormulaName() {
    ClinicReport report;
    report.clinic.name = "Bayview Physical Therapy";
    report.from = START;
    report.to = START.plusDays(27);
    report.today = START.plusDays(27);
    CaseloadLine mallory;
    mallory.patient.name = "=HYPERLINK(\"http://evil.example\",\"click\")";
    mallory.patient.recordNumber = "+1-555";
    mallory.therapistName = "@Dana, \"PT\"";
    mallory.hasProgram = true;
    mallory.programTitle = "-back care";
    mallory.programStart = START;
    mallory.programDay = 28;
    mallory.adherence.frequency = 0.5;
    mallory.adherence.completeness = 0.75;
    mallory.adherence.activeDays = 10;
    mallory.adherence.expectedDays = 20;
    mallory.adherence.loggedSessions = 11;
    mallory.lastSession = START.plusDays(20);
    mallory.painRecent = 6.5;
    mallory.painEarlier = 4;
    mallory.flags = {{FlagKind::RisingPain, "Pain up from 4.0 to 6.5"},
                     {FlagKind::LowAdherence, "50% of prescribed days"}};
    CaseloadLine plain;
    plain.patient.name = "Ana Ortega";
    plain.patient.recordNumber = "BV-2";
    report.lines = {mallory, plain};
    report.distribution = adherenceDistribution(report.lines);
    report.followUp = followUpOrder(report.lines);
    return report;
}

} // namespace

TEST(AdherenceReport, TheClinicCsvIsSafeInASpreadsheetAndHasEveryFigure) {
    std::string csv = clinicReportCsv(clinicWithAFormulaName());
    ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u) << "a UTF-8 byte order mark, for Excel";
    csv.erase(0, 3);
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
              "\"patient\",\"record\",\"therapist\",\"program\",\"program start\",\"program "
              "day\",\"adherence %\",\"exercises done %\",\"days practised\",\"days "
              "prescribed\",\"sessions\",\"last session\",\"pain last 7 days\",\"pain 7 days "
              "before\",\"flags\",\"why\",\"status\",\"discharged on\"");
    std::string first = csv.substr(csv.find("\r\n") + 2);
    first = first.substr(0, first.find("\r\n"));
    EXPECT_EQ(first,
              "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",\"'+1-555\","
              "\"'@Dana, \"\"PT\"\"\",\"'-back care\",\"2026-11-02\",\"28\",\"50\",\"75\","
              "\"10\",\"20\",\"11\",\"2026-11-22\",\"6.5\",\"4.0\",\"rising-pain;low-adherence\","
              "\"Pain up from 4.0 to 6.5; 50% of prescribed days\",\"in care\",\"\"");
    EXPECT_TRUE(contains(csv, "\"Ana Ortega\",\"BV-2\",\"\",\"\",\"\",\"\",\"\",\"\""))
        << "a patient without a program has empty figures, not zeros";
}

TEST(AdherenceReport, TheClinicCsvCountsPrescribedDaysInWholeDays) {
    for (const auto& [expected, shown] : std::vector<std::pair<double, std::string>>{
             {19.3, "19"}, {12.6, "13"}, {0.4, "0"}, {20.0, "20"}, {2.5, "3"}}) {
        ClinicReport report = clinicWithAFormulaName();
        report.lines.at(0).adherence.expectedDays = expected;
        std::string csv = clinicReportCsv(report);
        EXPECT_TRUE(contains(csv, "\"10\",\"" + shown + "\",\"11\"")) << expected;
    }
}

TEST(AdherenceReport, TheClinicPdfHasTheFollowUpListAndTheCaseload) {
    std::string text =
        pdfText(renderClinicReportPdf(clinicWithAFormulaName(), fonts(), PaperSize::A4));
    for (const char* part : {"Clinic adherence report", "Follow-up list (1)", "Pain up from 4.0",
                             "Caseload (2 patients, by patient)", "Ana Ortega", "No program", "50%",
                             "6.5 (up from", "Distribution of adherence"})
        EXPECT_TRUE(contains(text, part)) << "missing \"" << part << "\"\n" << text;
}

namespace {

/// The clinic above with Mallory discharged on 2026-11-25 (10:00 UTC) while her line still
/// holds flags: a report must show the discharge and never a flag.
ClinicReport clinicWithADischargedPatient() {
    ClinicReport report = clinicWithAFormulaName();
    report.lines.at(0).patient.dischargedAt =
        static_cast<std::int64_t>(Date::parse("2026-11-25").daysSinceEpoch()) * 86400 + 36000;
    report.lines.at(0).dischargedOn = Date::parse("2026-11-25");
    report.distribution = adherenceDistribution(report.lines);
    report.followUp = followUpOrder(report.lines);
    return report;
}

} // namespace

TEST(AdherenceReport, ADischargedPatientIsNeverOnTheFollowUpList) {
    ClinicReport report = clinicWithADischargedPatient();
    EXPECT_TRUE(report.followUp.empty());
    CaseloadCells cells = caseloadCells(report.lines.at(0));
    EXPECT_EQ(cells.status, "Discharged on 25 Nov 2026");
    ASSERT_TRUE(cells.dischargedOn);
    EXPECT_EQ(cells.dischargedOn->toString(), "2026-11-25");
    EXPECT_FALSE(cells.flagged);
    EXPECT_EQ(cells.flags, "");
    EXPECT_EQ(cells.reasons, "");
    CaseloadCells inCare = caseloadCells(clinicWithAFormulaName().lines.at(0));
    EXPECT_EQ(inCare.status, "in care");
    EXPECT_TRUE(inCare.flagged);
}

TEST(AdherenceReport, TheClinicCsvMarksADischargedPatientWithoutFlags) {
    std::string csv = clinicReportCsv(clinicWithADischargedPatient());
    std::string first = csv.substr(csv.find("\r\n") + 2);
    first = first.substr(0, first.find("\r\n"));
    EXPECT_EQ(first, "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",\"'+1-555\","
                     "\"'@Dana, \"\"PT\"\"\",\"'-back care\",\"2026-11-02\",\"28\",\"50\",\"75\","
                     "\"10\",\"20\",\"11\",\"2026-11-22\",\"6.5\",\"4.0\",\"\",\"\","
                     "\"discharged\",\"2026-11-25\"");
    EXPECT_TRUE(contains(csv, "\"Ana Ortega\",\"BV-2\"") && contains(csv, "\"in care\",\"\"\r\n"));
}

TEST(AdherenceReport, TheClinicPdfMarksADischargedPatientWithoutFlags) {
    std::string text =
        pdfText(renderClinicReportPdf(clinicWithADischargedPatient(), fonts(), PaperSize::A4));
    for (const char* part : {"Follow-up list (0)", "Nobody is flagged.", "Discharged on",
                             "25 Nov 2026", "Caseload (2 patients"})
        EXPECT_TRUE(contains(text, part)) << "missing \"" << part << "\"\n" << text;
    for (const char* part : {"Pain up from 4.0", "Pain rising", "Low adherence"})
        EXPECT_FALSE(contains(text, part)) << "shows \"" << part << "\"\n" << text;
}
