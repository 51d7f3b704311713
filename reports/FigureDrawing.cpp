#include "FigureDrawing.h"

#include "FigureScene.h"
#include "SvgCanvas.h"

#include <algorithm>
#include <cmath>

namespace Limber {

namespace {

/// Line widths and sizes in units of one point on a 150 x 100 canvas.
constexpr double PADDING = 4; // around the drawing: strokes, arrow heads and hatching fit in it
constexpr double OUTLINE = 0.7;
constexpr double ARROW_WIDTH = 1.1;
constexpr double ARROW_HEAD_LENGTH = 5;
constexpr double ARROW_HEAD_HALF_WIDTH = 2.4;
constexpr double HATCH = 2.5;

struct Ink {
    Color fill;
    Color outline;
    double width; ///< outline width in units
};

Ink inkOf(FigureInk ink) {
    switch (ink) {
    case FigureInk::Near:
        return {Color::white(), Color::black(), OUTLINE};
    case FigureInk::Far:
        return {Color::gray(0.8), Color::gray(0.4), OUTLINE * 0.85};
    case FigureInk::Ghost:
        return {Color::gray(0.97), Color::gray(0.62), OUTLINE * 0.85};
    case FigureInk::Furniture:
        return {Color::gray(0.88), Color::gray(0.3), OUTLINE * 0.8};
    case FigureInk::GhostFurniture:
        return {Color::gray(0.95), Color::gray(0.72), OUTLINE * 0.8};
    case FigureInk::Mat:
        return {Color::gray(0.92), Color::gray(0.55), OUTLINE * 0.6};
    case FigureInk::Strap:
        return {Color::gray(0.3), Color::gray(0.3), 1.5};
    case FigureInk::GhostStrap:
        return {Color::gray(0.75), Color::gray(0.75), 1.5};
    case FigureInk::Stick:
        return {Color::gray(0.3), Color::gray(0.3), 1.7};
    case FigureInk::GhostStick:
        return {Color::gray(0.75), Color::gray(0.75), 1.7};
    }
    return {Color::white(), Color::black(), OUTLINE};
}

/// Maps the scene's centimetres onto the canvas.
class Placement {
public:
    Placement(const FigureScene& scene, const Canvas& canvas) {
        _unit = std::min(canvas.width() / 150, canvas.height() / 100);
        double pad = PADDING * _unit;
        FigureScene::Box box = scene.bounds();
        double width = std::max(box.right - box.left, 1.0);
        double height = std::max(box.top - box.bottom, 1.0);
        double roomX = std::max(canvas.width() - 2 * pad, 0.0);
        double roomY = std::max(canvas.height() - 2 * pad, 0.0);
        _scale = std::min(roomX / width, roomY / height);
        _x = pad + (roomX - width * _scale) / 2 - box.left * _scale;
        // A figure with a floor stands on the bottom edge; others are centred.
        double spareY = roomY - height * _scale;
        _y = pad + (scene.floorY ? 0 : spareY / 2) - box.bottom * _scale;
    }

    Point operator()(const Point& p) const { return {_x + p.x * _scale, _y + p.y * _scale}; }
    std::vector<Point> operator()(const std::vector<Point>& points) const {
        std::vector<Point> out;
        out.reserve(points.size());
        for (const auto& p : points)
            out.push_back((*this)(p));
        return out;
    }
    double scale() const { return _scale; }
    /// Canvas points per unit.
    double unit() const { return _unit; }

private:
    double _unit = 1;
    double _scale = 1;
    double _x = 0;
    double _y = 0;
};

void drawFloor(double floorY, const Placement& place, Canvas& canvas) {
    const double u = place.unit();
    const double pad = PADDING * u;
    double y = place({0, floorY}).y;
    Style hatch = Style::outline(0.45 * u, Color::gray(0.55));
    for (double x = pad + HATCH * u; x <= canvas.width() - pad; x += 4 * u)
        canvas.line({x, y}, {x - HATCH * u, y - HATCH * u}, hatch);
    canvas.line({pad, y}, {canvas.width() - pad, y}, Style::outline(0.9 * u, Color::gray(0.2)));
}

void drawUpright(const SceneUpright& upright, const Placement& place, Canvas& canvas) {
    const double u = place.unit();
    const double top = canvas.height() - PADDING * u;
    Point foot = place({upright.x, upright.bottom});
    if (upright.kind == SceneUpright::Kind::Backdrop) {
        double width = upright.width * place.scale();
        Style panel = Style::filled(Color::gray(upright.ghost ? 0.97 : 0.93));
        canvas.rectangle(foot.x, foot.y, width, top - foot.y, panel);
        Style edge = Style::outline(0.5 * u, Color::gray(0.7));
        canvas.line(foot, {foot.x, top}, edge);
        canvas.line({foot.x + width, foot.y}, {foot.x + width, top}, edge);
        return;
    }
    if (upright.kind == SceneUpright::Kind::Post) {
        Ink ink = inkOf(upright.ghost ? FigureInk::GhostFurniture : FigureInk::Furniture);
        double width = upright.width * place.scale() * upright.side;
        double left = std::min(foot.x, foot.x + width);
        Style style = Style::outline(ink.width * u, ink.outline);
        style.fill = true;
        style.fillColor = ink.fill;
        canvas.rectangle(left, foot.y, std::abs(width), top - foot.y, style);
        return;
    }
    Color color = upright.ghost ? Color::gray(0.7) : Color::gray(0.2);
    Style hatch = Style::outline(0.45 * u, upright.ghost ? Color::gray(0.8) : Color::gray(0.55));
    for (double y = foot.y + HATCH * u; y <= top; y += 4 * u)
        canvas.line({foot.x, y}, {foot.x + upright.side * HATCH * u, y - HATCH * u}, hatch);
    canvas.line(foot, {foot.x, top}, Style::outline(0.9 * u, color));
}

void drawShape(const SceneShape& shape, const Placement& place, Canvas& canvas) {
    const double u = place.unit();
    Ink ink = inkOf(shape.ink);
    switch (shape.kind) {
    case SceneShape::Kind::Body: {
        // One silhouette from overlapping pieces: every outline drawn twice as wide, then
        // every piece filled over the inner half, so only the outer edge stays.
        Style outline = Style::limb(2 * ink.width * u, ink.outline);
        for (const auto& path : shape.paths)
            canvas.polygon(place(path), outline);
        Style fill = Style::filled(ink.fill);
        for (const auto& path : shape.paths)
            canvas.polygon(place(path), fill);
        break;
    }
    case SceneShape::Kind::Polygon: {
        Style style = Style::outline(ink.width * u, ink.outline);
        style.fill = true;
        style.fillColor = ink.fill;
        style.roundCaps = true;
        for (const auto& path : shape.paths)
            canvas.polygon(place(path), style);
        break;
    }
    case SceneShape::Kind::Polyline:
        for (const auto& path : shape.paths)
            canvas.polyline(place(path), Style::limb(ink.width * u, ink.outline));
        break;
    }
}

/// A filled arrow head whose tip is path's last point; shortens path to the head's base.
void drawHead(std::vector<Point>& path, double u, Canvas& canvas) {
    if (path.size() < 2)
        return;
    Point tip = path.back();
    double length = ARROW_HEAD_LENGTH * u;
    // The direction the path arrives from, measured a head's length back.
    Point back = path.front();
    double walked = 0;
    for (std::size_t i = path.size() - 1; i > 0; --i) {
        walked += std::hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
        if (walked >= length) {
            back = path[i - 1];
            break;
        }
    }
    double dx = tip.x - back.x;
    double dy = tip.y - back.y;
    double norm = std::hypot(dx, dy);
    if (norm < 1e-9)
        return;
    dx /= norm;
    dy /= norm;
    length = std::min(length, norm);
    Point base{tip.x - dx * length, tip.y - dy * length};
    double half = ARROW_HEAD_HALF_WIDTH * u;
    canvas.polygon(
        {tip, {base.x - dy * half, base.y + dx * half}, {base.x + dy * half, base.y - dx * half}},
        Style::filled(Color::black()));
    // End the line inside the head so its round cap does not poke out of the tip.
    while (path.size() > 1 &&
           std::hypot(path.back().x - tip.x, path.back().y - tip.y) < length * 0.6)
        path.pop_back();
    path.push_back({tip.x - dx * length * 0.6, tip.y - dy * length * 0.6});
}

void drawArrow(const SceneArrow& arrow, const Placement& place, Canvas& canvas) {
    const double u = place.unit();
    std::vector<Point> path = place(arrow.path);
    if (path.size() < 2)
        return;
    drawHead(path, u, canvas);
    if (arrow.headAtStart) {
        std::reverse(path.begin(), path.end());
        drawHead(path, u, canvas);
    }
    canvas.polyline(path, Style::limb(ARROW_WIDTH * u, Color::black()));
}

} // namespace

void drawFigure(const Figure& figure, Canvas& canvas) {
    FigureScene scene = layOutFigure(figure);
    Placement place(scene, canvas);
    if (scene.floorY)
        drawFloor(*scene.floorY, place, canvas);
    for (const auto& upright : scene.uprights)
        if (upright.ghost)
            drawUpright(upright, place, canvas);
    for (const auto& upright : scene.uprights)
        if (!upright.ghost)
            drawUpright(upright, place, canvas);
    for (const auto& shape : scene.shapes)
        drawShape(shape, place, canvas);
    for (const auto& arrow : scene.arrows)
        drawArrow(arrow, place, canvas);
}

std::string figureSvg(const Figure& figure, const std::string& title) {
    SvgCanvas canvas(FIGURE_WIDTH, FIGURE_HEIGHT, title);
    drawFigure(figure, canvas);
    return canvas.svg();
}

} // namespace Limber
