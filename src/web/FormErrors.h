#pragma once

#include "PageRenderer.h"
#include "domain/ValidationException.h"

#include <map>
#include <string>
#include <vector>

namespace Limber {

/// The labels a form shows for its fields, by field name ("recordNumber" -> "Record number").
using FieldLabels = std::map<std::string, std::string>;

/// Puts a form's field errors into data the way every portal form shows them:
/// - "hasErrors", and "errors": a list of {field, label, message} for the summary at the top,
///   each naming the field by its label (a field without a label keeps its name);
/// - for each field in labels that has an error, "<field>Error" (its messages, joined by "; ")
///   and "<field>Invalid", so the template can mark the field (aria-invalid) and point it at
///   its message (aria-describedby).
void setFormErrors(PageData& data, const std::vector<FieldError>& errors,
                   const FieldLabels& labels);

} // namespace Limber
