#pragma once

#include "Canvas.h"

#include <hpdf.h>

#include <optional>

namespace Limber {

class DocumentFonts;

/// A Canvas on a region of a libharu page: the canvas's origin is the region's bottom-left
/// corner (page coordinates x, y) and it is width x height points. Drawing is not clipped.
/// The fonts must be UTF-8 fonts of the page's document (PdfDocument::loadUtf8Font).
class PdfCanvas : public Canvas {
public:
    PdfCanvas(HPDF_Page page, HPDF_Font regular, HPDF_Font bold, double x, double y, double width,
              double height);
    /// The same with text set through the document's fonts (any script FontLibrary prints).
    PdfCanvas(HPDF_Page page, DocumentFonts& fonts, double x, double y, double width,
              double height);

    double width() const override { return _width; }
    double height() const override { return _height; }
    void polyline(const std::vector<Point>& points, const Style& style) override;
    void polygon(const std::vector<Point>& points, const Style& style) override;
    void rectangle(double x, double y, double width, double height, const Style& style) override;
    void circle(Point centre, double radius, const Style& style) override;
    void text(Point baseline, std::string_view utf8, const TextStyle& style) override;
    double textWidth(std::string_view utf8, const TextStyle& style) const override;

private:
    /// Sets colours, width, caps and dash of style; returns false when it draws nothing.
    bool apply(const Style& style);
    /// Fills, strokes or both the path just built, per style.
    void paint(const Style& style);
    HPDF_Font font(const TextStyle& style) const { return style.bold ? _bold : _regular; }

    HPDF_Page _page;
    HPDF_Font _regular = nullptr;
    HPDF_Font _bold = nullptr;
    DocumentFonts* _fonts = nullptr;
    double _x;
    double _y;
    double _width;
    double _height;
    // What this canvas last set on the page, so that shapes in the same style (a QR code's
    // hundreds of squares) do not repeat it. Empty until the canvas first sets it.
    std::optional<Color> _fillSet;
    std::optional<Style> _strokeSet;
};

} // namespace Limber
