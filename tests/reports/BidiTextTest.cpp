#include "reports/BidiText.h"

#include <gtest/gtest.h>

using namespace Limber;

TEST(BidiText, LeavesLeftToRightTextAsItIs) {
    for (const char* text : {"", "Zoë Núñez-Åberg", "Γιώργος", "Анастасия", "Hold 30 s (x2)"}) {
        EXPECT_FALSE(hasRightToLeft(text)) << text;
        EXPECT_EQ(visualOrder(text), text);
    }
}

TEST(BidiText, PutsHebrewInVisualOrderKeepingNumbersAndLatinWordsReadable) {
    EXPECT_TRUE(hasRightToLeft("Dr שרה"));
    EXPECT_EQ(visualOrder("שרה"), "הרש");
    // A line that starts with a Latin letter runs left to right; the Hebrew run is reversed.
    EXPECT_EQ(visualOrder("Dr שרה כהן"), "Dr ןהכ הרש");
    // A line that starts in Hebrew runs right to left; its number keeps its own order.
    EXPECT_EQ(visualOrder("חדר 12"), "12 רדח");
    // Brackets are mirrored, so they still enclose what they enclosed.
    EXPECT_EQ(visualOrder("שרה (כהן)"), "(ןהכ) הרש");
}

TEST(BidiText, ShapesArabicIntoJoinedFormsAndLigatures) {
    // meem hah meem dal: initial, medial, medial, final forms, drawn right to left.
    EXPECT_EQ(visualOrder("\u0645\u062D\u0645\u062F"), "\uFEAA\uFEE4\uFEA4\uFEE3");
    // lam alef is one ligature.
    EXPECT_EQ(visualOrder("\u0644\u0627"), "\uFEFB");
    // Two words: each shaped on its own, the words in right-to-left order.
    EXPECT_EQ(visualOrder("\u0628 \u0628\u0628"), "\uFE90\uFE91 \uFE8F");
}

TEST(BidiText, NamesTheFormsAFontMustHaveForALetter) {
    std::u32string beh = shapedFormsOf(U'\u0628');
    for (char32_t form : {U'\uFE8F', U'\uFE90', U'\uFE91', U'\uFE92'})
        EXPECT_NE(beh.find(form), std::u32string::npos) << std::hex << static_cast<int>(form);
    // Alef joins on its right only: isolated and final.
    EXPECT_EQ(shapedFormsOf(U'\u0627').size(), 2u);
    EXPECT_NE(shapedFormsOf(U'\u0644').find(U'\uFEFB'), std::u32string::npos);
    EXPECT_TRUE(shapedFormsOf(U'a').empty());
    EXPECT_TRUE(shapedFormsOf(U'\u05D0').empty()); // Hebrew is not shaped
}
