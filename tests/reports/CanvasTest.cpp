#include "reports/PdfCanvas.h"
#include "reports/PdfDocument.h"
#include "reports/SvgCanvas.h"
#include "support/TestFiles.h"

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
