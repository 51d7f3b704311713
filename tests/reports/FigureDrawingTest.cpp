#include "reports/FigureDrawing.h"

#include "catalog/FigureLibrary.h"
#include "reports/PdfCanvas.h"
#include "reports/PdfDocument.h"
#include "reports/SvgCanvas.h"
#include "support/TestFiles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <regex>

using namespace Limber;

namespace {

constexpr const char* FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// The ink-covered box of everything drawn (stroke widths included).
struct InkBox {
    double left = std::numeric_limits<double>::max();
    double bottom = std::numeric_limits<double>::max();
    double right = std::numeric_limits<double>::lowest();
    double top = std::numeric_limits<double>::lowest();
    int shapes = 0;

    void take(double x, double y, double halo) {
        left = std::min(left, x - halo);
        right = std::max(right, x + halo);
        bottom = std::min(bottom, y - halo);
        top = std::max(top, y + halo);
    }
    bool inside(double width, double height) const {
        return left >= 0 && bottom >= 0 && right <= width && top <= height;
    }
    std::string toString() const {
        return "[" + std::to_string(left) + ", " + std::to_string(bottom) + "] - [" +
               std::to_string(right) + ", " + std::to_string(top) + "]";
    }
};

/// A canvas that records the box of all it is asked to draw and passes everything on to
/// another canvas (or nowhere).
class RecordingCanvas : public Canvas {
public:
    RecordingCanvas(double width, double height, Canvas* next = nullptr)
        : _width(width), _height(height), _next(next) {}

    double width() const override { return _width; }
    double height() const override { return _height; }
    void polyline(const std::vector<Point>& points, const Style& style) override {
        for (const auto& p : points)
            box.take(p.x, p.y, halo(style));
        ++box.shapes;
        if (_next)
            _next->polyline(points, style);
    }
    void polygon(const std::vector<Point>& points, const Style& style) override {
        for (const auto& p : points)
            box.take(p.x, p.y, halo(style));
        ++box.shapes;
        if (_next)
            _next->polygon(points, style);
    }
    void rectangle(double x, double y, double w, double h, const Style& style) override {
        box.take(x, y, halo(style));
        box.take(x + w, y + h, halo(style));
        ++box.shapes;
        if (_next)
            _next->rectangle(x, y, w, h, style);
    }
    void circle(Point centre, double radius, const Style& style) override {
        box.take(centre.x, centre.y, radius + halo(style));
        ++box.shapes;
        if (_next)
            _next->circle(centre, radius, style);
    }
    void text(Point baseline, std::string_view utf8, const TextStyle& style) override {
        box.take(baseline.x, baseline.y, 0);
        box.take(baseline.x + textWidth(utf8, style), baseline.y + style.size, 0);
        if (_next)
            _next->text(baseline, utf8, style);
    }
    double textWidth(std::string_view utf8, const TextStyle& style) const override {
        return static_cast<double>(utf8.size()) * style.size * 0.6;
    }

    InkBox box;

private:
    /// How far ink reaches past a path: half the stroke (a miter join can reach further, but
    /// figures use round joins on every path that turns sharply).
    static double halo(const Style& style) { return style.stroke ? style.lineWidth / 2 : 0; }

    double _width;
    double _height;
    Canvas* _next;
};

} // namespace

TEST(FigureDrawing, EveryBuiltInFigureFitsItsBoxAtAnySize) {
    const FigureLibrary& library = builtInFigureLibrary();
    ASSERT_FALSE(library.figures().empty());
    for (auto [width, height] :
         {std::pair{150.0, 100.0}, {300.0, 200.0}, {90.0, 110.0}, {220.0, 60.0}}) {
        for (const Figure& figure : library.figures()) {
            RecordingCanvas canvas(width, height);
            drawFigure(figure, canvas);
            EXPECT_GT(canvas.box.shapes, 20) << figure.id << " draws next to nothing";
            EXPECT_TRUE(canvas.box.inside(width, height))
                << figure.id << " at " << width << " x " << height << " reaches "
                << canvas.box.toString();
            // Filling the box: the drawing spans most of its width or its height.
            double spanX = canvas.box.right - canvas.box.left;
            double spanY = canvas.box.top - canvas.box.bottom;
            EXPECT_TRUE(spanX > 0.85 * width || spanY > 0.85 * height)
                << figure.id << " leaves its box mostly empty: " << canvas.box.toString();
        }
    }
}

TEST(FigureDrawing, EverySvgStaysInsideItsViewBox) {
    const std::regex number("-?[0-9]+(\\.[0-9]+)?");
    // Every coordinate pair of every path ("d") and polyline ("points").
    const std::regex points("(?:points|d)=\"([^\"]*)\"");
    for (const Figure& figure : builtInFigureLibrary().figures()) {
        std::string svg = figureSvg(figure, "A figure");
        ASSERT_NE(svg.find("viewBox=\"0 0 150 100\""), std::string::npos);
        for (auto it = std::sregex_iterator(svg.begin(), svg.end(), points);
             it != std::sregex_iterator(); ++it) {
            std::string list = (*it)[1];
            int index = 0;
            for (auto n = std::sregex_iterator(list.begin(), list.end(), number);
                 n != std::sregex_iterator(); ++n, ++index) {
                double value = std::stod(n->str());
                double limit = index % 2 == 0 ? 150 : 100;
                EXPECT_TRUE(value >= 0 && value <= limit)
                    << figure.id << ": coordinate " << value << " outside the view box";
            }
        }
    }
}

TEST(FigureDrawing, SvgNamesTheExerciseForScreenReaders) {
    const Figure* figure = builtInFigureLibrary().find("tree-pose");
    ASSERT_NE(figure, nullptr);
    std::string svg = figureSvg(*figure, "Tree pose");
    EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
    EXPECT_NE(svg.find("<title>Tree pose</title>"), std::string::npos);
}

TEST(FigureDrawing, PdfFiguresStayInTheirRegionOfThePage) {
    Testing::TempDir dir;
    PdfDocument document;
    HPDF_Font font = document.loadUtf8Font(FONT);
    HPDF_Page page = document.addPage(612, 792);
    const double x = 100;
    const double y = 300;
    for (const Figure& figure : builtInFigureLibrary().figures()) {
        PdfCanvas pdf(page, font, font, x, y, FIGURE_WIDTH, FIGURE_HEIGHT);
        RecordingCanvas canvas(FIGURE_WIDTH, FIGURE_HEIGHT, &pdf);
        drawFigure(figure, canvas);
        EXPECT_TRUE(canvas.box.inside(FIGURE_WIDTH, FIGURE_HEIGHT)) << figure.id;
    }
    std::string path = dir.file("figures.pdf");
    Testing::writeFile(path, document.bytes());
    auto check = Testing::runProcess("qpdf", {"--check", path});
    EXPECT_EQ(check.exitCode, 0) << check.out << check.err;
}

TEST(FigureDrawing, AFigureWithoutAFloorIsCentred) {
    Figure figure;
    figure.id = "floating";
    RecordingCanvas canvas(150, 100);
    drawFigure(figure, canvas);
    EXPECT_TRUE(canvas.box.inside(150, 100));
    EXPECT_NEAR(canvas.box.left + canvas.box.right, 150, 2);
    EXPECT_NEAR(canvas.box.bottom + canvas.box.top, 100, 2);
}
