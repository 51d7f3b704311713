#include "reports/HandoutReport.h"

#include "catalog/Catalog.h"
#include "services/HandoutService.h"
#include "support/TestFiles.h"

#include <Poco/File.h>
#include <gtest/gtest.h>

using namespace Limber;

namespace {

PdfFonts fonts() {
    return {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
}

Handout runnerHandout(const Catalog& catalog) {
    Prescription p;
    p.title = "Runner's back care: the four strategies";
    p.startDate = Date::parse("2026-11-23");
    p.endDate = Date::parse("2027-01-03");
    for (const char* id : {"back-flexion-stretch", "single-knee-to-chest",
                           "kneeling-hip-flexor-stretch", "tree-pose"})
        p.items.push_back({id, catalog.defaultDose(id).value(), ""});
    p.items[2].dose.daysPerWeek = 5;
    p.educationIds = {"right-shoes", "warm-up"};
    Handout handout = composeHandout(catalog, p);
    handout.clinic = {1, "Bayview Physical Therapy", "1200 Harbor Street", "(555) 010-2040"};
    handout.therapistName = "Dana Whitfield, PT, DPT";
    handout.patient.name = "José Núñez-Åberg";
    handout.printedOn = Date::parse("2026-11-25");
    handout.checkinUrl = "https://limber.example/p/abc";
    return handout;
}

/// Writes the PDF and returns pdftotext's text of it.
std::string textOf(const std::string& pdf, const Testing::TempDir& dir) {
    std::string path = dir.file("handout.pdf");
    Testing::writeFile(path, pdf);
    Testing::ProcessResult text = Testing::runProcess("pdftotext", {"-layout", path, "-"});
    EXPECT_EQ(text.exitCode, 0) << text.err;
    return text.out;
}

} // namespace

TEST(HandoutReport, PrintsTheProgramTheNameAndEveryDose) {
    Catalog catalog = loadBuiltInCatalog();
    Testing::TempDir dir;
    std::string text = textOf(renderHandoutPdf(runnerHandout(catalog), fonts(), {}), dir);
    EXPECT_NE(text.find("José Núñez-Åberg"), std::string::npos);
    EXPECT_NE(text.find("Dana Whitfield, PT, DPT"), std::string::npos);
    EXPECT_NE(text.find("Bayview Physical Therapy"), std::string::npos);
    EXPECT_NE(text.find("Hold 30 s · 2 reps · each side · once a day, 5 days a week"),
              std::string::npos);
    EXPECT_NE(text.find("Hold 5 breaths · 1 rep · each side · once a day, every day"),
              std::string::npos);
    EXPECT_NE(text.find("Tree pose"), std::string::npos);
    EXPECT_NE(text.find("Wear the right shoes"), std::string::npos);
    EXPECT_NE(text.find("pain spreads down a leg"), std::string::npos);
    EXPECT_NE(text.find("https://limber.example/p/abc"), std::string::npos);
    EXPECT_NE(text.find("Page 1 of "), std::string::npos);
}

TEST(HandoutReport, PassesQpdfAndEmbedsItsFonts) {
    Catalog catalog = loadBuiltInCatalog();
    Testing::TempDir dir;
    std::string path = dir.file("handout.pdf");
    Testing::writeFile(path, renderHandoutPdf(runnerHandout(catalog), fonts(), {}));
    Testing::ProcessResult check = Testing::runProcess("qpdf", {"--check", path});
    EXPECT_EQ(check.exitCode, 0) << check.out << check.err;
    Testing::ProcessResult listed = Testing::runProcess("pdffonts", {path});
    ASSERT_EQ(listed.exitCode, 0);
    std::istringstream lines(listed.out);
    std::string line;
    int fontsListed = 0;
    while (std::getline(lines, line)) {
        if (line.find("TrueType") == std::string::npos)
            continue;
        ++fontsListed;
        EXPECT_NE(line.find(" yes "), std::string::npos) << "not embedded: " << line;
    }
    EXPECT_EQ(fontsListed, 2);
}

TEST(HandoutReport, PrintsInSpanishOnA4InAtMostFourPages) {
    Catalog catalog = loadBuiltInCatalog();
    Handout handout = runnerHandout(catalog);
    handout.language = "es";
    Testing::TempDir dir;
    std::string text = textOf(renderHandoutPdf(handout, fonts(), {PaperSize::A4, false}), dir);
    EXPECT_NE(text.find("Mantener 30 s"), std::string::npos);
    EXPECT_NE(text.find("Página 1 de"), std::string::npos);
    EXPECT_EQ(text.find("Página 5 de"), std::string::npos);
}

TEST(HandoutReport, LargePrintUsesBiggerTypeAndMorePages) {
    Catalog catalog = loadBuiltInCatalog();
    Testing::TempDir dir;
    auto pagesOf = [&](bool largePrint) {
        Testing::writeFile(dir.file("h.pdf"), renderHandoutPdf(runnerHandout(catalog), fonts(),
                                                               {PaperSize::Letter, largePrint}));
        std::string info = Testing::runProcess("pdfinfo", {dir.file("h.pdf")}).out;
        auto at = info.find("Pages:");
        return std::stoi(info.substr(at + 6));
    };
    EXPECT_GT(pagesOf(true), pagesOf(false));
}

TEST(HandoutReport, AMissingFontIsAClearError) {
    Catalog catalog = loadBuiltInCatalog();
    EXPECT_THROW(
        renderHandoutPdf(runnerHandout(catalog), {"/nonexistent.ttf", "/nonexistent.ttf"}, {}),
        Poco::FileNotFoundException);
}

TEST(HandoutReport, ComposingRefusesIdsTheCatalogDoesNotHave) {
    Catalog catalog = loadBuiltInCatalog();
    Prescription p;
    p.items.push_back({"moonwalk", Dose{}, ""});
    EXPECT_THROW(composeHandout(catalog, p), ValidationException);
}
