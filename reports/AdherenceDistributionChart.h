#pragma once

#include "Canvas.h"
#include "domain/ClinicReport.h"

#include <vector>

namespace Limber {

/// Draws how many patients fall in each adherence band (0-9% ... 90-100%) on the whole
/// canvas, the count above each bar; bands below the goal (thresholdPercent) are outlined,
/// the others solid, so it reads in black and white. At least 240 x 120 points.
void drawAdherenceDistribution(Canvas& canvas, const std::vector<AdherenceBand>& bands,
                               int thresholdPercent);

} // namespace Limber
