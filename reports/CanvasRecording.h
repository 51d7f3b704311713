#pragma once

#include "Canvas.h"

#include <string>
#include <vector>

namespace Limber {

/// A Canvas that keeps what is drawn on it, to draw it again on any canvas of the same size
/// (replay). Coordinates and sizes are kept on a grid (a quarter point by default: invisible in
/// print, and PDF writes them with at most two decimals). Text widths are estimated as
/// SvgCanvas does, since the canvas that will set the text is not known yet.
class CanvasRecording : public Canvas {
public:
    CanvasRecording(double width, double height, double grid = 0.25);

    double width() const override { return _width; }
    double height() const override { return _height; }
    void polyline(const std::vector<Point>& points, const Style& style) override;
    void polygon(const std::vector<Point>& points, const Style& style) override;
    void curve(const std::vector<Point>& points, const Style& style) override;
    void rectangle(double x, double y, double width, double height, const Style& style) override;
    void circle(Point centre, double radius, const Style& style) override;
    void text(Point baseline, std::string_view utf8, const TextStyle& style) override;
    double textWidth(std::string_view utf8, const TextStyle& style) const override;

    /// Draws everything kept, in the order it was drawn, on canvas.
    void replay(Canvas& canvas) const;
    /// How many shapes and texts are kept.
    std::size_t size() const { return _items.size(); }

private:
    struct Item {
        enum class Kind { Polyline, Polygon, Curve, Rectangle, Circle, Text } kind;
        std::vector<Point> points; ///< rectangle: corner and size; circle: centre and radius
        Style style;
        std::string text;
        TextStyle textStyle;
    };

    double snap(double value) const;
    Point snap(Point p) const { return {snap(p.x), snap(p.y)}; }
    std::vector<Point> snap(const std::vector<Point>& points) const;
    Style snap(Style style) const;

    double _width;
    double _height;
    double _grid;
    std::vector<Item> _items;
};

} // namespace Limber
