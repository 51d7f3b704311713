#include "reports/TextLayout.h"

#include "domain/Utf8.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

/// Every character (not byte) is 1 point wide.
double characters(std::string_view text) {
    double width = 0;
    for (std::size_t i = 0; i < text.size(); i += decodeUtf8(text, i).length)
        width += 1;
    return width;
}

} // namespace

TEST(TextLayout, BreaksAtSpacesWithinTheWidth) {
    auto lines = wrapText("Lie on your back and pull both knees", 12, characters);
    EXPECT_EQ(lines, (std::vector<std::string>{"Lie on your", "back and", "pull both", "knees"}));
}

TEST(TextLayout, CountsCharactersNotBytes) {
    // 12 characters but 16 bytes: fits a 12-point line.
    auto lines = wrapText("Núñez-Åberg é", 13, characters);
    EXPECT_EQ(lines, (std::vector<std::string>{"Núñez-Åberg é"}));
}

TEST(TextLayout, SplitsAnOverlongWordBetweenCharacters) {
    auto lines = wrapText("Ñññññññññññ ok", 4, characters);
    EXPECT_EQ(lines, (std::vector<std::string>{"Ññññ", "ññññ", "ñññ", "ok"}));
    for (const auto& line : lines)
        EXPECT_LE(characters(line), 4);
}

TEST(TextLayout, KeepsExplicitNewlinesAndNeverReturnsNothing) {
    EXPECT_EQ(wrapText("a\nb", 10, characters), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(wrapText("", 10, characters), (std::vector<std::string>{""}));
    EXPECT_EQ(wrapText("   spaced   out  ", 20, characters),
              (std::vector<std::string>{"spaced out"}));
}

TEST(TextLayout, PaginatesWithoutSplittingBlocks) {
    EXPECT_EQ(paginate({40, 40, 40, 90, 10}, 100, 100), (std::vector<int>{0, 0, 1, 2, 2}));
    // A block taller than a page gets a page of its own.
    EXPECT_EQ(paginate({10, 150, 10}, 100, 100), (std::vector<int>{0, 1, 2}));
    // The first page may be shorter (a header) or taller.
    EXPECT_EQ(paginate({30, 30}, 50, 100), (std::vector<int>{0, 1}));
}

TEST(TextLayout, KeepsHeadingsWithWhatFollowsAndStartsPagesWhereAsked) {
    // A heading (kept with the next block) that fits but whose next block does not moves on.
    std::vector<FlowBlock> blocks = {{70, false, false}, {10, false, true}, {30, false, false}};
    EXPECT_EQ(paginate(blocks, 100), (std::vector<int>{0, 1, 1}));
    // A block that must start a page does, even with room left.
    blocks = {{10, false, false}, {10, true, false}, {10, false, false}};
    EXPECT_EQ(paginate(blocks, 100), (std::vector<int>{0, 1, 1}));
    // A chain taller than a page does not push its head onto an empty page forever.
    blocks = {{60, false, true}, {60, false, true}, {60, false, false}};
    EXPECT_EQ(paginate(blocks, 100), (std::vector<int>{0, 1, 2}));
}

TEST(TextLayout, MeasuresEachWordOnce) {
    int calls = 0;
    auto counting = [&calls](std::string_view text) {
        ++calls;
        return characters(text);
    };
    wrapText("one two three four five six seven eight nine ten", 12, counting);
    EXPECT_LE(calls, 11); // ten words and a space
}

TEST(TextLayout, BreaksAnOverlongWordAfterAHyphenFirst) {
    auto lines = wrapText("Konstantinopoulou-Wolfeschlegel Bergerdorff", 20, characters);
    EXPECT_EQ(lines,
              (std::vector<std::string>{"Konstantinopoulou-", "Wolfeschlegel", "Bergerdorff"}));
}

TEST(TextLayout, FillsAPageUnderAThirdFromThePageBefore) {
    // Greedy: 90 | 40 50 | 20 | (new section) 60. The third page holds a fifth of a page; the
    // 50 before it moves down, and the second page keeps 40, more than a third.
    std::vector<FlowBlock> blocks = {{90, false, false},
                                     {40, false, false},
                                     {50, false, false},
                                     {20, false, false},
                                     {60, true, false}};
    EXPECT_EQ(paginate(blocks, 100), (std::vector<int>{0, 1, 2, 2, 3}));
    // A heading kept with its block moves with it.
    blocks = {{90, false, false}, {40, false, false}, {10, false, true},
              {40, false, false}, {20, false, false}, {60, true, false}};
    EXPECT_EQ(paginate(blocks, 100), (std::vector<int>{0, 1, 2, 2, 2, 3}));
}

TEST(TextLayout, LeavesAThinPageWhenNothingCanFillIt) {
    // The last page may hold little.
    EXPECT_EQ(paginate(std::vector<FlowBlock>{{90, false, false}, {20, false, false}}, 100),
              (std::vector<int>{0, 1}));
    // Moving the 40 down would leave the page before it under a third.
    std::vector<FlowBlock> blocks = {{90, false, false},
                                     {30, false, false},
                                     {40, false, false},
                                     {31, false, false},
                                     {60, true, false}};
    EXPECT_EQ(paginate(blocks, 100), (std::vector<int>{0, 1, 1, 2, 3}));
    // What moved must fit: 75 does not fit above the 30 already there.
    blocks = {{40, false, false}, {75, false, false}, {30, false, false}, {80, true, false}};
    EXPECT_EQ(paginate(blocks, 100), (std::vector<int>{0, 1, 2, 3}));
    // A page that starts a section takes nothing from the page before.
    blocks = {{80, false, false}, {10, true, false}, {90, true, false}};
    EXPECT_EQ(paginate(blocks, 100), (std::vector<int>{0, 1, 2}));
}

TEST(TextLayout, CountsBlocksThatFillAPageExactlyAsFitting) {
    // Eleven rows of a page's eleventh: sums of fractions come out a hair over the page.
    const double page = 596.0;
    std::vector<FlowBlock> rows(11, FlowBlock{page / 11, false, false});
    std::vector<int> pages = paginate(rows, page);
    EXPECT_EQ(pages.back(), 0);
}
