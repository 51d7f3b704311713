#include "Canvas.h"

namespace Limber {

void Canvas::curve(const std::vector<Point>& points, const Style& style) {
    if (points.size() < 4)
        return;
    constexpr int STEPS = 12;
    std::vector<Point> line{points[0]};
    for (std::size_t i = 0; i + 3 < points.size(); i += 3) {
        const Point& p0 = points[i];
        const Point& c1 = points[i + 1];
        const Point& c2 = points[i + 2];
        const Point& p1 = points[i + 3];
        for (int step = 1; step <= STEPS; ++step) {
            double t = static_cast<double>(step) / STEPS;
            double u = 1 - t;
            double a = u * u * u;
            double b = 3 * u * u * t;
            double c = 3 * u * t * t;
            double d = t * t * t;
            line.push_back({a * p0.x + b * c1.x + c * c2.x + d * p1.x,
                            a * p0.y + b * c1.y + c * c2.y + d * p1.y});
        }
    }
    polyline(line, style);
}

Style Style::outline(double width, Color color) {
    Style style;
    style.lineWidth = width;
    style.strokeColor = color;
    return style;
}

Style Style::filled(Color color) {
    Style style;
    style.fill = true;
    style.fillColor = color;
    style.stroke = false;
    return style;
}

Style Style::limb(double width, Color color) {
    Style style = outline(width, color);
    style.roundCaps = true;
    return style;
}

} // namespace Limber
