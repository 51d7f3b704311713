#include "FigureDrawing.h"

#include "CanvasRecording.h"
#include "FigureScene.h"
#include "SvgCanvas.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace Limber {

namespace {

/// Line widths and sizes in units of one point on a 150 x 100 canvas.
constexpr double PADDING = 4; // around the drawing: outlines and arrow heads fit in it
constexpr double OUTLINE = 0.75;
constexpr double ARROW_WIDTH = 1.2;
constexpr double ARROW_HEAD_LENGTH = 5.5;
constexpr double ARROW_HEAD_HALF_WIDTH = 2.8;
constexpr double GROUND_BAND = 2.5; // the shaded strip under a floor line or behind a wall

struct Ink {
    Color fill;
    Color outline;
    double width; ///< outline width in units; 0: filled only
};

Ink inkOf(FigureInk ink) {
    switch (ink) {
    case FigureInk::Near:
        return {Color::white(), Color::black(), OUTLINE};
    case FigureInk::Far:
        return {Color::gray(0.66), Color::gray(0.66), 0};
    case FigureInk::Ghost:
        return {Color::gray(0.84), Color::gray(0.84), 0};
    case FigureInk::Furniture:
        return {Color::gray(0.88), Color::gray(0.3), OUTLINE * 0.8};
    case FigureInk::GhostFurniture:
        return {Color::gray(0.95), Color::gray(0.72), OUTLINE * 0.8};
    case FigureInk::Mat:
        return {Color::gray(0.94), Color::gray(0.6), OUTLINE * 0.6};
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

/// The floor: a line across the canvas over a shaded strip.
void drawFloor(double floorY, const Placement& place, Canvas& canvas) {
    const double u = place.unit();
    const double pad = PADDING * u;
    double y = place({0, floorY}).y;
    double band = std::min(GROUND_BAND * u, y);
    canvas.rectangle(pad, y - band, canvas.width() - 2 * pad, band,
                     Style::filled(Color::gray(0.86)));
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
    // A wall: its face, with a shaded strip on its far side.
    double band = GROUND_BAND * u * upright.side;
    canvas.rectangle(std::min(foot.x, foot.x + band), foot.y, std::abs(band), top - foot.y,
                     Style::filled(Color::gray(upright.ghost ? 0.93 : 0.86)));
    canvas.line(foot, {foot.x, top},
                Style::outline(0.9 * u, upright.ghost ? Color::gray(0.7) : Color::gray(0.2)));
}

/// A body part: each stroke first as wide as itself plus the outline on both sides in the
/// outline colour, then as wide as itself in the fill colour, so that the strokes merge into
/// one outlined shape; then its covers in the fill colour. The start pose's ghost is filled
/// only.
void drawBody(const SceneShape& shape, const Ink& ink, const Placement& place, Canvas& canvas) {
    const double u = place.unit();
    const double scale = place.scale();
    auto style = [](const SceneStroke& stroke, double width, const Color& color) {
        Style s = Style::limb(width, color);
        s.roundCaps = !stroke.flat;
        return s;
    };
    if (ink.width > 0) {
        const double outline = ink.width * u;
        for (const auto& stroke : shape.strokes) {
            Point from = place(stroke.from);
            Point to = place(stroke.to);
            if (stroke.flat) {
                // Square ends reach out by the outline, so the end of the trunk is outlined
                // too (inside the trunk the next stroke's fill covers it).
                double length = std::hypot(to.x - from.x, to.y - from.y);
                if (length < 1e-9)
                    continue;
                double ex = (to.x - from.x) / length * outline;
                double ey = (to.y - from.y) / length * outline;
                from = {from.x - ex, from.y - ey};
                to = {to.x + ex, to.y + ey};
            }
            canvas.line(from, to,
                        style(stroke, 2 * stroke.radius * scale + 2 * outline, ink.outline));
        }
    }
    for (const auto& stroke : shape.strokes)
        canvas.line(place(stroke.from), place(stroke.to),
                    style(stroke, 2 * stroke.radius * scale, ink.fill));
    for (const auto& stroke : shape.covers)
        canvas.line(place(stroke.from), place(stroke.to),
                    style(stroke, 2 * stroke.radius * scale, ink.fill));
}

void drawShape(const SceneShape& shape, const Placement& place, Canvas& canvas) {
    const double u = place.unit();
    Ink ink = inkOf(shape.ink);
    switch (shape.kind) {
    case SceneShape::Kind::Body:
        drawBody(shape, ink, place, canvas);
        break;
    case SceneShape::Kind::Polygon: {
        Style style = Style::outline(ink.width * u, ink.outline);
        style.fill = true;
        style.fillColor = ink.fill;
        style.roundCaps = true;
        canvas.polygon(place(shape.points), style);
        break;
    }
    case SceneShape::Kind::Box: {
        if (shape.points.size() < 2)
            break;
        Point a = place(shape.points[0]);
        Point b = place(shape.points[1]);
        Style style = Style::outline(ink.width * u, ink.outline);
        style.fill = true;
        style.fillColor = ink.fill;
        canvas.rectangle(std::min(a.x, b.x), std::min(a.y, b.y), std::abs(b.x - a.x),
                         std::abs(b.y - a.y), style);
        break;
    }
    case SceneShape::Kind::Polyline:
        canvas.polyline(place(shape.points), Style::limb(ink.width * u, ink.outline));
        break;
    }
}

Point lerp(const Point& a, const Point& b, double t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

double distance(const Point& a, const Point& b) {
    return std::hypot(b.x - a.x, b.y - a.y);
}

Point bezier(const std::array<Point, 4>& c, double t) {
    double u = 1 - t;
    return {
        u * u * u * c[0].x + 3 * u * u * t * c[1].x + 3 * u * t * t * c[2].x + t * t * t * c[3].x,
        u * u * u * c[0].y + 3 * u * u * t * c[1].y + 3 * u * t * t * c[2].y + t * t * t * c[3].y};
}

/// A filled arrow head whose tip is the end of curve (a chain of cubic curves, see
/// SceneArrow); ends the curve inside the head so that its round cap does not poke out.
void drawHead(std::vector<Point>& curve, double u, Canvas& canvas) {
    if (curve.size() < 4)
        return;
    const std::size_t last = curve.size() - 4;
    std::array<Point, 4> c{curve[last], curve[last + 1], curve[last + 2], curve[last + 3]};
    const Point tip = c[3];
    double length = ARROW_HEAD_LENGTH * u;
    // Walk back along the last curve: the head points the way the curve arrives over a head's
    // length, and the line stops 60% of the way into the head.
    constexpr int STEPS = 24;
    Point back = c[0];
    double cut = 0;
    double walked = 0;
    Point previous = tip;
    for (int i = STEPS - 1; i >= 0; --i) {
        double t = static_cast<double>(i) / STEPS;
        Point p = bezier(c, t);
        walked += distance(p, previous);
        previous = p;
        if (cut == 0 && walked >= 0.6 * length)
            cut = t;
        if (walked >= length) {
            back = p;
            break;
        }
    }
    double norm = distance(back, tip);
    if (norm < 1e-9)
        return;
    double dx = (tip.x - back.x) / norm;
    double dy = (tip.y - back.y) / norm;
    length = std::min(length, norm);
    Point base{tip.x - dx * length, tip.y - dy * length};
    double half = ARROW_HEAD_HALF_WIDTH * u;
    canvas.polygon(
        {tip, {base.x - dy * half, base.y + dx * half}, {base.x + dy * half, base.y - dx * half}},
        Style::filled(Color::black()));
    if (cut <= 0)
        cut = 0.05;
    // The part of the last curve before cut (de Casteljau).
    Point p01 = lerp(c[0], c[1], cut);
    Point p12 = lerp(c[1], c[2], cut);
    Point p23 = lerp(c[2], c[3], cut);
    Point p012 = lerp(p01, p12, cut);
    Point p123 = lerp(p12, p23, cut);
    curve[last + 1] = p01;
    curve[last + 2] = p012;
    curve[last + 3] = lerp(p012, p123, cut);
}

void drawArrow(const SceneArrow& arrow, const Placement& place, Canvas& canvas) {
    const double u = place.unit();
    std::vector<Point> curve = place(arrow.curve);
    if (curve.size() < 4)
        return;
    drawHead(curve, u, canvas);
    if (arrow.headAtStart) {
        std::reverse(curve.begin(), curve.end());
        drawHead(curve, u, canvas);
    }
    canvas.curve(curve, Style::limb(ARROW_WIDTH * u, Color::black()));
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

double figureAspect(const Figure& figure) {
    FigureScene::Box box = layOutFigure(figure).bounds();
    double width = std::max(box.right - box.left, 1.0);
    double height = std::max(box.top - box.bottom, 1.0);
    // On a canvas FIGURE_WIDTH wide, with the padding of a canvas of that size.
    double scale = (FIGURE_WIDTH - 2 * PADDING) / width;
    return FIGURE_WIDTH / (height * scale + 2 * PADDING);
}

std::string figureSvg(const Figure& figure, const std::string& title) {
    // Through a recording, for its quarter-point grid: shorter numbers, a smaller file.
    CanvasRecording drawing(FIGURE_WIDTH, FIGURE_HEIGHT);
    drawFigure(figure, drawing);
    SvgCanvas canvas(FIGURE_WIDTH, FIGURE_HEIGHT, title);
    drawing.replay(canvas);
    return canvas.svg();
}

} // namespace Limber
