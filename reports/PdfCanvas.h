#pragma once

#include "Canvas.h"
#include "PageOperators.h"

#include <hpdf.h>

#include <optional>
#include <vector>

namespace Limber {

class DocumentFonts;

/// A Canvas on a region of a libharu page: the canvas's origin is the region's bottom-left
/// corner (page coordinates x, y) and it is width x height points. Drawing is not clipped.
/// The fonts must be UTF-8 fonts of the page's document (PdfDocument::loadUtf8Font).
///
/// The canvas saves the page's graphics state when made and restores it when destroyed, so
/// that what it sets (colours, line widths) does not leak into what is drawn after it; destroy
/// it before saving the document. A canvas made for Use::Exclusive has the page to itself
/// while it lives (nothing else draws on the page, no other canvas is made): it moves the
/// page's origin to its corner and writes shapes in quarter points, a third fewer bytes for a
/// figure or a QR code.
class PdfCanvas : public Canvas {
public:
    enum class Use { Shared, Exclusive };

    PdfCanvas(HPDF_Page page, HPDF_Font regular, HPDF_Font bold, double x, double y, double width,
              double height, Use use = Use::Shared);
    /// The same with text set through the document's fonts (any script FontLibrary prints).
    PdfCanvas(HPDF_Page page, DocumentFonts& fonts, double x, double y, double width, double height,
              Use use = Use::Shared);
    ~PdfCanvas() override;
    PdfCanvas(const PdfCanvas&) = delete;
    PdfCanvas& operator=(const PdfCanvas&) = delete;

    double width() const override { return _width; }
    double height() const override { return _height; }
    void polyline(const std::vector<Point>& points, const Style& style) override;
    void polygon(const std::vector<Point>& points, const Style& style) override;
    void curve(const std::vector<Point>& points, const Style& style) override;
    void rectangle(double x, double y, double width, double height, const Style& style) override;
    void circle(Point centre, double radius, const Style& style) override;
    void text(Point baseline, std::string_view utf8, const TextStyle& style) override;
    double textWidth(std::string_view utf8, const TextStyle& style) const override;

private:
    /// Sets colours, width, caps and dash of style; returns false when it draws nothing.
    bool apply(const Style& style);
    /// Fills, strokes or both the path just built, per style, and writes it.
    void paint(const Style& style);
    HPDF_Font font(const TextStyle& style) const { return style.bold ? _bold : _regular; }
    /// Saves the page's graphics state; an exclusive canvas moves the origin to its corner.
    void begin(double x, double y, Use use);
    /// A canvas point in the page's coordinates as they stand.
    double pageX(double x) const { return _originX + x; }
    double pageY(double y) const { return _originY + y; }
    /// Shapes are drawn in quarter points (whole numbers on the grid figures are kept on: a
    /// third fewer bytes to write and compress); text in points. Switches the page's
    /// coordinates to the one about to be drawn.
    void useShapeUnits(bool shapes);

    HPDF_Page _page;
    PageOperators _ops; ///< shapes go straight into the page's content stream
    HPDF_Font _regular = nullptr;
    HPDF_Font _bold = nullptr;
    DocumentFonts* _fonts = nullptr;
    int _exceptions = 0; ///< uncaught exceptions when made: more when destroyed means unwinding
    double _width;
    double _height;
    // What this canvas last set on the page, so that shapes in the same style (a QR code's
    // hundreds of squares, a figure's strokes) do not repeat it. Empty until first set.
    std::optional<Color> _fillSet;
    std::optional<Color> _strokeColorSet;
    std::optional<double> _lineWidthSet;
    std::optional<bool> _roundCapsSet;
    std::optional<std::vector<int>> _dashSet;
    bool _shapeUnits = false; ///< the page's coordinates are in quarter points
    bool _exclusive = false;
    double _originX = 0; ///< the canvas's corner in the page's coordinates as they stand
    double _originY = 0;
};

} // namespace Limber
