#pragma once

#include "Canvas.h"
#include "domain/Adherence.h"
#include "domain/ProgramSchedule.h"

namespace Limber {

/// Draws one bar per program week of summary (frequency, 0-100%) on the whole canvas, with
/// the goal (thresholdPercent) as a dashed line, and a dashed vertical line with "v2", "v3"...
/// where a program version took effect. Readable in black and white: weeks at or above the
/// goal are solid, weeks below it are outlined; each bar carries its percentage when there
/// is room. At least 200 x 120 points.
void drawWeeklyAdherence(Canvas& canvas, const AdherenceSummary& summary,
                         const ProgramSchedule& schedule, int thresholdPercent);

} // namespace Limber
