#pragma once

#include "Canvas.h"

#include <hpdf.h>

#include <string>
#include <vector>

namespace Limber {

/// Writes drawing operators straight into a libharu page's content stream: the graphics state
/// a shape needs, its path, and how it is painted, collected and written at once when the
/// shape is painted. libharu's own operators (HPDF_Page_MoveTo, LineTo, SetRGBStroke...) clear
/// a 512-byte buffer byte by byte and format every number on its own for every call: for a
/// handout's figures and QR code that cost more than the rest of the page. Numbers are written
/// with at most two decimals (a hundredth of a point).
///
/// The page must be outside any path or text object, as between libharu drawing calls, and
/// stays so. What is set here is not known to libharu (HPDF_Page_GetLineWidth and the like);
/// HPDF_Page_GSave and GRestore still bracket it. Throws PdfException when the page is not in
/// that state or the write fails.
class PageOperators {
public:
    explicit PageOperators(HPDF_Page page) : _page(page) {}

    /// Numbers are written multiplied by scale (with a matching "cm" set by the caller): in
    /// quarter points (scale 4), coordinates on a quarter-point grid are whole numbers.
    void setScale(double scale) { _scale = scale; }
    double scale() const { return _scale; }
    /// An operator line written as it is, with the next shape (or flush()).
    PageOperators& raw(const char* line);
    /// Writes what is collected now.
    void flush();

    PageOperators& lineWidth(double width);
    PageOperators& strokeColor(const Color& color);
    PageOperators& fillColor(const Color& color);
    /// Round caps and joins, or butt caps and mitred joins.
    PageOperators& roundLines(bool round);
    /// On/off lengths in points; empty for a solid line.
    PageOperators& dash(const std::vector<int>& pattern);

    PageOperators& moveTo(double x, double y);
    PageOperators& lineTo(double x, double y);
    PageOperators& curveTo(double x1, double y1, double x2, double y2, double x3, double y3);
    PageOperators& rectangle(double x, double y, double width, double height);
    PageOperators& close();

    /// Paints the path (stroke, fill, or fill then stroke) and writes everything collected.
    void stroke() { paint("S\n"); }
    void fill() { paint("f\n"); }
    void fillAndStroke() { paint("B\n"); }

private:
    void number(double value);
    void color(const Color& color, const char* grayOp, const char* rgbOp);
    void paint(const char* op);

    HPDF_Page _page;
    std::string _text;
    double _scale = 1;
};

} // namespace Limber
