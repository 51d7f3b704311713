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
/// notice changed. Each change is pieces of text; the pieces that a person typed (exercise names,
/// advice titles, program titles) are marked so that a page can isolate them for right-to-left
/// text (`<bdi>`), and `text()` joins them for plain output.
struct ChangePiece {
    std::string text;
    bool typed = false;
};

struct ProgramChange {
    std::vector<ChangePiece> pieces;
    std::string text() const;
};

std::vector<ProgramChange> programChanges(const Prescription& before, const Prescription& after,
                                          const Catalog& catalog);

} // namespace Limber
