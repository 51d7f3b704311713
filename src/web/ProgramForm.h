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
/// nothing typed is lost), else from current, else from each exercise's default dose. Rows
/// of exercises that are not chosen show only when they match filter (chosen ones always do).
PageData programFormData(const Catalog& catalog, const Fields* submitted,
                         const Prescription* current, const std::vector<FieldError>& errors,
                         Date today, const ExerciseQuery& filter = {});

/// The builder's filter bar: the search words and facet choices of filter, for the page.
PageData programFilterData(const Catalog& catalog, const ExerciseQuery& filter);

} // namespace Limber
