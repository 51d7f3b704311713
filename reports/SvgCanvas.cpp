#include "SvgCanvas.h"

#include "TextLayout.h"
#include "domain/Utf8.h"

#include <charconv>
#include <string>

namespace Limber {

namespace {

/// A coordinate with at most two decimals and no trailing zeros ("12", "3.5", "0.25").
std::string number(double value) {
    // As printf's "%.2f" rounds (to_chars is specified so), without its cost: every page with
    // a chart writes some hundreds of these.
    char text[32];
    auto [end, error] = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 2);
    std::string result = error == std::errc{} ? std::string(text, end) : std::string("0");
    while (!result.empty() && result.back() == '0')
        result.pop_back();
    if (!result.empty() && result.back() == '.')
        result.pop_back();
    return result == "-0" ? "0" : result;
}

std::string color(const Color& c) {
    auto channel = [](double v) {
        int level = static_cast<int>(v * 255 + 0.5);
        return level < 0 ? 0 : level > 255 ? 255 : level;
    };
    static constexpr char DIGITS[] = "0123456789abcdef";
    std::string text = "#";
    for (int level : {channel(c.red), channel(c.green), channel(c.blue)}) {
        text += DIGITS[level / 16];
        text += DIGITS[level % 16];
    }
    return text;
}

/// The attributes a shape's style shares with its neighbours (set on a <g> around them): all
/// but the line width.
std::string groupAttributes(const Style& style, bool closed) {
    std::string a;
    a += " fill=\"" + (closed && style.fill ? color(style.fillColor) : std::string("none")) + "\"";
    if (style.stroke) {
        a += " stroke=\"" + color(style.strokeColor) + "\"";
        if (style.roundCaps)
            a += " stroke-linecap=\"round\" stroke-linejoin=\"round\"";
        if (!style.dash.empty()) {
            a += " stroke-dasharray=\"";
            for (std::size_t i = 0; i < style.dash.size(); ++i)
                a += (i ? " " : "") + std::to_string(style.dash[i]);
            a += "\"";
        }
    }
    return a;
}

std::string widthAttribute(const Style& style) {
    return style.stroke ? " stroke-width=\"" + number(style.lineWidth) + "\"" : std::string();
}

} // namespace

std::string escapeXml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

SvgCanvas::SvgCanvas(double width, double height, std::string title)
    : _width(width), _height(height), _title(std::move(title)) {}

std::string SvgCanvas::path(const std::vector<Point>& points, char command) const {
    std::string d = "M" + number(points[0].x) + " " + number(flip(points[0].y)) + command;
    for (std::size_t i = 1; i < points.size(); ++i)
        d += (i > 1 ? " " : "") + number(points[i].x) + " " + number(flip(points[i].y));
    return d;
}

void SvgCanvas::enter(const std::string& group) {
    if (_grouped && group == _group)
        return;
    leave();
    _body += "<g" + group + ">";
    _group = group;
    _grouped = true;
}

void SvgCanvas::leave() {
    if (_grouped)
        _body += "</g>";
    _grouped = false;
}

void SvgCanvas::polyline(const std::vector<Point>& pts, const Style& style) {
    if (pts.size() < 2 || !style.stroke)
        return;
    enter(groupAttributes(style, false));
    _body += "<path d=\"" + path(pts, 'L') + "\"" + widthAttribute(style) + "/>";
}

void SvgCanvas::polygon(const std::vector<Point>& pts, const Style& style) {
    if (pts.size() < 3 || (!style.stroke && !style.fill))
        return;
    enter(groupAttributes(style, true));
    _body += "<path d=\"" + path(pts, 'L') + "Z\"" + widthAttribute(style) + "/>";
}

void SvgCanvas::curve(const std::vector<Point>& pts, const Style& style) {
    if (pts.size() < 4 || !style.stroke)
        return;
    enter(groupAttributes(style, false));
    _body += "<path d=\"" + path(pts, 'C') + "\"" + widthAttribute(style) + "/>";
}

void SvgCanvas::rectangle(double x, double y, double width, double height, const Style& style) {
    if (!style.stroke && !style.fill)
        return;
    enter(groupAttributes(style, true));
    _body += "<rect x=\"" + number(x) + "\" y=\"" + number(flip(y + height)) + "\" width=\"" +
             number(width) + "\" height=\"" + number(height) + "\"" + widthAttribute(style) + "/>";
}

void SvgCanvas::circle(Point centre, double radius, const Style& style) {
    if (!style.stroke && !style.fill)
        return;
    enter(groupAttributes(style, true));
    _body += "<circle cx=\"" + number(centre.x) + "\" cy=\"" + number(flip(centre.y)) + "\" r=\"" +
             number(radius) + "\"" + widthAttribute(style) + "/>";
}

void SvgCanvas::text(Point baseline, std::string_view utf8, const TextStyle& style) {
    static const char* anchors[] = {"start", "middle", "end"};
    leave();
    _body += "<text x=\"" + number(baseline.x) + "\" y=\"" + number(flip(baseline.y)) +
             "\" font-size=\"" + number(style.size) + "\" fill=\"" + color(style.color) +
             "\" text-anchor=\"" + anchors[static_cast<int>(style.anchor)] + "\"" +
             (style.bold ? " font-weight=\"bold\"" : "") + ">" + escapeXml(utf8) + "</text>";
}

double SvgCanvas::textWidth(std::string_view utf8, const TextStyle& style) const {
    return estimatedTextWidth(utf8, style);
}

double estimatedTextWidth(std::string_view utf8, const TextStyle& style) {
    std::size_t characters = 0;
    for (std::size_t i = 0; i < utf8.size(); i += decodeUtf8(utf8, i).length)
        ++characters;
    return static_cast<double>(characters) * style.size * (style.bold ? 0.6 : 0.55);
}

std::string SvgCanvas::svg() const {
    std::string head = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + number(_width) +
                       " " + number(_height) + "\" width=\"" + number(_width) + "\" height=\"" +
                       number(_height) + "\" font-family=\"DejaVu Sans, " + "Verdana, sans-serif\"";
    if (_title.empty())
        head += " aria-hidden=\"true\">";
    else
        head += " role=\"img\" aria-label=\"" + escapeXml(_title) + "\"><title>" +
                escapeXml(_title) + "</title>";
    return head + _body + (_grouped ? "</g>" : "") + "</svg>";
}

} // namespace Limber
