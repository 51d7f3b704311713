#pragma once

#include "domain/Figure.h"

#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// The drawings exercises name by figure id (Exercise::figureId). Read-only once built; safe
/// to share between threads.
class FigureLibrary {
public:
    /// Adds a figure. Throws Poco::ExistsException when its id is taken.
    void add(Figure figure);
    /// The figure with id, or null.
    const Figure* find(const std::string& id) const;
    const std::vector<Figure>& figures() const { return _figures; }

private:
    std::vector<Figure> _figures;
};

/// The built-in figure library's JSON, compiled into the program.
std::string_view builtInFigureLibraryJson();

/// The built-in figure library, loaded and validated on first use. Throws PackException (with
/// every problem) when it is invalid.
const FigureLibrary& builtInFigureLibrary();

} // namespace Limber
