#pragma once

#include "Dose.h"

#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// The dose written out for a patient, in the given language ("en" or "es"; others fall back to
/// English): "Hold 30 s · 2 reps · each side · once a day, 5 days a week".
std::string describeDose(const Dose& dose, std::string_view language);

/// The dose's parts without how often, in order: hold (if any), reps, sets (if more than one),
/// side (unless both), rest (if any): {"Hold 30 s", "2 reps", "each side"}. describeDose joins
/// them with the how-often part.
std::vector<std::string> describeDoseParts(const Dose& dose, std::string_view language);

/// Just the hold part ("Hold 30 s", "Hold 5 breaths"); empty when the dose has no hold.
std::string describeHold(const Dose& dose, std::string_view language);

/// Just the how-often part ("once a day, 5 days a week").
std::string describeFrequency(const Dose& dose, std::string_view language);

} // namespace Limber
