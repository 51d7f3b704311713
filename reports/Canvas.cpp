#include "Canvas.h"

namespace Limber {

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
