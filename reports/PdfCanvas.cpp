#include "PdfCanvas.h"

#include "DocumentFonts.h"
#include "PageOperators.h"

#include <exception>

namespace Limber {

namespace {

HPDF_REAL real(double value) {
    return static_cast<HPDF_REAL>(value);
}

} // namespace

PdfCanvas::PdfCanvas(HPDF_Page page, HPDF_Font regular, HPDF_Font bold, double x, double y,
                     double width, double height, Use use)
    : _page(page), _ops(page), _regular(regular), _bold(bold), _width(width), _height(height) {
    begin(x, y, use);
}

PdfCanvas::PdfCanvas(HPDF_Page page, DocumentFonts& fonts, double x, double y, double width,
                     double height, Use use)
    : _page(page), _ops(page), _fonts(&fonts), _width(width), _height(height) {
    begin(x, y, use);
}

void PdfCanvas::begin(double x, double y, Use use) {
    _exceptions = std::uncaught_exceptions();
    _exclusive = use == Use::Exclusive;
    HPDF_Page_GSave(_page);
    if (_exclusive) {
        HPDF_Page_Concat(_page, 1, 0, 0, 1, real(x), real(y));
    } else {
        _originX = x;
        _originY = y;
    }
}

PdfCanvas::~PdfCanvas() {
    // While an error unwinds, the document is being abandoned (and libharu, poisoned by the
    // error, would throw again).
    if (std::uncaught_exceptions() != _exceptions)
        return;
    HPDF_Page_GRestore(_page);
    if (_fonts)
        _fonts->forgetPageFont();
}

void PdfCanvas::useShapeUnits(bool shapes) {
    if (_shapeUnits == shapes || !_exclusive)
        return;
    _ops.raw(shapes ? "0.25 0 0 0.25 0 0 cm\n" : "4 0 0 4 0 0 cm\n");
    _ops.setScale(shapes ? 4 : 1);
    _shapeUnits = shapes;
    // Line widths and dash lengths are lengths in the coordinates they are used in.
    _lineWidthSet.reset();
    if (_dashSet && !_dashSet->empty())
        _dashSet.reset();
    if (!shapes)
        _ops.flush();
}

bool PdfCanvas::apply(const Style& style) {
    if (!style.fill && !style.stroke)
        return false;
    useShapeUnits(true);
    if (style.fill && _fillSet != style.fillColor) {
        _ops.fillColor(style.fillColor);
        _fillSet = style.fillColor;
    }
    if (!style.stroke)
        return true;
    if (_strokeColorSet != style.strokeColor) {
        _ops.strokeColor(style.strokeColor);
        _strokeColorSet = style.strokeColor;
    }
    if (_lineWidthSet != style.lineWidth) {
        _ops.lineWidth(style.lineWidth);
        _lineWidthSet = style.lineWidth;
    }
    if (_roundCapsSet != style.roundCaps) {
        _ops.roundLines(style.roundCaps);
        _roundCapsSet = style.roundCaps;
    }
    if (_dashSet != style.dash) {
        _ops.dash(style.dash);
        _dashSet = style.dash;
    }
    return true;
}

void PdfCanvas::paint(const Style& style) {
    if (style.fill && style.stroke)
        _ops.fillAndStroke();
    else if (style.fill)
        _ops.fill();
    else
        _ops.stroke();
}

void PdfCanvas::polyline(const std::vector<Point>& points, const Style& style) {
    if (points.size() < 2 || !style.stroke)
        return;
    Style strokeOnly = style;
    strokeOnly.fill = false;
    apply(strokeOnly);
    _ops.moveTo(pageX(points[0].x), pageY(points[0].y));
    for (std::size_t i = 1; i < points.size(); ++i)
        _ops.lineTo(pageX(points[i].x), pageY(points[i].y));
    _ops.stroke();
}

void PdfCanvas::polygon(const std::vector<Point>& points, const Style& style) {
    if (points.size() < 3 || !apply(style))
        return;
    _ops.moveTo(pageX(points[0].x), pageY(points[0].y));
    for (std::size_t i = 1; i < points.size(); ++i)
        _ops.lineTo(pageX(points[i].x), pageY(points[i].y));
    _ops.close();
    paint(style);
}

void PdfCanvas::curve(const std::vector<Point>& points, const Style& style) {
    if (points.size() < 4 || !style.stroke)
        return;
    Style strokeOnly = style;
    strokeOnly.fill = false;
    apply(strokeOnly);
    _ops.moveTo(pageX(points[0].x), pageY(points[0].y));
    for (std::size_t i = 1; i + 2 < points.size(); i += 3)
        _ops.curveTo(pageX(points[i].x), pageY(points[i].y), pageX(points[i + 1].x),
                     pageY(points[i + 1].y), pageX(points[i + 2].x), pageY(points[i + 2].y));
    _ops.stroke();
}

void PdfCanvas::rectangle(double x, double y, double width, double height, const Style& style) {
    if (!apply(style))
        return;
    _ops.rectangle(pageX(x), pageY(y), width, height);
    paint(style);
}

void PdfCanvas::circle(Point centre, double radius, const Style& style) {
    if (!apply(style))
        return;
    // Four quarter arcs, each a cubic curve.
    const double k = 0.5523 * radius;
    const double x = pageX(centre.x);
    const double y = pageY(centre.y);
    _ops.moveTo(x + radius, y)
        .curveTo(x + radius, y + k, x + k, y + radius, x, y + radius)
        .curveTo(x - k, y + radius, x - radius, y + k, x - radius, y)
        .curveTo(x - radius, y - k, x - k, y - radius, x, y - radius)
        .curveTo(x + k, y - radius, x + radius, y - k, x + radius, y)
        .close();
    paint(style);
}

void PdfCanvas::text(Point baseline, std::string_view utf8, const TextStyle& style) {
    if (utf8.empty())
        return;
    useShapeUnits(false);
    double x = pageX(baseline.x);
    if (style.anchor != TextAnchor::Start) {
        double width = textWidth(utf8, style);
        x -= style.anchor == TextAnchor::Middle ? width / 2 : width;
    }
    HPDF_Page_SetRGBFill(_page, real(style.color.red), real(style.color.green),
                         real(style.color.blue));
    _fillSet = style.color;
    if (_fonts) {
        _fonts->draw(_page, x, pageY(baseline.y), utf8,
                     style.bold ? FontFace::Bold : FontFace::Regular, style.size);
        return;
    }
    std::string text(utf8);
    HPDF_Page_BeginText(_page);
    HPDF_Page_SetFontAndSize(_page, font(style), real(style.size));
    HPDF_Page_TextOut(_page, real(x), real(pageY(baseline.y)), text.c_str());
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
