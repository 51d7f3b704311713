#pragma once

#include "Canvas.h"
#include "CanvasRecording.h"
#include "domain/Figure.h"

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <tuple>

namespace Limber {

/// Figures drawn once per size and kept: laying a figure out (posing its bodies, placing its
/// props and arrows, fitting it to the canvas) costs many times more than drawing its strokes
/// again, and a day's handouts draw the same few figures at the same one or two sizes.
/// Figures are told apart by id, so one cache serves one library. Safe to share between
/// threads; it holds one drawing per figure and size ever asked for.
class FigureCache {
public:
    /// Draws figure on canvas exactly as drawFigure does (on a quarter-point grid).
    void draw(const Figure& figure, Canvas& canvas) const;
    /// figureAspect(figure), worked out once.
    double aspect(const Figure& figure) const;

private:
    using Key = std::tuple<std::string, double, double>; ///< id, width, height

    mutable std::shared_mutex _mutex;
    mutable std::map<Key, std::unique_ptr<const CanvasRecording>> _drawings;
    mutable std::map<std::string, double> _aspects;
};

} // namespace Limber
