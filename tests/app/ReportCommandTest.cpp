// limber demo and limber report, run as a clinic would: a demo folder, then every report format
// written through a temporary file.
#include "support/TestFiles.h"

#include <Poco/File.h>
#include <gtest/gtest.h>

#include <algorithm>

using namespace Limber;
using Testing::contains;

namespace {

Testing::ProcessResult limber(const std::vector<std::string>& args) {
    return Testing::runProcess(LIMBER_BINARY, args);
}

} // namespace

TEST(ReportCommand, ADemoClinicGetsEveryReportInEveryFormat) {
    Testing::TempDir dir;
    std::string data = dir.file("data");
    Testing::ProcessResult demo =
        limber({"demo", "--data-dir", data, "--patients", "12", "--days", "30"});
    ASSERT_EQ(demo.exitCode, 0) << demo.err;
    EXPECT_TRUE(contains(demo.out, "12 patients")) << demo.out;
    EXPECT_TRUE(demo.err.empty()) << "no progress bar off a terminal: " << demo.err;
    Testing::ProcessResult again = limber({"demo", "--data-dir", data, "--patients", "3"});
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_TRUE(contains(again.err, "already holds a clinic")) << again.err;

    Testing::ProcessResult csv = limber({"report", "clinic", "--data-dir", data, "--format", "csv",
                                         "--sort", "adherence", "--order", "desc"});
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 13) << "a header and 12 lines";
    EXPECT_EQ(csv.out.rfind("\xEF\xBB\xBF\"patient\",\"record\"", 0), 0u)
        << "a UTF-8 byte order mark, then the header";

    for (const char* format : {"pdf", "html"}) {
        std::string out = dir.file(std::string("clinic.") + format);
        Testing::ProcessResult result = limber({"report", "clinic", "--data-dir", data, "--from",
                                                "2020-01-01", "--to", "2020-01-28", "-o", out});
        EXPECT_EQ(result.exitCode, 0) << result.err;
        std::string written = Testing::readFile(out);
        EXPECT_TRUE(std::string(format) == "pdf" ? written.rfind("%PDF-", 0) == 0
                                                 : contains(written, "Clinic report"));
    }
    std::string html = Testing::readFile(dir.file("clinic.html"));
    EXPECT_TRUE(contains(html, "<style>")) << "a report file needs no server";
    EXPECT_FALSE(contains(html, "/static/limber.css"));

    std::string patient = dir.file("patient.pdf");
    Testing::ProcessResult pdf =
        limber({"report", "patient", "BV-1042", "--data-dir", data, "-o", patient});
    ASSERT_EQ(pdf.exitCode, 0) << pdf.err;
    Testing::ProcessResult text = Testing::runProcess("pdftotext", {patient, "-"});
    EXPECT_TRUE(contains(text.out, "José Núñez-Åberg")) << text.out;
    EXPECT_TRUE(contains(text.out, "Weekly adherence"));

    Testing::ProcessResult audit = limber({"audit", "verify", "--data-dir", data});
    EXPECT_EQ(audit.exitCode, 0) << audit.err;
}

TEST(ReportCommand, WrongArgumentsExitTwoAndLeaveNoFile) {
    Testing::TempDir dir;
    std::string data = dir.file("data");
    ASSERT_EQ(limber({"demo", "--data-dir", data, "--patients", "2", "--days", "7"}).exitCode, 0);
    std::string out = dir.file("out.pdf");
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"report"},
          {"report", "clinic", "--data-dir", data, "--sort", "name; DROP", "-o", out},
          {"report", "clinic", "--data-dir", data, "--from", "2026-13-01", "-o", out},
          {"report", "patient", "--data-dir", data, "-o", out},
          {"report", "patient", "1", "--format", "csv", "--data-dir", data, "-o", out},
          {"demo", "--data-dir", data, "--days", "400"}}) {
        Testing::ProcessResult result = limber(args);
        EXPECT_EQ(result.exitCode, 2) << args.back() << ": " << result.err;
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    }
    Testing::ProcessResult missing =
        limber({"report", "patient", "BV-404", "--data-dir", data, "-o", out});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(contains(missing.err, "BV-404"));
    Testing::ProcessResult backwards = limber({"report", "clinic", "--data-dir", data, "--from",
                                               "2026-02-01", "--to", "2026-01-01", "-o", out});
    EXPECT_EQ(backwards.exitCode, 1);
    EXPECT_FALSE(Poco::File(out).exists());
}
