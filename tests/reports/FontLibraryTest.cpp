#include "reports/FontLibrary.h"

#include "domain/Utf8.h"
#include "reports/DocumentFonts.h"
#include "reports/FontCoverage.h"
#include "reports/PdfDocument.h"
#include "reports/TextEncodings.h"
#include "support/TestFiles.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

using namespace Limber;

TEST(FontLibrary, BuiltInFontsHaveEveryCharacterOfEveryEncoding) {
    FontLibrary library;
    const TextEncodings& encodings = TextEncodings::instance();
    std::size_t count = 0;
    for (char32_t c : encodings.characters()) {
        EXPECT_GE(library.builtInAdvance(FontFace::Regular, c), 0)
            << std::hex << static_cast<unsigned>(c);
        EXPECT_GE(library.builtInAdvance(FontFace::Bold, c), 0)
            << std::hex << static_cast<unsigned>(c);
        ++count;
    }
    EXPECT_GT(count, 450u); // Latin-1 and Extended-A, Greek, Cyrillic, punctuation
}

TEST(FontLibrary, PrintsLatinGreekAndCyrillicWithoutAFallback) {
    FontLibrary library;
    for (const char* text : {"José Núñez-Åberg", "Łukasz Żółć", "Γιώργος Παπαδόπουλος",
                             "Анастасия Кузнецова", "Ștefan", "Şükrü Öztürk", "€ – “ok” …"})
        EXPECT_EQ(library.unprintable(text), "") << text;
}

TEST(FontLibrary, NamesWhatCannotBePrintedAndWhy) {
    FontLibrary library;
    EXPECT_NE(library.unprintable("Nguyễn").find("U+1EC5"), std::string::npos);
    // Hebrew needs a fallback font that has it; Syriac is never printed.
    EXPECT_NE(library.unprintable("מרים").find("none of the handout's fonts"), std::string::npos);
    EXPECT_NE(library.unprintable("\u0710\u0712").find("right-to-left scripts other than"),
              std::string::npos);
    EXPECT_NE(library.unprintable("Smile 😀").find("beyond U+FFFF"), std::string::npos);
    EXPECT_NE(library.unprintable("bad \xC3").find("not valid UTF-8"), std::string::npos);
    EXPECT_NE(library.unprintable("bell\x07").find("control character"), std::string::npos);
}

TEST(FontLibrary, UsesAnInstalledFallbackForOtherCharacters) {
    FontLibrary library(PdfFonts{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", ""});
    EXPECT_EQ(library.unprintable("Nguyễn Thị Ánh"), "");
    EXPECT_FALSE(library.fallbackFor(FontFace::Bold, U'ễ').empty()); // bold borrows regular
    EXPECT_NE(library.unprintable("中文").find("none of the handout's fonts"), std::string::npos);
    // DejaVu Sans has Hebrew, and Arabic with every joined form and the lam-alef ligatures.
    EXPECT_EQ(library.unprintable("מרים כהן"), "");
    EXPECT_EQ(library.unprintable("محمد عبد الله"), "");
    EXPECT_EQ(library.unprintable("لا سلام"), "");
}

TEST(FontLibrary, RefusesAFallbackThatIsNotATrueTypeFont) {
    EXPECT_THROW(FontLibrary(PdfFonts{"/nonexistent.ttf", ""}), Poco::FileNotFoundException);
    EXPECT_THROW(FontCoverage::ofBytes("not a font at all", "x.ttf"), Poco::DataFormatException);
    EXPECT_THROW(FontCoverage::ofBytes(std::string("\0\1\0\0\0\5", 6), "short.ttf"),
                 Poco::DataFormatException);
}

TEST(FontLibrary, MeasuresTextTheSameWayLibharuDoes) {
    FontLibrary library;
    PdfDocument pdf;
    DocumentFonts fonts(pdf, library);
    HPDF_Font winAnsi =
        HPDF_GetFont(pdf.handle(),
                     HPDF_LoadTTFontFromFile(
                         pdf.handle(), library.builtInPath(FontFace::Regular).c_str(), HPDF_TRUE),
                     "WinAnsiEncoding");
    const char* text = "Hold 30 s, 2 reps";
    double expected = HPDF_Font_TextWidth(winAnsi, reinterpret_cast<const HPDF_BYTE*>(text),
                                          static_cast<HPDF_UINT>(std::strlen(text)))
                          .width *
                      11 / 1000.0;
    EXPECT_NEAR(fonts.width(text, FontFace::Regular, 11), expected, 0.001);
    // Mixed scripts add up run by run.
    EXPECT_NEAR(fonts.width("Ab Γδ Жж", FontFace::Bold, 10),
                fonts.width("Ab ", FontFace::Bold, 10) + fonts.width("Γδ ", FontFace::Bold, 10) +
                    fonts.width("Жж", FontFace::Bold, 10),
                0.001);
}

TEST(FontLibrary, BuiltInFontsHaveTheLastTableLibharuEmbeds) {
    // libharu 2.3.0 embeds a font table by table, "prep" last, and fails (error 0x1033) on a
    // document whose font data before an empty last table fill whole 4096-byte blocks; which
    // documents do depends on the characters they use. The built-in fonts carry a "prep".
    FontLibrary library;
    for (FontFace face : {FontFace::Regular, FontFace::Bold}) {
        std::ifstream file(library.builtInPath(face), std::ios::binary);
        std::string font((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        ASSERT_GT(font.size(), 12u);
        auto byteAt = [&](std::size_t at) { return static_cast<unsigned char>(font.at(at)); };
        const std::size_t tables = byteAt(4) << 8 | byteAt(5);
        std::uint32_t prepLength = 0;
        for (std::size_t i = 0; i < tables; ++i) {
            const std::size_t record = 12 + 16 * i;
            if (font.compare(record, 4, "prep") == 0)
                prepLength = static_cast<std::uint32_t>(
                    byteAt(record + 12) << 24 | byteAt(record + 13) << 16 |
                    byteAt(record + 14) << 8 | byteAt(record + 15));
        }
        EXPECT_GT(prepLength, 0u) << (face == FontFace::Bold ? "bold" : "regular");
    }
}

TEST(Utf8, DecodesAndRejectsMalformedSequences) {
    EXPECT_EQ(decodeUtf8("é", 0).codePoint, U'é');
    EXPECT_EQ(decodeUtf8("é", 0).length, 2u);
    EXPECT_FALSE(decodeUtf8("\xC0\xAF", 0).valid);     // overlong '/'
    EXPECT_FALSE(decodeUtf8("\xED\xA0\x80", 0).valid); // surrogate
    EXPECT_FALSE(decodeUtf8("\xE2\x82", 0).valid);     // truncated
    std::string out;
    appendUtf8(out, U'€');
    EXPECT_EQ(out, "€");
}

namespace {

/// The dark pixels of text drawn large in the fallback font's face, rendered by poppler: what
/// a reader sees, not what pdftotext extracts.
std::size_t inkOf(const FontLibrary& library, const std::string& text, FontFace face,
                  std::string* fontList = nullptr) {
    PdfDocument pdf;
    DocumentFonts fonts(pdf, library);
    HPDF_Page page = pdf.addPage(200, 100);
    fonts.draw(page, 10, 30, "Zoë " + text, face, 48); // a built-in run and a fallback run
    Testing::TempDir dir;
    Testing::writeFile(dir.file("text.pdf"), pdf.bytes());
    if (fontList)
        *fontList = Testing::runProcess("pdffonts", {dir.file("text.pdf")}).out;
    Testing::runProcess(
        "pdftoppm", {"-r", "36", "-gray", "-singlefile", dir.file("text.pdf"), dir.file("text")});
    std::string image = Testing::readFile(dir.file("text.pgm"));
    // P5 header: "P5\n<width> <height>\n255\n" then one byte a pixel.
    std::size_t headerEnd = 0;
    for (int lines = 0; lines < 3; ++lines)
        headerEnd = image.find('\n', headerEnd) + 1;
    std::size_t dark = 0;
    for (std::size_t i = headerEnd; i < image.size(); ++i)
        dark += static_cast<unsigned char>(image[i]) < 128;
    return dark;
}

} // namespace

TEST(FontLibrary, AFallbackCharacterPrintsWithAllItsAccentsNeverAsABox) {
    FontLibrary library(PdfFonts{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                 "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"});
    for (FontFace face : {FontFace::Regular, FontFace::Bold}) {
        std::string fonts;
        std::size_t plain = inkOf(library, "\u0111\u0111", face); // đ: the fallback, no accent
        std::size_t accented = inkOf(library, "\u1EC5\u1EC5", face, &fonts); // ễ: e + ^ + ~
        std::size_t bare = inkOf(library, "ee", face);
        std::size_t prefix = inkOf(library, "", face);
        accented -= prefix;
        bare -= prefix;
        // The built-in font and the fallback are two fonts: libharu keeps one font per name,
        // and when both were called DejaVuSans the fallback's characters printed as boxes.
        EXPECT_NE(fonts.find("HandoutSans"), std::string::npos) << fonts;
        EXPECT_NE(fonts.find("DejaVuSans"), std::string::npos) << fonts;
        // ễ is "e" plus a glyph made of a circumflex and a tilde: all three must be inked.
        EXPECT_GT(accented, bare + bare / 8)
            << "ễ printed without its accents: " << accented << " dark pixels, ee " << bare;
        EXPECT_GT(plain, 0u);
    }
    EXPECT_FALSE(FontCoverage::ofFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
                     .nestedComponents()
                     .empty());
}

TEST(FontLibrary, HebrewAndArabicPrintInkedNeverAsBoxesOrBlanks) {
    FontLibrary library(PdfFonts{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                 "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"});
    for (FontFace face : {FontFace::Regular, FontFace::Bold}) {
        std::string fonts;
        std::size_t prefix = inkOf(library, "", face);
        std::size_t hebrew = inkOf(library, "מרים", face, &fonts) - prefix;
        EXPECT_NE(fonts.find("DejaVuSans"), std::string::npos) << fonts;
        std::size_t arabic = inkOf(library, "محمد", face) - prefix;
        // Four letters each: about as much ink as four Latin letters, not four blanks.
        std::size_t latin = inkOf(library, "mrym", face) - prefix;
        EXPECT_GT(hebrew, latin / 3) << "Hebrew printed as blanks";
        EXPECT_GT(arabic, latin / 3) << "Arabic printed as blanks";
        // Arabic is measured as it is drawn: joined (initial, medial, medial, final forms),
        // not as four isolated letters.
        PdfDocument pdf;
        DocumentFonts measure(pdf, library);
        double joined = measure.width("محمد", face, 20);
        EXPECT_DOUBLE_EQ(joined, measure.width("\uFEAA\uFEE4\uFEA4\uFEE3", face, 20));
        EXPECT_NE(joined, measure.width("\uFEE1\uFEA1\uFEE1\uFEA9", face, 20));
    }
}
