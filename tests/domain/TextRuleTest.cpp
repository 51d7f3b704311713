#include "domain/TextRule.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

std::string problemOf(std::string_view text, TextKind kind = TextKind::Name,
                      std::size_t max = 120) {
    return checkText(text, kind, max).problem;
}

/// Characters printed documents lack, as a font library would report them.
class NoGreek : public PrintableCharacters {
public:
    std::string missing(char32_t c) const override {
        return c >= 0x0370 && c <= 0x03FF ? describeCharacter(c) + ": no font has it" : "";
    }
};

} // namespace

TEST(TextRule, AcceptsNamesInLatinGreekCyrillicAndVietnamese) {
    for (const char* name : {"José Núñez-Åberg", "Σοφία Παπαδοπούλου", "Анна Павлова",
                             "Nguyễn Thị Hương", "O'Brien", "Zoë"})
        EXPECT_EQ(problemOf(name), "") << name;
}

TEST(TextRule, RefusesBytesThatAreNotUtf8) {
    // Stray bytes, a truncated sequence, an overlong '/', an encoded surrogate, past U+10FFFF.
    for (std::string bad :
         {"Bad\xFF\xFEName", "caf\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"})
        for (TextKind kind : {TextKind::Name, TextKind::Paragraph, TextKind::Plain,
                              TextKind::Secret, TextKind::Received})
            EXPECT_EQ(problemOf(bad, kind), "is not valid UTF-8");
}

TEST(TextRule, NormalisesToNfcAndTrims) {
    CheckedText zoe = checkText("  Zoe\xCC\x88  ", TextKind::Name, 10);
    ASSERT_TRUE(zoe.ok()) << zoe.problem;
    EXPECT_EQ(zoe.text, "Zoë");
    // The same name, spelled either way, is one string.
    EXPECT_EQ(checkText("Jose\xCC\x81", TextKind::Name, 10).text,
              checkText("José", TextKind::Name, 10).text);
    // Secrets and received values are normalised but not trimmed.
    EXPECT_EQ(checkText(" e\xCC\x81 ", TextKind::Secret, 10).text, " é ");
    EXPECT_EQ(checkText(" e\xCC\x81 ", TextKind::Received, 10).text, " é ");
}

TEST(TextRule, RefusesNulAndControlsEverywhere) {
    for (TextKind kind : {TextKind::Name, TextKind::Line, TextKind::Paragraph, TextKind::Plain,
                          TextKind::Secret, TextKind::Received})
        for (std::string bad :
             {std::string("Ann\0Evil", 8), std::string("a\x01z"), std::string("a\x1B[31mz"),
              std::string("a\x7Fz"), std::string("a\xC2\x85z"), std::string("a\rz")}) {
            std::string problem = problemOf(bad, kind);
            EXPECT_NE(problem.find("control characters are not allowed"), std::string::npos)
                << problem;
        }
    EXPECT_EQ(problemOf(std::string("a\0b", 3)), "cannot contain U+0000: control characters are "
                                                 "not allowed");
}

TEST(TextRule, LineBreaksAndTabsOnlyWhereTheFieldIsMultiLine) {
    for (TextKind kind : {TextKind::Name, TextKind::Line, TextKind::Plain, TextKind::Secret})
        for (const char* text : {"a\nb", "a\tb"})
            EXPECT_NE(problemOf(text, kind).find("line breaks and tabs are not allowed"),
                      std::string::npos);
    CheckedText note = checkText("first line\r\n\tsecond line\n", TextKind::Paragraph, 100);
    ASSERT_TRUE(note.ok()) << note.problem;
    EXPECT_EQ(note.text, "first line\n\tsecond line");
    EXPECT_TRUE(checkText("a\nb\tc", TextKind::Received, 10).ok());
}

TEST(TextRule, RefusesBidiAndZeroWidthControlsInPrintedText) {
    for (const char* bad : {"Ann\u202Eevil\u202C", "Ann\u200Dx", "Ann\u200Bx", "\uFEFFAnn",
                            "Ann\u2066x\u2069", "Ann\u200Fx", "Ann\u2060x"})
        for (TextKind kind : {TextKind::Name, TextKind::Line, TextKind::Paragraph}) {
            std::string problem = problemOf(bad, kind);
            EXPECT_NE(problem.find("invisible formatting characters"), std::string::npos)
                << bad << ": " << problem;
        }
    // A search or an e-mail address is never printed: only controls count there.
    EXPECT_EQ(problemOf("a\u200Db", TextKind::Plain), "");
}

TEST(TextRule, RefusesWhatNoHandoutCanPrint) {
    EXPECT_EQ(problemOf("Ann \xF0\x9F\x98\x80"),
              "cannot contain '\xF0\x9F\x98\x80' (U+1F600): characters beyond U+FFFF (emoji and "
              "rare scripts) cannot be printed");
    // Hebrew and Arabic print (shaped and reordered); other right-to-left scripts and typed
    // presentation forms do not.
    for (const char* rightToLeft : {"\u0645\u062D\u0645\u062F", "\u05D3\u05D5\u05D3"})
        EXPECT_EQ(problemOf(rightToLeft), "") << rightToLeft;
    for (const char* syriacOrThaana : {"\u0710\u0712", "\u0780\u07A6"})
        EXPECT_NE(problemOf(syriacOrThaana).find("right-to-left scripts other than"),
                  std::string::npos);
    for (const char* presentationForm : {"\uFEE3\uFEA4", "\uFB50"})
        EXPECT_NE(problemOf(presentationForm).find("presentation forms"), std::string::npos);
    EXPECT_NE(problemOf("\u0905\u0928\u093F\u0932").find("need shaping"), std::string::npos);
    EXPECT_NE(problemOf("a\u2028b").find("separators"), std::string::npos);
    EXPECT_NE(problemOf("a\uE000b").find("private-use"), std::string::npos);
    EXPECT_NE(problemOf("a\u0378b").find("unassigned"), std::string::npos);
}

TEST(TextRule, AsksTheInstalledFontsAboutEveryOtherCharacter) {
    NoGreek fonts;
    EXPECT_EQ(problemOf("Σοφία"), "");
    const PrintableCharacters* before = installPrintableCharacters(&fonts);
    EXPECT_EQ(problemOf("Σοφία"), "cannot contain 'Σ' (U+03A3): no font has it");
    EXPECT_EQ(problemOf("Σοφία", TextKind::Plain), "");
    installPrintableCharacters(before);
}

TEST(TextRule, CountsLengthInCharactersAfterNormalising) {
    EXPECT_TRUE(checkText(std::string(60, 'a'), TextKind::Name, 60).ok());
    EXPECT_EQ(problemOf(std::string(61, 'a'), TextKind::Name, 60), "must be at most 60 characters");
    // 60 two-byte letters are 60 characters, not 120.
    std::string accents;
    for (int i = 0; i < 60; ++i)
        accents += "é";
    EXPECT_TRUE(checkText(accents, TextKind::Name, 60).ok());
    // 60 decomposed letters become 60 characters.
    std::string decomposed;
    for (int i = 0; i < 60; ++i)
        decomposed += "e\xCC\x81";
    EXPECT_TRUE(checkText(decomposed, TextKind::Name, 60).ok());
}

TEST(TextRule, RequireTextAndCheckedFieldNameTheField) {
    try {
        requireText("a\x01", "patient.name", TextKind::Name, 10);
        FAIL() << "no exception";
    } catch (const ValidationException& error) {
        EXPECT_EQ(error.errors().front().field, "patient.name");
    }
    FieldErrors errors;
    EXPECT_EQ(checkedField(errors, "title", "Zoe\xCC\x88", TextKind::Name, 10), "Zoë");
    EXPECT_TRUE(errors.empty());
    checkedField(errors, "title", "\xFF", TextKind::Name, 10);
    ASSERT_EQ(errors.list().size(), 1u);
    EXPECT_EQ(errors.list().front().field, "title");
}

TEST(TextRule, ValidUtf8ReplacesOnlyMalformedBytes) {
    EXPECT_EQ(withValidUtf8("Bad\xFF\xFEName é"), "Bad\uFFFD\uFFFDName é");
    EXPECT_TRUE(isValidUtf8(withValidUtf8("\xC3\x28\xE2\x82\x28\xF0\x28\x8C\x28")));
    EXPECT_EQ(characterCount("Zoë"), 3u);
}
