#pragma once

#include "PageRenderer.h"
#include "WebRequest.h"
#include "domain/Patient.h"
#include "services/PrintMemory.h"

#include <string>

namespace Limber {

/// The print choices a query or a form names (?paper=letter|a4&largePrint=true|false&lang=
/// en|es, lang empty for the patient's own language), each empty when absent: the one place
/// they are checked. Throws ValidationException naming every wrong field.
PrintRequest printRequestOf(const Fields& fields);

/// "paper=a4&largePrint=true&lang=es" for the choices request names (absent ones left out).
std::string printQueryOf(const PrintRequest& request);

/// The patient page's print form, a POST form that remembers the choices and opens the
/// handout (it works without JavaScript): paper sizes with the clinic's paper chosen, large
/// print and the handout's language as last printed for the patient (the patient's own
/// language at first). Sets printPapers, printLanguages (each value, label and selected) and
/// printLargePrint.
void addPrintChoices(PageData& data, const Patient& patient, PaperSize clinicPaper);

/// The paper sizes a report's PDF form offers (printPapers), the clinic's paper chosen.
void addPaperChoices(PageData& data, PaperSize clinicPaper);

} // namespace Limber
