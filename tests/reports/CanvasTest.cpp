#include "reports/PdfCanvas.h"
#include "reports/PdfDocument.h"
#include "reports/SvgCanvas.h"
#include "support/TestFiles.h"
#include "support/TextOrder.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

constexpr const char* FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* BOLD_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

/// Draws the same small picture on any canvas: a floor, a head, a limb, a label.
void drawSample(Canvas& canvas) {
    canvas.line({0, 5}, {canvas.width(), 5}, Style::outline(1.5));
    canvas.circle({20, 40}, 6, Style::filled(Color::gray(0.2)));
    canvas.polyline({{20, 34}, {30, 20}, {40, 10}}, Style::limb(4));
    canvas.polygon({{50, 10}, {60, 20}, {50, 30}}, Style::filled(Color::black()));
    Style dashed = Style::outline(0.5);
    dashed.dash = {3, 2};
    canvas.rectangle(2, 2, canvas.width() - 4, canvas.height() - 4, dashed);
    canvas.text({canvas.width() / 2, 50}, "Núñez <start>",
                {8, true, Color::black(), TextAnchor::Middle});
}

} // namespace

TEST(SvgCanvas, FlipsTheYAxisSoThatUpIsUp) {
    SvgCanvas canvas(100, 60, "A test picture");
    canvas.circle({20, 40}, 6, Style::filled(Color::black()));
    std::string svg = canvas.svg();
    EXPECT_NE(svg.find("<circle cx=\"20\" cy=\"20\" r=\"6\""), std::string::npos) << svg;
}

TEST(SvgCanvas, NamesThePictureForScreenReadersAndEscapesText) {
    SvgCanvas canvas(100, 60, "Knees \"to\" chest");
    drawSample(canvas);
    std::string svg = canvas.svg();
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
    EXPECT_NE(svg.find("<title>Knees &quot;to&quot; chest</title>"), std::string::npos);
    EXPECT_NE(svg.find("Núñez &lt;start&gt;"), std::string::npos);
    EXPECT_EQ(svg.find("<start>"), std::string::npos);
    EXPECT_NE(svg.find("stroke-dasharray=\"3 2\""), std::string::npos);
    EXPECT_NE(svg.find("stroke-linecap=\"round\""), std::string::npos);
}

TEST(SvgCanvas, AnUntitledPictureIsHiddenFromScreenReaders) {
    SvgCanvas canvas(10, 10, "");
    EXPECT_NE(canvas.svg().find("aria-hidden=\"true\""), std::string::npos);
}

TEST(SvgCanvas, DrawsNothingForDegenerateShapes) {
    SvgCanvas canvas(10, 10, "");
    canvas.polyline({{1, 1}}, Style::outline(1));
    canvas.polygon({{1, 1}, {2, 2}}, Style::filled(Color::black()));
    Style invisible = Style::outline(1);
    invisible.stroke = false;
    canvas.circle({5, 5}, 2, invisible);
    EXPECT_EQ(canvas.svg().find("<path"), std::string::npos);
    EXPECT_EQ(canvas.svg().find("<circle"), std::string::npos);
}

TEST(SvgCanvas, GroupsShapesThatShareAStyle) {
    SvgCanvas canvas(100, 60, "");
    for (int i = 0; i < 5; ++i)
        canvas.line({10.0 * i, 5}, {10.0 * i + 5, 20}, Style::limb(1 + i));
    canvas.rectangle(1, 1, 10, 10, Style::filled(Color::gray(0.5)));
    std::string svg = canvas.svg();
    // One group for the five strokes (their widths on each), one for the rectangle.
    std::size_t groups = 0;
    for (std::size_t at = 0; (at = svg.find("<g ", at)) != std::string::npos; ++at)
        ++groups;
    EXPECT_EQ(groups, 2u) << svg;
    EXPECT_NE(svg.find("stroke-width=\"5\""), std::string::npos) << svg;
    EXPECT_EQ(svg.find("</g></g>"), std::string::npos) << svg;
}

TEST(PdfCanvas, DrawsVectorsAndTextThatPdfToolsRead) {
    Testing::TempDir dir;
    PdfDocument document;
    HPDF_Font regular = document.loadUtf8Font(FONT);
    HPDF_Font bold = document.loadUtf8Font(BOLD_FONT);
    HPDF_Page page = document.addPage(200, 100);
    {
        PdfCanvas canvas(page, regular, bold, 10, 10, 180, 80);
        drawSample(canvas);
    }
    std::string path = dir.file("canvas.pdf");
    Testing::writeFile(path, document.bytes());

    auto check = Testing::runProcess("qpdf", {"--check", path});
    EXPECT_EQ(check.exitCode, 0) << check.out << check.err;
    auto text = Testing::runProcess("pdftotext", {path, "-"});
    EXPECT_NE(text.out.find("Núñez <start>"), std::string::npos) << text.out;
}

TEST(PdfCanvas, WritesShapesInQuarterPointsAndTextInPoints) {
    Testing::TempDir dir;
    PdfDocument document;
    HPDF_Font regular = document.loadUtf8Font(FONT);
    HPDF_Font bold = document.loadUtf8Font(BOLD_FONT);
    HPDF_Page page = document.addPage(200, 100);
    {
        PdfCanvas canvas(page, regular, bold, 10, 10, 180, 80, PdfCanvas::Use::Exclusive);
        canvas.line({1.25, 2.5}, {10, 20}, Style::limb(0.5));
        canvas.text({20, 40}, "Hold", {8, false, Color::black(), TextAnchor::Start});
        canvas.line({0, 0}, {2, 2}, Style::limb(0.5));
    }
    std::string path = dir.file("canvas.pdf");
    std::string plain = dir.file("plain.pdf");
    Testing::writeFile(path, document.bytes());
    ASSERT_EQ(
        Testing::runProcess("qpdf", {"--qdf", "--object-streams=disable", path, plain}).exitCode,
        0);
    std::string content = Testing::readFile(plain);
    // Whole numbers on the grid, in one write per shape.
    EXPECT_NE(content.find("0.25 0 0 0.25 0 0 cm\n0 G\n2 w\n1 J 1 j\n[] 0 d\n5 10 m\n40 80 l\nS\n"),
              std::string::npos);
    // Back to points for the text, then to quarter points for the next shape, whose width is
    // set again in them.
    std::size_t text = content.find("4 0 0 4 0 0 cm");
    ASSERT_NE(text, std::string::npos);
    EXPECT_TRUE(Testing::inOrder(content, {"4 0 0 4 0 0 cm", "Tj"}));
    EXPECT_NE(content.find("0.25 0 0 0.25 0 0 cm\n2 w\n0 0 m\n8 8 l\nS", text), std::string::npos);
    auto words = Testing::runProcess("pdftotext", {path, "-"});
    EXPECT_NE(words.out.find("Hold"), std::string::npos);
}

TEST(PdfCanvas, ASharedCanvasDrawsInPageCoordinatesSoAnotherCanDrawMeanwhile) {
    Testing::TempDir dir;
    PdfDocument document;
    HPDF_Font regular = document.loadUtf8Font(FONT);
    HPDF_Font bold = document.loadUtf8Font(BOLD_FONT);
    HPDF_Page page = document.addPage(200, 100);
    {
        PdfCanvas row(page, regular, bold, 0, 0, 200, 100);
        row.rectangle(10, 10, 50, 20, Style::filled(Color::gray(0.9)));
        {
            PdfCanvas cell(page, regular, bold, 0, 0, 200, 100);
            cell.text({20, 15}, "Inside", {8, false, Color::black(), TextAnchor::Start});
        }
        row.line({10, 10}, {60, 10}, Style::outline(0.5));
    }
    std::string path = dir.file("shared.pdf");
    Testing::writeFile(path, document.bytes());
    // The text lands where it was put (pdftotext -bbox: x from the left, y from the top).
    auto box = Testing::runProcess("pdftotext", {"-bbox", path, "-"});
    std::size_t at = box.out.find(">Inside<");
    ASSERT_NE(at, std::string::npos) << box.out;
    std::string word = box.out.substr(box.out.rfind("<word", at), at - box.out.rfind("<word", at));
    double xMin = std::stod(word.substr(word.find("xMin=\"") + 6));
    double yMax = std::stod(word.substr(word.find("yMax=\"") + 6));
    EXPECT_NEAR(xMin, 20, 1) << word;
    EXPECT_NEAR(100 - yMax, 15, 3) << word;
}

TEST(PdfCanvas, MeasuresTextWithTheDocumentsFont) {
    PdfDocument document;
    HPDF_Font regular = document.loadUtf8Font(FONT);
    HPDF_Font bold = document.loadUtf8Font(BOLD_FONT);
    PdfCanvas canvas(document.addPage(100, 100), regular, bold, 0, 0, 100, 100);
    TextStyle style{10, false, Color::black(), TextAnchor::Start};
    double narrow = canvas.textWidth("iii", style);
    double wide = canvas.textWidth("WWW", style);
    EXPECT_GT(narrow, 0);
    EXPECT_GT(wide, 2 * narrow);
    style.bold = true;
    EXPECT_GT(canvas.textWidth("WWW", style), wide);
}
