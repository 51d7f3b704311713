#pragma once

#include "domain/Exercise.h"

#include <string>

namespace Limber {

/// The exercise as one exercise entry of the pack format (README "Catalog packs"), the text
/// loadExerciseEntry reads back into the same exercise. Empty fields are left out.
std::string exerciseEntryJson(const Exercise& exercise);

} // namespace Limber
