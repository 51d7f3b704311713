#pragma once

#include "catalog/Catalog.h"
#include "domain/Program.h"

#include <string>
#include <vector>

namespace Limber {

/// What a new version of a program changed from the one before, in the therapist's words,
/// most telling first: exercises added and removed, doses changed ("Tree pose: 5 breaths each
/// side → 8 breaths each side"), notes, the order, advice items, dates, title. Names come from
/// catalog (the id when an exercise is no longer in it). Empty when nothing a patient would
/// notice changed.
std::vector<std::string> programChanges(const Prescription& before, const Prescription& after,
                                        const Catalog& catalog);

} // namespace Limber
