#include "PdfCanvas.h"

#include "DocumentFonts.h"

namespace Limber {

namespace {

HPDF_REAL real(double value) {
    return static_cast<HPDF_REAL>(value);
}

} // namespace

PdfCanvas::PdfCanvas(HPDF_Page page, HPDF_Font regular, HPDF_Font bold, double x, double y,
                     double width, double height)
    : _page(page), _regular(regular), _bold(bold), _x(x), _y(y), _width(width), _height(height) {}

PdfCanvas::PdfCanvas(HPDF_Page page, DocumentFonts& fonts, double x, double y, double width,
                     double height)
    : _page(page), _fonts(&fonts), _x(x), _y(y), _width(width), _height(height) {}

bool PdfCanvas::apply(const Style& style) {
    if (!style.fill && !style.stroke)
        return false;
    if (style.fill && _fillSet != style.fillColor) {
        HPDF_Page_SetRGBFill(_page, real(style.fillColor.red), real(style.fillColor.green),
                             real(style.fillColor.blue));
        _fillSet = style.fillColor;
    }
    if (style.stroke &&
        !(_strokeSet && _strokeSet->strokeColor == style.strokeColor &&
          _strokeSet->lineWidth == style.lineWidth && _strokeSet->roundCaps == style.roundCaps &&
          _strokeSet->dash == style.dash)) {
        _strokeSet = style;
        HPDF_Page_SetRGBStroke(_page, real(style.strokeColor.red), real(style.strokeColor.green),
                               real(style.strokeColor.blue));
        HPDF_Page_SetLineWidth(_page, real(style.lineWidth));
        HPDF_Page_SetLineCap(_page, style.roundCaps ? HPDF_ROUND_END : HPDF_BUTT_END);
        HPDF_Page_SetLineJoin(_page, style.roundCaps ? HPDF_ROUND_JOIN : HPDF_MITER_JOIN);
        // libharu takes at most 8 whole-point dash lengths.
        HPDF_UINT16 pattern[8] = {};
        HPDF_UINT count = 0;
        for (int length : style.dash)
            if (count < 8 && length > 0)
                pattern[count++] = static_cast<HPDF_UINT16>(length);
        HPDF_Page_SetDash(_page, count ? pattern : nullptr, count, 0);
    }
    return true;
}

void PdfCanvas::paint(const Style& style) {
    if (style.fill && style.stroke)
        HPDF_Page_FillStroke(_page);
    else if (style.fill)
        HPDF_Page_Fill(_page);
    else
        HPDF_Page_Stroke(_page);
}

void PdfCanvas::polyline(const std::vector<Point>& points, const Style& style) {
    if (points.size() < 2 || !style.stroke)
        return;
    Style strokeOnly = style;
    strokeOnly.fill = false;
    apply(strokeOnly);
    HPDF_Page_MoveTo(_page, real(_x + points[0].x), real(_y + points[0].y));
    for (std::size_t i = 1; i < points.size(); ++i)
        HPDF_Page_LineTo(_page, real(_x + points[i].x), real(_y + points[i].y));
    HPDF_Page_Stroke(_page);
}

void PdfCanvas::polygon(const std::vector<Point>& points, const Style& style) {
    if (points.size() < 3 || !apply(style))
        return;
    HPDF_Page_MoveTo(_page, real(_x + points[0].x), real(_y + points[0].y));
    for (std::size_t i = 1; i < points.size(); ++i)
        HPDF_Page_LineTo(_page, real(_x + points[i].x), real(_y + points[i].y));
    HPDF_Page_ClosePath(_page);
    paint(style);
}

void PdfCanvas::rectangle(double x, double y, double width, double height, const Style& style) {
    if (!apply(style))
        return;
    HPDF_Page_Rectangle(_page, real(_x + x), real(_y + y), real(width), real(height));
    paint(style);
}

void PdfCanvas::circle(Point centre, double radius, const Style& style) {
    if (!apply(style))
        return;
    HPDF_Page_Circle(_page, real(_x + centre.x), real(_y + centre.y), real(radius));
    paint(style);
}

void PdfCanvas::text(Point baseline, std::string_view utf8, const TextStyle& style) {
    if (utf8.empty())
        return;
    double x = _x + baseline.x;
    if (style.anchor != TextAnchor::Start) {
        double width = textWidth(utf8, style);
        x -= style.anchor == TextAnchor::Middle ? width / 2 : width;
    }
    HPDF_Page_SetRGBFill(_page, real(style.color.red), real(style.color.green),
                         real(style.color.blue));
    _fillSet = style.color;
    if (_fonts) {
        _fonts->draw(_page, x, _y + baseline.y, utf8,
                     style.bold ? FontFace::Bold : FontFace::Regular, style.size);
        return;
    }
    std::string text(utf8);
    HPDF_Page_BeginText(_page);
    HPDF_Page_SetFontAndSize(_page, font(style), real(style.size));
    HPDF_Page_TextOut(_page, real(x), real(_y + baseline.y), text.c_str());
    HPDF_Page_EndText(_page);
}

double PdfCanvas::textWidth(std::string_view utf8, const TextStyle& style) const {
    if (utf8.empty())
        return 0;
    if (_fonts)
        return _fonts->width(utf8, style.bold ? FontFace::Bold : FontFace::Regular, style.size);
    HPDF_TextWidth width =
        HPDF_Font_TextWidth(font(style), reinterpret_cast<const HPDF_BYTE*>(utf8.data()),
                            static_cast<HPDF_UINT>(utf8.size()));
    return width.width * style.size / 1000.0;
}

} // namespace Limber
