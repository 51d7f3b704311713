#include "CanvasRecording.h"

#include "SvgCanvas.h"

#include <cmath>

namespace Limber {

CanvasRecording::CanvasRecording(double width, double height, double grid)
    : _width(width), _height(height), _grid(grid) {}

double CanvasRecording::snap(double value) const {
    return _grid > 0 ? std::round(value / _grid) * _grid : value;
}

std::vector<Point> CanvasRecording::snap(const std::vector<Point>& points) const {
    std::vector<Point> out;
    out.reserve(points.size());
    for (const auto& p : points)
        out.push_back(snap(p));
    return out;
}

Style CanvasRecording::snap(Style style) const {
    // Line widths on a finer grid: a hairline must not vanish, nor outlines change weight.
    if (_grid > 0)
        style.lineWidth = std::max(_grid / 5, std::round(style.lineWidth * 20) / 20);
    return style;
}

void CanvasRecording::polyline(const std::vector<Point>& points, const Style& style) {
    _items.push_back({Item::Kind::Polyline, snap(points), snap(style), {}, {}});
}

void CanvasRecording::polygon(const std::vector<Point>& points, const Style& style) {
    _items.push_back({Item::Kind::Polygon, snap(points), snap(style), {}, {}});
}

void CanvasRecording::curve(const std::vector<Point>& points, const Style& style) {
    _items.push_back({Item::Kind::Curve, snap(points), snap(style), {}, {}});
}

void CanvasRecording::rectangle(double x, double y, double width, double height,
                                const Style& style) {
    // Both corners on the grid, so that rectangles that touch still touch.
    Point corner = snap(Point{x, y});
    Point far = snap(Point{x + width, y + height});
    _items.push_back({Item::Kind::Rectangle,
                      {corner, {far.x - corner.x, far.y - corner.y}},
                      snap(style),
                      {},
                      {}});
}

void CanvasRecording::circle(Point centre, double radius, const Style& style) {
    _items.push_back({Item::Kind::Circle, {snap(centre), {snap(radius), 0}}, snap(style), {}, {}});
}

void CanvasRecording::text(Point baseline, std::string_view utf8, const TextStyle& style) {
    _items.push_back({Item::Kind::Text, {snap(baseline)}, {}, std::string(utf8), style});
}

double CanvasRecording::textWidth(std::string_view utf8, const TextStyle& style) const {
    return estimatedTextWidth(utf8, style);
}

void CanvasRecording::replay(Canvas& canvas) const {
    for (const Item& item : _items) {
        switch (item.kind) {
        case Item::Kind::Polyline:
            canvas.polyline(item.points, item.style);
            break;
        case Item::Kind::Polygon:
            canvas.polygon(item.points, item.style);
            break;
        case Item::Kind::Curve:
            canvas.curve(item.points, item.style);
            break;
        case Item::Kind::Rectangle:
            canvas.rectangle(item.points[0].x, item.points[0].y, item.points[1].x, item.points[1].y,
                             item.style);
            break;
        case Item::Kind::Circle:
            canvas.circle(item.points[0], item.points[1].x, item.style);
            break;
        case Item::Kind::Text:
            canvas.text(item.points[0], item.text, item.textStyle);
            break;
        }
    }
}

} // namespace Limber
