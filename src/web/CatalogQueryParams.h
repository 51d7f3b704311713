#pragma once

#include "WebRequest.h"
#include "catalog/Catalog.h"

#include <string>

namespace Limber {

/// The catalog search a query string asks for: q (words), strategy, region, position,
/// equipment (a term id, or "none"), type (stretch, balance, strength, mobility) and own
/// (true: the clinic's own exercises only). Empty parameters are ignored. Throws
/// ValidationException naming the parameter when a value is not one the catalog knows, so a
/// typo never answers an empty list that looks like a real answer.
ExerciseQuery exerciseQueryOf(const Fields& query, const Catalog& catalog);

/// The language a query's "lang" asks for (en or es, default fallback); throws
/// ValidationException otherwise.
std::string languageParam(const Fields& query, const std::string& fallback = "en");

} // namespace Limber
