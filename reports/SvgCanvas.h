#pragma once

#include "Canvas.h"

#include <string>

namespace Limber {

/// A Canvas that writes an SVG document for the web. Text widths are estimated from average
/// glyph widths (a browser sets the text itself), so leave some room around labels.
class SvgCanvas : public Canvas {
public:
    /// A canvas of width x height points. title is the accessible name of the picture
    /// (role="img" with a <title>); an empty title marks the picture decorative.
    SvgCanvas(double width, double height, std::string title);

    double width() const override { return _width; }
    double height() const override { return _height; }
    void polyline(const std::vector<Point>& points, const Style& style) override;
    void polygon(const std::vector<Point>& points, const Style& style) override;
    void curve(const std::vector<Point>& points, const Style& style) override;
    void rectangle(double x, double y, double width, double height, const Style& style) override;
    void circle(Point centre, double radius, const Style& style) override;
    void text(Point baseline, std::string_view utf8, const TextStyle& style) override;
    double textWidth(std::string_view utf8, const TextStyle& style) const override;

    /// The finished SVG element. Values are XML-escaped; the result is safe to place in HTML.
    std::string svg() const;

private:
    /// Path data through points: M, then command (L or C) and the rest.
    std::string path(const std::vector<Point>& points, char command) const;
    /// Puts what follows in a <g> with group's attributes, unless it already is.
    void enter(const std::string& group);
    void leave();
    double flip(double y) const { return _height - y; }

    double _width;
    double _height;
    std::string _title;
    std::string _body;
    std::string _group; ///< the attributes of the open <g>
    bool _grouped = false;
};

/// The width a browser will likely give text set in style: average glyph widths of a
/// sans-serif face (about 0.55 em regular, 0.6 em bold).
double estimatedTextWidth(std::string_view utf8, const TextStyle& style);

/// Escapes & < > " ' for XML text and attribute values.
std::string escapeXml(std::string_view text);

} // namespace Limber
