#pragma once

#include "domain/Dose.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace Limber {

/// The therapist forms' one "Side" select stands for a dose's side and, for each side, the order
/// of its repetitions: "both", "each" (alternating), "each-one-side-first", "left", "right".

/// The select's options, value and English label, in the order shown.
const std::vector<std::pair<std::string, std::string>>& sideChoices();

/// The option a dose is shown with.
std::string sideChoiceOf(const Dose& dose);

/// The English label of a dose's side ("each side, all reps on one side first").
std::string sideChoiceLabel(const Dose& dose);

/// Sets dose.side and dose.sideOrder from an option value; false (dose unchanged) when the value
/// is not one of the options.
bool applySideChoice(std::string_view value, Dose& dose);

} // namespace Limber
