#pragma once

#include "FigureLibrary.h"
#include "Pack.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// What loading a figure library found: the library when it has no errors, and every problem
/// (file, figure id, field, reason), as for packs.
struct FigureLoadResult {
    std::optional<FigureLibrary> library;
    std::vector<PackProblem> problems;

    bool hasErrors() const { return !problems.empty(); }
};

/// Parses and validates figure library JSON (format in README "Figures"). fileName is used in
/// problems only.
FigureLoadResult loadFigureLibrary(std::string_view json, const std::string& fileName);

/// Loads a figure library and throws PackException when it has errors.
FigureLibrary loadFigureLibraryOrThrow(std::string_view json, const std::string& fileName);

} // namespace Limber
