#pragma once

#include "PageRenderer.h"
#include "WebRequest.h"
#include "catalog/Catalog.h"

#include <vector>

namespace Limber {

/// The clinic admin's exercise form: every field of a pack's exercise entry, in English and
/// Spanish. Fields are named after the entry's fields: "id", "strategy", "regions" (one box
/// per term), "dose.reps", "range.holdMin", "en.steps" (one line per step), "es.name"...
///
/// Reads the submitted form into an exercise. Lists are one item a line; an empty Spanish
/// block means no Spanish text (a warning, not an error). Throws ValidationException naming
/// the form field of a number that is not a whole number.
Exercise readExerciseForm(const Fields& form);

/// The form field an entry's error is shown on ("defaultDose.holdSeconds" -> "dose.hold",
/// "text.es.steps" -> "es.steps", "regions[2]" -> "regions").
std::string exerciseFormField(const std::string& entryField);

/// The data of exercise_edit.mustache for exercise. Values come from submitted when given (so
/// nothing typed is lost); errors and warnings are entry fields, as the service names them.
PageData exerciseFormData(const Catalog& catalog, const Exercise& exercise, const Fields* submitted,
                          const std::vector<FieldError>& errors);

} // namespace Limber
