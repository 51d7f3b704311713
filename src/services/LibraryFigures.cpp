#include "LibraryFigures.h"

#include "reports/FigureDrawing.h"

namespace Limber {

bool LibraryFigures::has(const std::string& figureId) const {
    return _library.find(figureId) != nullptr;
}

void LibraryFigures::draw(const std::string& figureId, Canvas& canvas) const {
    if (const Figure* figure = _library.find(figureId))
        drawFigure(*figure, canvas);
}

} // namespace Limber
