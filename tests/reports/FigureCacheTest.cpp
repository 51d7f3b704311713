#include "reports/FigureCache.h"

#include "catalog/FigureLibrary.h"
#include "reports/CanvasRecording.h"
#include "reports/FigureDrawing.h"
#include "reports/SvgCanvas.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace Limber;

namespace {

/// figure drawn through canvas-like path on an SVG canvas of width x height.
std::string svgOf(const Figure& figure, double width, double height, const FigureCache* cache) {
    SvgCanvas canvas(width, height, "");
    if (cache) {
        cache->draw(figure, canvas);
    } else {
        CanvasRecording grid(width, height);
        drawFigure(figure, grid);
        grid.replay(canvas);
    }
    return canvas.svg();
}

} // namespace

TEST(FigureCache, DrawsWhatDrawFigureDrawsOnAQuarterPointGrid) {
    FigureCache cache;
    for (const Figure& figure : builtInFigureLibrary().figures())
        for (auto [width, height] : {std::pair{156.0, 104.0}, {180.0, 153.0}}) {
            std::string fresh = svgOf(figure, width, height, nullptr);
            EXPECT_EQ(svgOf(figure, width, height, &cache), fresh) << figure.id;
            // Drawn again from what the cache kept.
            EXPECT_EQ(svgOf(figure, width, height, &cache), fresh) << figure.id;
        }
}

TEST(FigureCache, KeepsOneDrawingPerSize) {
    const Figure* figure = builtInFigureLibrary().find("tree-pose");
    ASSERT_NE(figure, nullptr);
    FigureCache cache;
    std::string small = svgOf(*figure, 150, 100, &cache);
    std::string large = svgOf(*figure, 300, 200, &cache);
    EXPECT_NE(small, large);
    EXPECT_EQ(svgOf(*figure, 150, 100, &cache), small);
}

TEST(FigureCache, ThreadsSharingItAllGetTheSameDrawings) {
    const FigureLibrary& library = builtInFigureLibrary();
    FigureCache cache;
    std::vector<std::string> expected;
    for (const Figure& figure : library.figures())
        expected.push_back(svgOf(figure, 156, 104, nullptr));
    std::vector<std::vector<std::string>> seen(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t)
        threads.emplace_back([&, t] {
            for (const Figure& figure : library.figures())
                seen[t].push_back(svgOf(figure, 156, 104, &cache));
        });
    for (auto& thread : threads)
        thread.join();
    for (const auto& list : seen)
        EXPECT_EQ(list, expected);
}

TEST(FigureCache, AspectIsWideForAPersonLyingAndTallForOneStanding) {
    const FigureLibrary& library = builtInFigureLibrary();
    FigureCache cache;
    double lying = cache.aspect(*library.find("back-flexion-stretch"));
    double standing = cache.aspect(*library.find("tree-pose"));
    EXPECT_GT(lying, 1.6);
    EXPECT_LT(standing, 1.0);
    EXPECT_DOUBLE_EQ(cache.aspect(*library.find("tree-pose")),
                     figureAspect(*library.find("tree-pose")));
}
