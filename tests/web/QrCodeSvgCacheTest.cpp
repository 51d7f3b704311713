// The patient page's QR drawings, kept by what they draw.
#include "web/CheckinLinkView.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

const std::string LINK = "https://clinic.example/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE";
const std::string LABEL = "QR code of the check-in link";

} // namespace

TEST(QrCodeSvgCache, AKeptDrawingIsTheFreshOneAndIsNotDrawnAgain) {
    QrCodeSvgCache cache;
    const std::string fresh = qrCodeSvg(LINK, LABEL);
    EXPECT_EQ(cache.svg(LINK, LABEL), fresh);
    EXPECT_EQ(cache.svg(LINK, LABEL), fresh);
    EXPECT_EQ(cache.drawn(), 1u);
}

TEST(QrCodeSvgCache, AnotherTextOrLabelIsDrawnForItself) {
    QrCodeSvgCache cache;
    const std::string other = LINK.substr(0, LINK.size() - 1) + "F";
    cache.svg(LINK, LABEL);
    EXPECT_EQ(cache.svg(other, LABEL), qrCodeSvg(other, LABEL));
    EXPECT_EQ(cache.svg(LINK, "Another label"), qrCodeSvg(LINK, "Another label"));
    EXPECT_NE(cache.svg(other, LABEL), cache.svg(LINK, LABEL));
    EXPECT_EQ(cache.drawn(), 3u);
}

TEST(QrCodeSvgCache, KeepsAtMostItsCapacityAndStillDrawsRightWhenFull) {
    QrCodeSvgCache cache(2);
    const std::string a = LINK + "a", b = LINK + "b", c = LINK + "c";
    cache.svg(a, LABEL);
    cache.svg(b, LABEL);
    EXPECT_EQ(cache.drawn(), 2u);
    EXPECT_EQ(cache.svg(c, LABEL), qrCodeSvg(c, LABEL)); // full: the others are forgotten
    EXPECT_EQ(cache.drawn(), 3u);
    EXPECT_EQ(cache.svg(a, LABEL), qrCodeSvg(a, LABEL));
    EXPECT_EQ(cache.drawn(), 4u);
    EXPECT_EQ(cache.svg(a, LABEL), qrCodeSvg(a, LABEL));
    EXPECT_EQ(cache.drawn(), 4u);

    QrCodeSvgCache none(0);
    none.svg(a, LABEL);
    EXPECT_EQ(none.svg(a, LABEL), qrCodeSvg(a, LABEL));
    EXPECT_EQ(none.drawn(), 2u);
}
