#pragma once

#include "catalog/FigureLibrary.h"
#include "reports/FigureCache.h"
#include "reports/FigureSource.h"

namespace Limber {

/// The figure library as the handout's source of drawings, each drawn once per size and then
/// replayed (FigureCache). Safe to share between threads.
class LibraryFigures : public FigureSource {
public:
    /// The library must outlive this object (the built-in one lives for the whole program).
    explicit LibraryFigures(const FigureLibrary& library = builtInFigureLibrary())
        : _library(library) {}

    bool has(const std::string& figureId) const override;
    double aspect(const std::string& figureId) const override;
    void draw(const std::string& figureId, Canvas& canvas) const override;

private:
    const FigureLibrary& _library;
    FigureCache _drawings;
};

} // namespace Limber
