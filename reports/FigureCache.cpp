#include "FigureCache.h"

#include "FigureDrawing.h"

#include <mutex>

namespace Limber {

void FigureCache::draw(const Figure& figure, Canvas& canvas) const {
    Key key{figure.id, canvas.width(), canvas.height()};
    const CanvasRecording* drawing = nullptr;
    {
        std::shared_lock lock(_mutex);
        auto found = _drawings.find(key);
        if (found != _drawings.end())
            drawing = found->second.get();
    }
    if (!drawing) {
        // Drawn outside the lock; when two threads race, the first one kept wins.
        auto made = std::make_unique<CanvasRecording>(canvas.width(), canvas.height());
        drawFigure(figure, *made);
        std::unique_lock lock(_mutex);
        drawing = _drawings.try_emplace(std::move(key), std::move(made)).first->second.get();
    }
    // Entries are never replaced or removed, so the drawing outlives the lock.
    drawing->replay(canvas);
}

double FigureCache::aspect(const Figure& figure) const {
    {
        std::shared_lock lock(_mutex);
        auto found = _aspects.find(figure.id);
        if (found != _aspects.end())
            return found->second;
    }
    double aspect = figureAspect(figure);
    std::unique_lock lock(_mutex);
    return _aspects.try_emplace(figure.id, aspect).first->second;
}

} // namespace Limber
