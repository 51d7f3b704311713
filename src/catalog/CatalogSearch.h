#pragma once

#include "domain/Exercise.h"

#include <optional>
#include <string>
#include <string_view>

namespace Limber {

/// What a therapist looks for in the catalog. Empty fields match everything.
struct ExerciseQuery {
    /// Words that must all appear in the exercise's id, names or aliases, in any language
    /// ("rodilla pecho"); letter case and accents are ignored ("rodílla" finds "rodilla").
    std::string text;
    std::string strategy;
    std::string region;
    std::string position;
    std::string equipment;
    std::optional<ExerciseType> type;
    /// true: only the clinic's own exercises; false: only packs' exercises; empty: both.
    std::optional<bool> own;

    bool empty() const;
};

/// text in lower case with the accents of Latin letters removed ("Rodílla" -> "rodilla",
/// "Ñandú" -> "nandu"), for comparing what a user types with what a pack says.
std::string foldForSearch(std::string_view text);

/// An exercise id made from its name: the name folded (foldForSearch), each run of other
/// characters than a-z and 0-9 made one dash (apostrophes dropped: "childs-pose"), at most 72
/// characters cut at a dash ("Wall Angel (Standing)" -> "wall-angel-standing", "Estiramiento de
/// cuádriceps" -> "estiramiento-de-cuadriceps"); "exercise" when nothing is left (a name in Greek
/// letters).
std::string exerciseIdFromName(std::string_view name);

/// Whether exercise is what query asks for.
bool matchesQuery(const Exercise& exercise, const ExerciseQuery& query);

} // namespace Limber
