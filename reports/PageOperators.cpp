#include "PageOperators.h"

#include "PdfDocument.h"

#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <cmath>
#include <cstdint>

namespace Limber {

void PageOperators::number(double value) {
    // Integer arithmetic on hundredths: the shortest text for the value, no trailing zeros.
    char text[32];
    char* end = text + sizeof text;
    char* p = end;
    *--p = ' ';
    std::int64_t hundredths = std::llround(value * _scale * 100);
    bool negative = hundredths < 0;
    if (negative)
        hundredths = -hundredths;
    int fraction = static_cast<int>(hundredths % 100);
    if (fraction % 10 != 0)
        *--p = static_cast<char>('0' + fraction % 10);
    if (fraction != 0) {
        *--p = static_cast<char>('0' + fraction / 10);
        *--p = '.';
    }
    std::int64_t whole = hundredths / 100;
    do {
        *--p = static_cast<char>('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);
    if (negative)
        *--p = '-';
    _text.append(p, end);
}

PageOperators& PageOperators::raw(const char* line) {
    _text += line;
    return *this;
}

PageOperators& PageOperators::lineWidth(double width) {
    number(width);
    _text += "w\n";
    return *this;
}

void PageOperators::color(const Color& c, const char* grayOp, const char* rgbOp) {
    // Colour channels are not lengths: written unscaled.
    const double scale = _scale;
    _scale = 1;
    if (c.red == c.green && c.green == c.blue) {
        number(c.red);
        _text += grayOp;
    } else {
        number(c.red);
        number(c.green);
        number(c.blue);
        _text += rgbOp;
    }
    _scale = scale;
}

PageOperators& PageOperators::strokeColor(const Color& c) {
    color(c, "G\n", "RG\n");
    return *this;
}

PageOperators& PageOperators::fillColor(const Color& c) {
    color(c, "g\n", "rg\n");
    return *this;
}

PageOperators& PageOperators::roundLines(bool round) {
    _text += round ? "1 J 1 j\n" : "0 J 0 j\n";
    return *this;
}

PageOperators& PageOperators::dash(const std::vector<int>& pattern) {
    _text += '[';
    for (int length : pattern)
        if (length > 0)
            number(length);
    _text += "] 0 d\n";
    return *this;
}

PageOperators& PageOperators::moveTo(double x, double y) {
    number(x);
    number(y);
    _text += "m\n";
    return *this;
}

PageOperators& PageOperators::lineTo(double x, double y) {
    number(x);
    number(y);
    _text += "l\n";
    return *this;
}

PageOperators& PageOperators::curveTo(double x1, double y1, double x2, double y2, double x3,
                                      double y3) {
    for (double value : {x1, y1, x2, y2, x3, y3})
        number(value);
    _text += "c\n";
    return *this;
}

PageOperators& PageOperators::rectangle(double x, double y, double width, double height) {
    for (double value : {x, y, width, height})
        number(value);
    _text += "re\n";
    return *this;
}

PageOperators& PageOperators::close() {
    _text += "h\n";
    return *this;
}

void PageOperators::paint(const char* op) {
    _text += op;
    flush();
}

void PageOperators::flush() {
    if (_text.empty())
        return;
    auto attr = static_cast<HPDF_PageAttr>(_page->attr);
    if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION) {
        _text.clear();
        throw PdfException("a shape cannot be drawn inside another path or a text object");
    }
    HPDF_STATUS status =
        HPDF_Stream_Write(attr->stream, reinterpret_cast<const HPDF_BYTE*>(_text.data()),
                          static_cast<HPDF_UINT>(_text.size()));
    _text.clear();
    if (status != HPDF_OK)
        throw PdfException("could not write a shape to the page");
}

} // namespace Limber
