#include "reports/QrCode.h"

#include "reports/SvgCanvas.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

using namespace Limber;

TEST(QrCode, EncodesALinkWithTheFinderPatternsInTheCorners) {
    QrCode code = QrCode::encode(
        "https://limber.bayview-pt.example/p/Yb3kQ9xF2mT7vLc8NwZr4HsJ1pA6eDgUiKoRq5tXyVw");
    ASSERT_GE(code.size(), 21);
    EXPECT_EQ((code.size() - 17) % 4, 0); // versions are 21, 25, 29... modules wide
    // Each finder pattern: a dark 7x7 ring around a light ring around a dark 3x3 centre.
    for (auto [x0, y0] :
         {std::pair{0, 0}, std::pair{code.size() - 7, 0}, std::pair{0, code.size() - 7}}) {
        EXPECT_TRUE(code.dark(x0, y0));
        EXPECT_TRUE(code.dark(x0 + 6, y0 + 6));
        EXPECT_FALSE(code.dark(x0 + 1, y0 + 1));
        EXPECT_TRUE(code.dark(x0 + 3, y0 + 3));
    }
}

TEST(QrCode, RefusesEmptyOrOverlongText) {
    EXPECT_THROW(QrCode::encode(""), Poco::InvalidArgumentException);
    EXPECT_THROW(QrCode::encode(std::string(5000, 'x')), Poco::InvalidArgumentException);
}

TEST(QrCode, DrawsDarkRunsAsFilledSquaresInsideItsQuietZone) {
    QrCode code = QrCode::encode("https://example.org/p/abc");
    SvgCanvas canvas(100, 100, "QR code");
    code.draw(canvas, 0, 0, 100);
    std::string svg = canvas.svg();
    EXPECT_NE(svg.find("<rect"), std::string::npos);
    // Fewer rectangles than dark modules: runs are merged.
    int dark = 0;
    for (int y = 0; y < code.size(); ++y)
        for (int x = 0; x < code.size(); ++x)
            dark += code.dark(x, y);
    std::size_t rects = 0;
    for (std::size_t at = 0; (at = svg.find("<rect", at)) != std::string::npos; ++at)
        ++rects;
    EXPECT_LT(rects, static_cast<std::size_t>(dark));
}
