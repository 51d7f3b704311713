#include "LibraryFigures.h"

namespace Limber {

bool LibraryFigures::has(const std::string& figureId) const {
    return _library.find(figureId) != nullptr;
}

double LibraryFigures::aspect(const std::string& figureId) const {
    const Figure* figure = _library.find(figureId);
    return figure ? _drawings.aspect(*figure) : 0;
}

void LibraryFigures::draw(const std::string& figureId, Canvas& canvas) const {
    if (const Figure* figure = _library.find(figureId))
        _drawings.draw(*figure, canvas);
}

} // namespace Limber
