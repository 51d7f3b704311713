#include "PdfDocument.h"

#include <Poco/File.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>

#include <cstdio>

namespace Limber {

namespace {

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
