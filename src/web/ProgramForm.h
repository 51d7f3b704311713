#pragma once

#include "PageRenderer.h"
#include "WebRequest.h"
#include "catalog/Catalog.h"
#include "domain/Program.h"

#include <vector>

namespace Limber {

/// The portal's program builder form: one row per catalog exercise (include box, order, dose
/// fields, note, named "ex.<id>.<field>"), education boxes, title, dates and notes.
///
/// Reads the submitted form into a Prescription. Throws ValidationException whose fields are
/// the form's field names, so the page can mark them.
Prescription readProgramForm(const Fields& form, const Catalog& catalog);

/// Renames a Prescription's validation errors ("items[2].dose.reps") to the form's fields
/// ("ex.tree-pose.reps").
std::vector<FieldError> programFormErrors(const std::vector<FieldError>& errors,
                                          const Prescription& prescription);

/// The data of program_edit.mustache. Values come from the submitted form when given (so
/// nothing typed is lost), else from current, else from each exercise's default dose. The
/// exercises of the program come first ("chosen", in the program's order, each with its dose
/// fields); then the rest of the catalog ("available") where it matches filter. errors and
/// warnings are by form field ("ex.tree-pose.reps"): each shows beside its field, which points
/// at it (aria-describedby); errors are also listed at the top.
PageData programFormData(const Catalog& catalog, const Fields* submitted,
                         const Prescription* current, const std::vector<FieldError>& errors,
                         Date today, const ExerciseQuery& filter = {},
                         const std::vector<FieldError>& warnings = {});

/// The form after a "Move up", "Move down" or "Remove" button ("up:<exercise id>",
/// "down:<id>", "remove:<id>"): the chosen exercises renumbered 1, 2, ... in their new order,
/// or the one removed; everything else as submitted. An action naming no chosen exercise
/// changes only the numbering.
Fields rearrangeProgramForm(const Fields& form, const Catalog& catalog, const std::string& action);

/// A prescription's warnings (see Catalog::warnings) by form field, without the exercise's
/// name (the field is inside its row); program-wide ones under "items".
std::vector<FieldError> programFormWarnings(const std::vector<PrescriptionWarning>& warnings,
                                            const Prescription& prescription,
                                            const Catalog& catalog);

/// The builder's filter bar: the search words and facet choices of filter, for the page.
PageData programFilterData(const Catalog& catalog, const ExerciseQuery& filter);

} // namespace Limber
