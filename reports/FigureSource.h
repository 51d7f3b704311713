#pragma once

#include "Canvas.h"

#include <string>

namespace Limber {

/// Where the handout gets the drawings of its exercises (the figure library). A handout
/// printed without one has no figure areas.
class FigureSource {
public:
    virtual ~FigureSource() = default;
    /// Whether there is a drawing for figureId.
    virtual bool has(const std::string& figureId) const = 0;
    /// The width / height of the box figureId's drawing fills best (figureAspect); 0 when
    /// there is no such drawing.
    virtual double aspect(const std::string& figureId) const = 0;
    /// Draws figureId scaled to fill canvas.
    virtual void draw(const std::string& figureId, Canvas& canvas) const = 0;
};

} // namespace Limber
