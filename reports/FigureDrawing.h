#pragma once

#include "Canvas.h"
#include "domain/Figure.h"

#include <string>

namespace Limber {

/// Draws figure on canvas, scaled to fill it with its proportions kept and centred (resting
/// on the bottom edge when it has a floor). Nothing is drawn outside the canvas. Line widths
/// grow with the canvas, so a figure looks the same at any size; it reads best at about
/// 150 x 100 points and is made for black-and-white print.
void drawFigure(const Figure& figure, Canvas& canvas);

/// The width / height of a canvas that figure fills exactly, padding included: a person lying
/// down is wide, one standing tall. Lay out the box a figure is drawn in from it.
double figureAspect(const Figure& figure);

/// The size of a figure in a catalog sheet or a web page, in points.
inline constexpr double FIGURE_WIDTH = 150;
inline constexpr double FIGURE_HEIGHT = 100;

/// figure as an SVG document of FIGURE_WIDTH x FIGURE_HEIGHT whose accessible name is title
/// (the exercise's name).
std::string figureSvg(const Figure& figure, const std::string& title);

} // namespace Limber
