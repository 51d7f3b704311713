#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// A point in a canvas's own units (points), x to the right, y up from the bottom-left corner.
struct Point {
    double x = 0;
    double y = 0;
};

/// An RGB colour, each channel 0 (none) to 1 (full).
struct Color {
    double red = 0;
    double green = 0;
    double blue = 0;

    static constexpr Color gray(double level) { return {level, level, level}; }
    static constexpr Color black() { return gray(0); }
    static constexpr Color white() { return gray(1); }
    bool operator==(const Color&) const = default;
};

/// How a shape is drawn: filled, outlined, or both. A shape with neither draws nothing.
struct Style {
    bool fill = false;
    Color fillColor = Color::black();
    bool stroke = true;
    Color strokeColor = Color::black();
    double lineWidth = 1;
    bool roundCaps = false; ///< round line ends and joins (limbs of a figure)
    std::vector<int> dash;  ///< on/off lengths in whole points; empty for a solid line

    static Style outline(double width, Color color = Color::black());
    static Style filled(Color color);
    static Style limb(double width, Color color = Color::black());
};

enum class TextAnchor { Start, Middle, End };

/// How a run of text is set: size in points, bold or regular, colour, where x anchors it.
struct TextStyle {
    double size = 10;
    bool bold = false;
    Color color = Color::black();
    TextAnchor anchor = TextAnchor::Start;
};

/// A drawing surface that figures and charts are drawn on once and come out as PDF vectors
/// (PdfCanvas) or SVG for the web (SvgCanvas). Coordinates are in points, y up, relative to the
/// canvas's bottom-left corner. Text is UTF-8; its y is the baseline.
class Canvas {
public:
    virtual ~Canvas() = default;

    virtual double width() const = 0;
    virtual double height() const = 0;

    /// An open path through points (at least two; fewer draws nothing). Only the stroke applies.
    virtual void polyline(const std::vector<Point>& points, const Style& style) = 0;
    /// A closed path through points (at least three; fewer draws nothing).
    virtual void polygon(const std::vector<Point>& points, const Style& style) = 0;
    /// An open path of cubic Bezier curves: points[0] is where it starts, then each curve's two
    /// control points and its end (1 + 3n points; fewer than 4 draws nothing). Only the stroke
    /// applies. This default draws it as a polyline through points along the curves.
    virtual void curve(const std::vector<Point>& points, const Style& style);
    virtual void rectangle(double x, double y, double width, double height, const Style& style) = 0;
    virtual void circle(Point centre, double radius, const Style& style) = 0;
    virtual void text(Point baseline, std::string_view utf8, const TextStyle& style) = 0;
    /// The width text would take when set in style.
    virtual double textWidth(std::string_view utf8, const TextStyle& style) const = 0;

    void line(Point from, Point to, const Style& style) { polyline({from, to}, style); }
};

} // namespace Limber
