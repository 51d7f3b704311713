#include "reports/HandoutReport.h"

#include "catalog/Catalog.h"
#include "domain/DoseText.h"
#include "reports/DocumentFonts.h"
#include "reports/FontLibrary.h"
#include "reports/HandoutLayout.h"
#include "reports/HandoutText.h"
#include "services/HandoutService.h"
#include "services/LibraryFigures.h"
#include "support/SampleHandouts.h"
#include "support/TestFiles.h"
#include "support/TextOrder.h"

#include <Poco/File.h>
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <regex>
#include <sstream>

using namespace Limber;
using Testing::contains;

namespace {

const FontLibrary& fonts() {
    static const FontLibrary library(
        PdfFonts{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"});
    return library;
}

struct Printed {
    std::string text; ///< pdftotext -layout
    std::string raw;  ///< pdftotext -raw: a table cell's wrapped lines one after the other
    int pages = 0;
    std::string path;
};

/// Renders the handout, writes it and reads it back with poppler's tools.
Printed print(const Handout& handout, const HandoutOptions& options, const Testing::TempDir& dir,
              const FigureSource* figures = nullptr) {
    HandoutReport report(fonts(), nullptr, figures);
    Printed printed;
    printed.path = dir.file("handout.pdf");
    Testing::writeFile(printed.path, report.render(handout, options));
    Testing::ProcessResult text = Testing::runProcess("pdftotext", {"-layout", printed.path, "-"});
    EXPECT_EQ(text.exitCode, 0) << text.err;
    printed.text = text.out;
    printed.raw = Testing::runProcess("pdftotext", {"-raw", printed.path, "-"}).out;
    std::string info = Testing::runProcess("pdfinfo", {printed.path}).out;
    printed.pages = std::stoi(info.substr(info.find("Pages:") + 6));
    return printed;
}

/// pdftotext's text with runs of spaces squeezed to one (table cells, wrapped lines).
std::string squeezed(const std::string& text) {
    return std::regex_replace(text, std::regex("[ \\n]+"), " ");
}

/// text: the raw text (pdftotext -raw), where a dose wrapped in its cell reads as one line.
void expectEveryExerciseAndDose(const Handout& handout, const std::string& text) {
    const std::string flat = squeezed(text);
    for (std::size_t i = 0; i < handout.exercises.size(); ++i) {
        const std::string& name = handout.exercises[i]->textIn(handout.language).name;
        EXPECT_NE(flat.find(name), std::string::npos) << name;
        for (const std::string& part :
             describeDoseParts(handout.prescription.items[i].dose, handout.language))
            EXPECT_NE(flat.find(part), std::string::npos) << part;
        EXPECT_NE(
            flat.find(describeFrequency(handout.prescription.items[i].dose, handout.language)),
            std::string::npos);
    }
}

} // namespace

TEST(HandoutReport, PrintsThePatientEveryExerciseAndEveryDose) {
    Catalog catalog = loadBuiltInCatalog();
    Testing::TempDir dir;
    Handout handout = Testing::sampleHandout(catalog, 6);
    Printed printed = print(handout, {}, dir);
    EXPECT_NE(printed.text.find("José Núñez-Åberg"), std::string::npos);
    EXPECT_NE(printed.text.find("Dana Whitfield, PT, DPT"), std::string::npos);
    EXPECT_NE(printed.text.find("Bayview Physical Therapy"), std::string::npos);
    expectEveryExerciseAndDose(handout, printed.raw);
    EXPECT_NE(printed.text.find("Wear the right shoes"), std::string::npos);
    EXPECT_NE(squeezed(printed.text).find("pain spreads down a leg"), std::string::npos);
    EXPECT_NE(printed.text.find("K7QM-3RX9-TBV2"), std::string::npos);
    EXPECT_NE(printed.text.find("limber.bayview-pt.example/p/code"), std::string::npos);
    EXPECT_NE(printed.text.find("Page 1 of " + std::to_string(printed.pages)), std::string::npos);
    EXPECT_NE(printed.text.find("Printed 25 Nov 2026"), std::string::npos);
    EXPECT_EQ(printed.text.find("Nov 25"), std::string::npos) << "one date style: 25 Nov";
    EXPECT_NE(printed.text.find("Your log sheet"), std::string::npos);
    // Six weeks: Nov 23 to Jan 3.
    EXPECT_NE(printed.text.find("Week 6"), std::string::npos);
    EXPECT_EQ(printed.text.find("Week 7"), std::string::npos);
}

TEST(HandoutReport, SaysWhichExerciseIsDoneAllRepsOnOneSideFirst) {
    // The sample's kneeling lunge does all its repetitions on one side first (the catalog's
    // default); its single knee to chest and tree pose alternate.
    Catalog catalog = loadBuiltInCatalog();
    Testing::TempDir dir;
    Handout handout = Testing::sampleHandout(catalog, 4);
    ASSERT_EQ(handout.prescription.items[2].dose.sideOrder, SideOrder::OneSideFirst);
    auto occurrences = [](const std::string& text, const std::string& words) {
        std::size_t count = 0;
        for (std::size_t at = text.find(words); at != std::string::npos;
             at = text.find(words, at + 1))
            ++count;
        return count;
    };
    // Each dose is printed twice: in the table at a glance and on the exercise's card.
    std::string english = squeezed(print(handout, {}, dir).raw);
    EXPECT_EQ(occurrences(english, "each side: all reps on one side, then switch"), 2u) << english;
    EXPECT_EQ(occurrences(english, "each side"), 6u) << "the two alternating ones say each side";
    handout.language = "es";
    std::string spanish = squeezed(print(handout, {}, dir).raw);
    EXPECT_EQ(occurrences(spanish, "cada lado: todas las repeticiones de un lado, luego cambie"),
              2u)
        << spanish;
}

TEST(HandoutReport, PassesQpdfAndEmbedsEveryFont) {
    Catalog catalog = loadBuiltInCatalog();
    Testing::TempDir dir;
    Handout handout = Testing::sampleHandout(catalog, 6);
    handout.patient.name = "Γιώργος Παπαδόπουλος-Иванов";
    Printed printed = print(handout, {}, dir);
    Testing::ProcessResult check = Testing::runProcess("qpdf", {"--check", printed.path});
    EXPECT_EQ(check.exitCode, 0) << check.out << check.err;
    Testing::ProcessResult listed = Testing::runProcess("pdffonts", {printed.path});
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
    // Regular and bold, each in WinAnsi, Greek and Cyrillic encodings as the text needs.
    EXPECT_GE(fontsListed, 4);
}

TEST(HandoutReport, PrintsGreekCyrillicAndAccentedNamesAsText) {
    Catalog catalog = loadBuiltInCatalog();
    Testing::TempDir dir;
    for (const char* name : {"Γιώργος Παπαδόπουλος", "Анастасия Кузнецова-Львова",
                             "Zoë Brontë-Łukasiewicz", "Şükrü Öztürk", "Ștefan Țurcanu"}) {
        Handout handout = Testing::sampleHandout(catalog, 1);
        handout.patient.name = name;
        handout.therapistName = std::string("Dr ") + name;
        Printed printed = print(handout, {}, dir);
        EXPECT_NE(printed.text.find(name), std::string::npos) << name;
        EXPECT_NE(printed.text.find(std::string("Dr ") + name), std::string::npos) << name;
    }
}

TEST(HandoutReport, TakesCharactersTheBuiltInFontsLackFromTheFallbackFont) {
    Catalog catalog = loadBuiltInCatalog();
    Testing::TempDir dir;
    Handout handout = Testing::sampleHandout(catalog, 1);
    handout.patient.name = "Nguyễn Thị Ánh"; // Vietnamese: ễ is in no single-byte encoding
    Printed printed = print(handout, {}, dir);
    EXPECT_NE(printed.text.find("Nguyễn Thị Ánh"), std::string::npos);
    std::string listed = Testing::runProcess("pdffonts", {printed.path}).out;
    EXPECT_NE(listed.find("CID TrueType"), std::string::npos) << listed;
}

TEST(HandoutReport, TextInTheFallbackFontMapsBackToItsCharacters) {
    // libharu gives the fallback font its encoding CMap as ToUnicode; a reader then warns, and
    // text copied or read aloud may come out wrong. The handout's is a real ToUnicode CMap, and
    // Arabic drawn in shaped forms maps back to the letters typed (دانا, not ﺩﺍﻧﺎ).
    Catalog catalog = loadBuiltInCatalog();
    Testing::TempDir dir;
    for (const char* name : {"Nguyễn Thị Ánh Łukasz", "دانا"}) {
        Handout handout = Testing::sampleHandout(catalog, 1);
        handout.patient.name = name;
        Printed printed = print(handout, {}, dir);
        Testing::ProcessResult text = Testing::runProcess("pdftotext", {printed.path, "-"});
        EXPECT_EQ(text.err, "") << name << ": poppler warns about the PDF";
        EXPECT_NE(text.out.find(name), std::string::npos) << name;
        const std::string plain = dir.file("plain.pdf");
        ASSERT_EQ(
            Testing::runProcess("qpdf", {"--qdf", "--object-streams=disable", printed.path, plain})
                .exitCode,
            0);
        const std::string objects = Testing::readFile(plain);
        EXPECT_NE(objects.find("/ToUnicode"), std::string::npos) << name;
        EXPECT_NE(objects.find("beginbfrange"), std::string::npos) << name;
        EXPECT_EQ(objects.find("begincidrange"), std::string::npos)
            << name << ": an encoding CMap (code to CID) serves as ToUnicode";
    }
}

TEST(HandoutReport, RefusesANameNoFontCanPrintBeforeDrawing) {
    Catalog catalog = loadBuiltInCatalog();
    FontLibrary withoutFallback;
    HandoutReport report(withoutFallback);
    Handout handout = Testing::sampleHandout(catalog, 1);
    handout.patient.name = "Nguyễn Thị Ánh";
    try {
        report.render(handout, {});
        FAIL() << "rendered a name the fonts cannot print";
    } catch (const ValidationException& error) {
        ASSERT_EQ(error.errors().size(), 1u);
        EXPECT_EQ(error.errors()[0].field, "patient.name");
        EXPECT_NE(error.errors()[0].message.find("U+1EC5"), std::string::npos)
            << error.errors()[0].message;
    }
    // Syriac is refused even with a fallback font; Arabic prints with one.
    handout.patient.name = "\u0710\u0712";
    EXPECT_THROW(HandoutReport(fonts()).render(handout, {}), ValidationException);
    handout.patient.name = "محمد";
    EXPECT_THROW(report.render(handout, {}), ValidationException);
    EXPECT_NO_THROW(HandoutReport(fonts()).render(handout, {}));
}

TEST(HandoutReport, PrintsInSpanishOnA4) {
    Catalog catalog = loadBuiltInCatalog();
    Handout handout = Testing::sampleHandout(catalog, 4);
    handout.language = "es";
    Testing::TempDir dir;
    Printed printed = print(handout, {PaperSize::A4, false, ""}, dir);
    EXPECT_NE(printed.text.find("Mantener 30 s"), std::string::npos);
    EXPECT_NE(printed.text.find("Página 1 de"), std::string::npos);
    EXPECT_NE(printed.text.find("Su hoja de registro"), std::string::npos);
    EXPECT_NE(printed.text.find("23 nov 2026"), std::string::npos);
    std::string size = Testing::runProcess("pdfinfo", {printed.path}).out;
    EXPECT_NE(size.find("595.276 x 841.89"), std::string::npos) << size;
}

TEST(HandoutReport, LargePrintSetsBodyTextAtFourteenPointsOrMore) {
    Catalog catalog = loadBuiltInCatalog();
    Handout handout = Testing::sampleHandout(catalog, 6);
    Typography large = Typography::of({PaperSize::Letter, true, ""});
    EXPECT_GE(large.body, 14);
    EXPECT_GE(large.table, 14);
    Testing::TempDir dir;
    int normal = print(handout, {}, dir).pages;
    Printed bigger = print(handout, {PaperSize::Letter, true, ""}, dir);
    EXPECT_GT(bigger.pages, normal);
    expectEveryExerciseAndDose(handout, bigger.raw);
}

TEST(HandoutReport, SaysHowToGetALinkWhenPrintedWithoutOne) {
    Catalog catalog = loadBuiltInCatalog();
    Handout handout = Testing::sampleHandout(catalog, 2);
    handout.checkinUrl.clear();
    handout.checkinCode.clear();
    Testing::TempDir dir;
    Printed printed = print(handout, {}, dir);
    // In reading order (no -layout), so that the panel's lines are not interleaved with the
    // header's lines beside it.
    std::string text = Testing::runProcess("pdftotext", {printed.path, "-"}).out;
    EXPECT_NE(squeezed(text).find("Ask the clinic for your personal check-in link"),
              std::string::npos)
        << text;
}

namespace {

/// A line of a laid-out handout, with the width its box allows and the width one word would
/// take in the line's face and size.
struct LaidLine {
    std::string text;
    double maxWidth = 0;
    double wordWidth = 0;
};

/// Lays the handout out and checks that every line of text stays inside the box the layout
/// gave it and inside the page's content area, and that every block fits a page. Returns the
/// lines in layout order, with the width word would take in each.
std::vector<LaidLine> expectNoOverflow(const Handout& handout, const HandoutOptions& options,
                                       const std::string& word = "") {
    std::vector<LaidLine> lines;
    PdfDocument pdf;
    DocumentFonts documentFonts(pdf, fonts());
    LibraryFigures figures;
    LayoutContext context{PageGeometry::of(options), Typography::of(options),
                          [&](std::string_view text, FontFace face, double size) {
                              return documentFonts.width(text, face, size);
                          },
                          [&](const std::string& id) { return figures.aspect(id); }, 3.0};
    for (const LaidBlock& block : layoutHandout(handout, context)) {
        EXPECT_LE(block.height, context.page.contentHeight());
        for (const LaidText& line : block.texts) {
            double width = context.measure(line.text, line.face, line.size);
            EXPECT_LE(width, line.maxWidth + 0.01) << line.text;
            double left = line.centred ? line.x - width / 2 : line.x;
            EXPECT_GE(left, -0.01) << line.text;
            EXPECT_LE(left + width, context.page.contentWidth() + 0.01) << line.text;
            EXPECT_LE(line.baseline, block.height) << line.text;
            lines.push_back(
                {line.text, line.maxWidth, context.measure(word, line.face, line.size)});
        }
    }
    return lines;
}

} // namespace

TEST(HandoutReport, OneAndTwentyExercisesLayOutWithoutOverflow) {
    Catalog catalog = loadBuiltInCatalog();
    Testing::TempDir dir;
    LibraryFigures figures;
    for (bool largePrint : {false, true})
        for (PaperSize paper : {PaperSize::Letter, PaperSize::A4})
            for (std::size_t count : {1u, 20u}) {
                Handout handout = Testing::sampleHandout(catalog, count);
                HandoutOptions options{paper, largePrint, ""};
                expectNoOverflow(handout, options);
                Printed printed = print(handout, options, dir, &figures);
                expectEveryExerciseAndDose(handout, printed.raw);
                EXPECT_NE(printed.text.find("Page " + std::to_string(printed.pages) + " of " +
                                            std::to_string(printed.pages)),
                          std::string::npos);
            }
}

TEST(HandoutReport, BreaksLongNamesAndWordsInsideTheirBoxes) {
    Catalog catalog = loadBuiltInCatalog();
    Handout handout = Testing::sampleHandout(catalog, 3);
    handout.patient.name = "Maria-Alexandrovna Konstantinopoulou-Wolfeschlegelsteinhausen "
                           "Bergerdorff-Schmidtkowski";
    handout.therapistName = "Dr Bartholomew Featherstonehaugh-Cholmondeley, PT, DPT, OCS, FAAOMPT";
    // Wider than any box of the handout, even a whole page's width in normal print.
    const std::string longWord =
        "Pneumonoultramicroscopicsilicovolcanoconiosisisnotwhatyouhavebutthisisaverylongword"
        "AndThenSomeMoreLettersSoThatNoLineOfAnyPaperSizeOrPrintCanHoldItWholeAtAll";
    handout.prescription.items[0].note = longWord + " all the same; take it slowly.";
    handout.clinic.name = "The Extraordinarily Long-Named Community Physical Therapy and Sports "
                          "Rehabilitation Clinic of Greater Bayview";
    for (bool largePrint : {false, true}) {
        std::vector<LaidLine> lines =
            expectNoOverflow(handout, {PaperSize::Letter, largePrint, ""}, longWord);
        ASSERT_GT(lines.size(), 20u) << "next to nothing was laid out";
        // Every word is there, in order, whole once the lines are joined again (a word is
        // broken between characters, with nothing added)...
        std::string joined;
        for (const LaidLine& line : lines)
            joined += line.text;
        for (const std::string& text : {handout.patient.name, handout.therapistName,
                                        handout.clinic.name, handout.prescription.items[0].note}) {
            std::istringstream words(text);
            std::vector<std::string> parts;
            for (std::string word; words >> word;)
                parts.push_back(word);
            EXPECT_TRUE(Testing::inOrder(joined, parts)) << text;
        }
        // ...and the long word, wider than its box, was broken over lines, not clipped or
        // left whole to overflow.
        std::size_t pieces = 0;
        for (const LaidLine& line : lines) {
            ASSERT_GT(line.wordWidth, line.maxWidth) << "a box the long word fits: " << line.text;
            EXPECT_FALSE(contains(line.text, longWord)) << "not broken: " << line.text;
            std::string firstWord = line.text.substr(0, line.text.find(' '));
            if (firstWord.size() >= 8 && contains(longWord, firstWord))
                ++pieces;
        }
        EXPECT_GE(pieces, 2u) << "the long word is not spread over lines of its own";
    }
}

TEST(HandoutReport, EveryExerciseIsOneCardThatFitsAPage) {
    // Pagination never splits a block (TextLayout tests), so a card that is one block no taller
    // than a page never splits across pages.
    Catalog catalog = loadBuiltInCatalog();
    Handout handout = Testing::sampleHandout(catalog, 20);
    std::string note;
    while (note.size() < 990)
        note += "long note ";
    handout.prescription.items[3].note = note;
    PdfDocument pdf;
    DocumentFonts documentFonts(pdf, fonts());
    for (bool largePrint : {false, true}) {
        HandoutOptions options{PaperSize::A4, largePrint, ""};
        LayoutContext context{PageGeometry::of(options), Typography::of(options),
                              [&](std::string_view text, FontFace face, double size) {
                                  return documentFonts.width(text, face, size);
                              },
                              [](const std::string&) { return 0.5; }, 0};
        std::size_t cards = 0;
        for (const LaidBlock& block : layoutHandout(handout, context))
            for (const LaidGraphic& graphic : block.graphics)
                if (graphic.kind == LaidGraphic::Kind::Badge) {
                    ++cards;
                    EXPECT_LE(block.height, context.page.contentHeight());
                }
        EXPECT_EQ(cards, 20u);
    }
}

TEST(HandoutReport, AFigureBoxTakesTheDrawingsProportionsWithinLimits) {
    Catalog catalog = loadBuiltInCatalog();
    Handout handout = Testing::sampleHandout(catalog, 1);
    PdfDocument pdf;
    DocumentFonts documentFonts(pdf, fonts());
    auto figureBox = [&](double aspect) -> std::optional<LaidGraphic> {
        HandoutOptions options{PaperSize::Letter, false, ""};
        LayoutContext context{PageGeometry::of(options), Typography::of(options),
                              [&](std::string_view text, FontFace face, double size) {
                                  return documentFonts.width(text, face, size);
                              },
                              [aspect](const std::string&) { return aspect; }, 0};
        for (const LaidBlock& block : layoutHandout(handout, context))
            for (const LaidGraphic& graphic : block.graphics)
                if (graphic.kind == LaidGraphic::Kind::Figure)
                    return graphic;
        return std::nullopt;
    };
    auto middling = figureBox(1.3);
    ASSERT_TRUE(middling);
    EXPECT_NEAR(middling->width / middling->height, 1.3, 1e-9);
    // A person lying down gets a flat box, one standing a tall one, within limits.
    auto lying = figureBox(6);
    auto standing = figureBox(0.3);
    ASSERT_TRUE(lying && standing);
    EXPECT_NEAR(lying->height, lying->width * 0.45, 1e-9);
    EXPECT_NEAR(standing->height, standing->width * 0.85, 1e-9);
    // No drawing, no box.
    EXPECT_FALSE(figureBox(0));
}

TEST(HandoutReport, ComposingRefusesIdsTheCatalogDoesNotHave) {
    Catalog catalog = loadBuiltInCatalog();
    Prescription p;
    p.items.push_back({"moonwalk", Dose{}, ""});
    EXPECT_THROW(composeHandout(catalog, p), ValidationException);
}

namespace {

int pagesOf(const std::string& pdf, const Testing::TempDir& dir) {
    Testing::writeFile(dir.file("counted.pdf"), pdf);
    std::string info = Testing::runProcess("pdfinfo", {dir.file("counted.pdf")}).out;
    std::size_t at = info.find("Pages:");
    return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
}

} // namespace

TEST(HandoutReport, TheBenchmarkHandoutStaysUnderSixtyKilobytes) {
    // The README's size target, on the benchmark's handout (tests/benchmarks/
    // HandoutBenchmark.cpp): 6 exercises with their drawings, QR code and log sheet, the
    // built-in fonts. Sizes are the same on every run: an exact check, not a benchmark.
    Catalog catalog = loadBuiltInCatalog();
    FontLibrary builtInFonts;
    LibraryFigures figures;
    HandoutReport report(builtInFonts, nullptr, &figures);
    Handout handout = Testing::sampleHandout(catalog, 6);
    for (bool largePrint : {false, true}) {
        std::string pdf = report.render(handout, {PaperSize::Letter, largePrint, ""});
        EXPECT_LE(pdf.size(), 60u * 1024u) << (largePrint ? "large print" : "normal print");
        EXPECT_EQ(report.render(handout, {PaperSize::Letter, largePrint, ""}).size(), pdf.size())
            << "the same handout came out in another size";
    }
}

TEST(HandoutReport, PrintsOnExactlyTheExpectedNumberOfPages) {
    // Pagination is deterministic: a change in how many pages a handout takes is a change a
    // clinic's printer notices, so it shows here first.
    struct Case {
        std::size_t exercises;
        PaperSize paper;
        bool largePrint;
        int pages;
    };
    const std::vector<Case> cases = {
        {1, PaperSize::Letter, false, 3},   {1, PaperSize::Letter, true, 3},
        {1, PaperSize::A4, false, 3},       {1, PaperSize::A4, true, 3},
        {6, PaperSize::Letter, false, 6},   {6, PaperSize::Letter, true, 8},
        {6, PaperSize::A4, false, 5},       {6, PaperSize::A4, true, 8},
        {20, PaperSize::Letter, false, 13}, {20, PaperSize::Letter, true, 23},
        {20, PaperSize::A4, false, 13},     {20, PaperSize::A4, true, 23},
    };
    Catalog catalog = loadBuiltInCatalog();
    FontLibrary builtInFonts;
    LibraryFigures figures;
    HandoutReport report(builtInFonts, nullptr, &figures);
    Testing::TempDir dir;
    for (const Case& c : cases) {
        Handout handout = Testing::sampleHandout(catalog, c.exercises);
        EXPECT_EQ(pagesOf(report.render(handout, {c.paper, c.largePrint, ""}), dir), c.pages)
            << c.exercises << " exercises, " << (c.paper == PaperSize::A4 ? "A4" : "Letter")
            << (c.largePrint ? ", large print" : "");
    }
}

namespace {

/// The height the blocks on each page of the handout take, as the PDF paginates them.
std::vector<double> pageFills(const Handout& handout, const HandoutOptions& options,
                              double& pageHeight) {
    PdfDocument pdf;
    DocumentFonts documentFonts(pdf, fonts());
    LibraryFigures figures;
    LayoutContext context{PageGeometry::of(options), Typography::of(options),
                          [&](std::string_view text, FontFace face, double size) {
                              return documentFonts.width(text, face, size);
                          },
                          [&](const std::string& id) { return figures.aspect(id); }, 0};
    std::vector<LaidBlock> blocks = layoutHandout(handout, context);
    pageHeight = context.page.contentHeight();
    std::vector<int> pages =
        paginate(std::vector<FlowBlock>(blocks.begin(), blocks.end()), pageHeight);
    std::vector<double> fills(static_cast<std::size_t>(pages.back()) + 1, 0);
    for (std::size_t i = 0; i < blocks.size(); ++i)
        fills[static_cast<std::size_t>(pages[i])] += blocks[i].height;
    return fills;
}

/// The text of one page of a PDF, runs of spaces squeezed.
std::string pageText(const std::string& path, int page) {
    const std::string number = std::to_string(page);
    return squeezed(Testing::runProcess("pdftotext", {"-f", number, "-l", number, path, "-"}).out);
}

/// The first words of a catalog line, short enough never to be wrapped apart.
std::string opening(const std::string& text) {
    std::istringstream words(text);
    std::string word, start;
    for (int i = 0; i < 3 && words >> word; ++i)
        start += (start.empty() ? "" : " ") + word;
    return start;
}

} // namespace

TEST(HandoutReport, TheExampleProgramPrintsOnFiveLetterPagesAtMost) {
    // The example (four exercises, two habits, a note, six weeks) and one exercise more, with
    // the check-in code panel and the log sheet: the count was 8 pages.
    Catalog catalog = loadBuiltInCatalog();
    FontLibrary builtInFonts;
    LibraryFigures figures;
    HandoutReport report(builtInFonts, nullptr, &figures);
    Testing::TempDir dir;
    for (std::size_t count : {4u, 5u}) {
        Handout handout = Testing::sampleHandout(catalog, count);
        EXPECT_LE(pagesOf(report.render(handout, {PaperSize::Letter, false, ""}), dir), 5)
            << count << " exercises";
    }
}

TEST(HandoutReport, NoPageButTheLastHoldsLessThanAThird) {
    Catalog catalog = loadBuiltInCatalog();
    for (PaperSize paper : {PaperSize::Letter, PaperSize::A4})
        for (std::size_t count = 1; count <= 12; ++count) {
            Handout handout = Testing::sampleHandout(catalog, count);
            // Programs of one to twenty weeks: a log sheet of one page or more.
            handout.prescription.endDate =
                handout.prescription.startDate.plusDays(static_cast<int>(count) * 12);
            double pageHeight = 0;
            std::vector<double> fills = pageFills(handout, {paper, false, ""}, pageHeight);
            for (std::size_t page = 0; page + 1 < fills.size(); ++page)
                EXPECT_GE(fills[page], pageHeight / 3)
                    << count << " exercises, page " << page + 1 << " of " << fills.size()
                    << (paper == PaperSize::A4 ? " (A4)" : " (Letter)");
        }
}

TEST(HandoutReport, TheProgramsNoteSitsWithTheSummaryOnPageOne) {
    Catalog catalog = loadBuiltInCatalog();
    LibraryFigures figures;
    Testing::TempDir dir;
    for (bool largePrint : {false, true}) {
        Handout handout = Testing::sampleHandout(catalog, 5);
        Printed printed = print(handout, {PaperSize::Letter, largePrint, ""}, dir, &figures);
        EXPECT_TRUE(contains(pageText(printed.path, 1), handout.prescription.notes))
            << (largePrint ? "large print" : "normal print");
    }
}

TEST(HandoutReport, EveryCardIsWholeOnOnePageOfThePdf) {
    // Read back from the PDF: each card's title, its first step and its last line (the harder
    // way, or its last precaution) are on one page.
    Catalog catalog = loadBuiltInCatalog();
    LibraryFigures figures;
    Testing::TempDir dir;
    for (bool largePrint : {false, true})
        for (std::size_t count : {5u, 9u}) {
            Handout handout = Testing::sampleHandout(catalog, count);
            Printed printed = print(handout, {PaperSize::Letter, largePrint, ""}, dir, &figures);
            std::vector<std::string> pages;
            for (int page = 1; page <= printed.pages; ++page)
                pages.push_back(pageText(printed.path, page));
            for (std::size_t i = 0; i < handout.exercises.size(); ++i) {
                const ExerciseText& text = handout.exercises[i]->textIn(handout.language);
                const std::string first = opening(text.steps.front());
                const std::string last =
                    opening(text.progression.empty() ? text.precautions.back() : text.progression);
                int found = 0;
                for (const std::string& page : pages)
                    if (contains(page, first) && contains(page, last))
                        ++found;
                EXPECT_GE(found, 1) << "card " << i + 1 << " (" << text.name << ") is split"
                                    << (largePrint ? ", large print" : "");
            }
        }
}

TEST(HandoutReport, APreviewIsMarkedOnEveryPageAndPrintsNoCheckinLink) {
    Catalog catalog = loadBuiltInCatalog();
    LibraryFigures figures;
    Testing::TempDir dir;
    for (const char* language : {"en", "es"}) {
        Handout handout = Testing::sampleHandout(catalog, 5);
        handout.language = language;
        handout.preview = true;
        const std::string mark = handoutText(language).previewMark;
        Printed printed = print(handout, {PaperSize::Letter, false, ""}, dir, &figures);
        ASSERT_GE(printed.pages, 3);
        // In the footer of every page, where it reads as a line of text...
        for (int page = 1; page <= printed.pages; ++page)
            EXPECT_TRUE(contains(pageText(printed.path, page), mark))
                << language << ": page " << page << " of " << printed.pages;
        // ...and across every page in large letters: a drawing turned about the page's
        // centre on each page (pdftotext cannot read turned text back in one piece).
        Testing::runProcess(
            "qpdf", {"--qdf", "--object-streams=disable", printed.path, dir.file("plain.pdf")});
        std::istringstream plain(Testing::readFile(dir.file("plain.pdf")));
        int turned = 0;
        for (std::string line; std::getline(plain, line);) {
            double a, b, c, d, e, f;
            std::string op;
            std::istringstream numbers(line);
            if (numbers >> a >> b >> c >> d >> e >> f >> op && op == "cm" && b > 0.5 &&
                std::abs(e - 306) < 0.01 && std::abs(f - 396) < 0.01)
                ++turned;
        }
        EXPECT_EQ(turned, printed.pages) << language;
        const std::string flat = squeezed(printed.text);
        EXPECT_FALSE(contains(flat, handout.checkinCode)) << language;
        EXPECT_FALSE(contains(flat, handout.codeEntryUrl)) << language;
        EXPECT_FALSE(contains(flat, handoutText(language).scanToLog)) << language;
        expectEveryExerciseAndDose(handout, printed.raw);
    }
    // The handout itself carries its code and no mark.
    Handout saved = Testing::sampleHandout(catalog, 5);
    Printed printed = print(saved, {PaperSize::Letter, false, ""}, dir, &figures);
    EXPECT_TRUE(contains(squeezed(printed.text), saved.checkinCode));
    EXPECT_FALSE(contains(printed.text, handoutText("en").previewMark));
}

TEST(HandoutReport, APreviewDrawsNoQrCode) {
    // The QR code is drawn as filled squares: a preview has far fewer of them.
    Catalog catalog = loadBuiltInCatalog();
    FontLibrary builtInFonts;
    HandoutReport report(builtInFonts);
    Testing::TempDir dir;
    auto rectangles = [&](bool preview) {
        Handout handout = Testing::sampleHandout(catalog, 1);
        handout.preview = preview;
        Testing::writeFile(dir.file("qr.pdf"),
                           report.render(handout, {PaperSize::Letter, false, ""}));
        Testing::runProcess("qpdf", {"--qdf", "--object-streams=disable", dir.file("qr.pdf"),
                                     dir.file("qr-plain.pdf")});
        std::string plain = Testing::readFile(dir.file("qr-plain.pdf"));
        std::size_t count = 0;
        for (std::size_t at = plain.find(" re\n"); at != std::string::npos;
             at = plain.find(" re\n", at + 1))
            ++count;
        return count;
    };
    const std::size_t withCode = rectangles(false);
    const std::size_t preview = rectangles(true);
    EXPECT_GT(withCode, preview + 100)
        << withCode << " rectangles with the code, " << preview << " in the preview";
}
