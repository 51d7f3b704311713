#pragma once

#include "Dose.h"

#include <string>
#include <string_view>

namespace Limber {

/// The dose written out for a patient, in the given language ("en" or "es"; others fall back to
/// English): "Hold 30 s · 2 reps · each side · once a day, 5 days a week".
std::string describeDose(const Dose& dose, std::string_view language);

/// Just the hold part ("Hold 30 s", "Hold 5 breaths"); empty when the dose has no hold.
std::string describeHold(const Dose& dose, std::string_view language);

/// Just the how-often part ("once a day, 5 days a week").
std::string describeFrequency(const Dose& dose, std::string_view language);

} // namespace Limber
