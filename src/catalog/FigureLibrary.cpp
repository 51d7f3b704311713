#include "FigureLibrary.h"

#include "CatalogFigures.h"
#include "FigureLoader.h"

#include <Poco/Exception.h>

namespace Limber {

void FigureLibrary::add(Figure figure) {
    if (find(figure.id))
        throw Poco::ExistsException("figure \"" + figure.id + "\" is already in the library");
    _figures.push_back(std::move(figure));
}

const Figure* FigureLibrary::find(const std::string& id) const {
    for (const auto& figure : _figures)
        if (figure.id == id)
            return &figure;
    return nullptr;
}

std::string_view builtInFigureLibraryJson() {
    return CatalogFigures::find("figures/back-care-figures.json");
}

const FigureLibrary& builtInFigureLibrary() {
    // Loaded once; a static initialised by a throwing lambda is retried on the next call.
    static const FigureLibrary library =
        loadFigureLibraryOrThrow(builtInFigureLibraryJson(), "back-care-figures.json");
    return library;
}

} // namespace Limber
