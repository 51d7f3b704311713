#pragma once

#include "catalog/Catalog.h"
#include "reports/HandoutReport.h"

#include <string>

namespace Limber::Testing {

/// A handout of count exercises from the built-in pack (repeating its exercises with other
/// doses when count is larger than the pack), with notes, both advice items, a six-week
/// program, a check-in link and code: what a clinic prints every day.
Handout sampleHandout(const Catalog& catalog, std::size_t count);

} // namespace Limber::Testing
