#include "PdfDocument.h"

#include "BidiText.h"

#include <Poco/File.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <algorithm>
#include <cstdio>
#include <map>

namespace Limber {

namespace {

/// What codes of a UTF-8 font stand for other than their own code point: the Arabic
/// presentation forms visualOrder draws stand for the letters they were shaped from, so that
/// copied, searched or read-aloud text is the text that was typed. The lam-alef ligatures stand
/// for themselves (each is equivalent to its two letters under Unicode's compatibility
/// normalisation): a reader puts right-to-left text back in order character by character, and
/// poppler turned a ligature mapped to lam and alef into alef and lam.
std::map<char32_t, char32_t> shapedLetters() {
    constexpr char32_t FIRST_LAM_ALEF = 0xFEF5, LAST_LAM_ALEF = 0xFEFC;
    std::map<char32_t, char32_t> letters;
    for (char32_t letter = 0x0600; letter <= 0x06FF; ++letter)
        for (char32_t form : shapedFormsOf(letter))
            if (form < FIRST_LAM_ALEF || form > LAST_LAM_ALEF)
                letters.emplace(form, letter);
    return letters;
}

/// Lines of a CMap, in blocks of at most 100 as the CMap format asks: "N begin<kind>" ...
/// "end<kind>".
std::string cmapBlocks(const std::vector<std::string>& lines, const std::string& kind) {
    std::string text;
    for (std::size_t start = 0; start < lines.size(); start += 100) {
        const std::size_t count = std::min<std::size_t>(100, lines.size() - start);
        text += std::to_string(count) + " begin" + kind + "\n";
        for (std::size_t i = start; i < start + count; ++i)
            text += lines[i];
        text += "end" + kind + "\n";
    }
    return text;
}

/// The ToUnicode CMap of a font loaded with libharu's UTF-8 encoding. Its text is shown with
/// two-byte codes that are the characters' own code points (the Basic Multilingual Plane;
/// libharu maps each to its glyph with the font's CIDToGIDMap), so each code stands for itself
/// (a bfrange per run, within one first byte as the format asks; surrogates left out), except
/// the codes of shapedLetters (a bfchar each).
std::string toUnicodeCMap() {
    const std::map<char32_t, char32_t> letters = shapedLetters();
    std::vector<std::string> ranges, chars;
    char line[64];
    for (unsigned high = 0; high <= 0xFF; ++high) {
        if (high >= 0xD8 && high <= 0xDF)
            continue;
        for (unsigned low = 0; low <= 0xFF;) {
            const unsigned code = high << 8 | low;
            if (auto found = letters.find(code); found != letters.end()) {
                std::snprintf(line, sizeof line, "<%04X> <%04X>\n", code,
                              static_cast<unsigned>(found->second));
                chars.push_back(line);
                ++low;
                continue;
            }
            unsigned last = low;
            while (last < 0xFF && !letters.count(high << 8 | (last + 1)))
                ++last;
            std::snprintf(line, sizeof line, "<%04X> <%04X> <%04X>\n", code, high << 8 | last,
                          code);
            ranges.push_back(line);
            low = last + 1;
        }
    }
    return "/CIDInit /ProcSet findresource begin\n"
           "12 dict begin\n"
           "begincmap\n"
           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
           "/CMapName /Adobe-Identity-UCS def\n"
           "/CMapType 2 def\n"
           "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" +
           cmapBlocks(ranges, "bfrange") + cmapBlocks(chars, "bfchar") +
           "endcmap\n"
           "CMapName currentdict /CMap defineresource pop\n"
           "end\n"
           "end\n";
}

/// libharu 2.3 gives a UTF-8 font its encoding CMap (code to CID, `begincidrange`) as its
/// ToUnicode, which is not a ToUnicode CMap: readers warn, and text copied or read aloud from
/// the PDF may come out wrong. This rewrites that stream, in place, as toUnicodeCMap().
void repairToUnicode(HPDF_Font font) {
    auto toUnicode = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT));
    if (!toUnicode || !toUnicode->stream)
        return;
    static const std::string cmap = toUnicodeCMap();
    HPDF_MemStream_FreeData(toUnicode->stream);
    HPDF_Stream_WriteStr(toUnicode->stream, cmap.c_str());
    HPDF_Dict_AddName(toUnicode, "CMapName", "Adobe-Identity-UCS");
    if (auto system =
            static_cast<HPDF_Dict>(HPDF_Dict_GetItem(toUnicode, "CIDSystemInfo", HPDF_OCLASS_DICT)))
        HPDF_Dict_Add(system, "Ordering", HPDF_String_New(toUnicode->mmgr, "UCS", nullptr));
}

void throwOnError(HPDF_STATUS error, HPDF_STATUS detail, void*) {
    char text[96];
    std::snprintf(text, sizeof text, "PDF rendering failed (libharu error 0x%04X, detail %u)",
                  static_cast<unsigned>(error), static_cast<unsigned>(detail));
    throw PdfException(text);
}

} // namespace

PdfDocument::PdfDocument() {
    _doc = HPDF_New(throwOnError, nullptr);
    if (!_doc)
        throw PdfException("PDF rendering failed: out of memory");
    HPDF_SetCompressionMode(_doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(_doc);
}

PdfDocument::~PdfDocument() {
    if (_doc)
        HPDF_Free(_doc);
}

HPDF_Font PdfDocument::loadUtf8Font(const std::string& ttfPath) {
    return loadUtf8Font(ttfPath, {});
}

HPDF_Font PdfDocument::loadUtf8Font(const std::string& ttfPath,
                                    const std::vector<std::uint16_t>& alsoEmbed) {
    if (!Poco::File(ttfPath).exists())
        throw Poco::FileNotFoundException("font file " + ttfPath);
    const char* name = HPDF_LoadTTFontFromFile(_doc, ttfPath.c_str(), HPDF_TRUE);
    HPDF_Font font = HPDF_GetFont(_doc, name, "UTF-8");
    repairToUnicode(font);
    if (!alsoEmbed.empty()) {
        // libharu has no call for this: its glyph table marks what it embeds (hpdf_fontdef.h).
        HPDF_FontDef definition = HPDF_GetFontDef(_doc, name);
        if (definition && definition->type == HPDF_FONTDEF_TYPE_TRUETYPE) {
            auto attributes = static_cast<HPDF_TTFontDefAttr>(definition->attr);
            for (std::uint16_t glyph : alsoEmbed)
                if (attributes->glyph_tbl.flgs && glyph < attributes->num_glyphs)
                    attributes->glyph_tbl.flgs[glyph] = 1;
        }
    }
    return font;
}

HPDF_Page PdfDocument::addPage(double width, double height) {
    HPDF_Page page = HPDF_AddPage(_doc);
    HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(width));
    HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(height));
    return page;
}

void PdfDocument::setInfo(const std::string& title, const std::string& author) {
    HPDF_SetInfoAttr(_doc, HPDF_INFO_TITLE, title.c_str());
    HPDF_SetInfoAttr(_doc, HPDF_INFO_AUTHOR, author.c_str());
    HPDF_SetInfoAttr(_doc, HPDF_INFO_CREATOR, "Limber");
}

std::string PdfDocument::bytes() {
    HPDF_SaveToStream(_doc);
    std::string pdf(HPDF_GetStreamSize(_doc), '\0');
    HPDF_UINT32 size = static_cast<HPDF_UINT32>(pdf.size());
    HPDF_ReadFromStream(_doc, reinterpret_cast<HPDF_BYTE*>(pdf.data()), &size);
    pdf.resize(size);
    HPDF_ResetStream(_doc);
    return pdf;
}

} // namespace Limber
