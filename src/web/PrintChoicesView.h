#pragma once

#include "PageRenderer.h"
#include "domain/Patient.h"

namespace Limber {

/// The patient page's print form, a plain GET form to the handout (it works without
/// JavaScript): paper sizes (Letter first), large print, and the handout's language with the
/// patient's own language chosen. Sets printPapers, printLanguages (each value, label and
/// selected) and printLargePrint.
void addPrintChoices(PageData& data, const Patient& patient);

/// The paper sizes a report's PDF form offers (printPapers), Letter chosen.
void addPaperChoices(PageData& data);

} // namespace Limber
