#pragma once

#include "Canvas.h"
#include "domain/DayLog.h"
#include "domain/ProgramSchedule.h"

namespace Limber {

/// Draws pain (NPRS 0-10) over [from, to] on the whole canvas: each day's highest pain before
/// a session as a solid line with filled dots, after a session as a dashed line with open
/// squares, the flag level (highPain) as a dotted line, and where a program version took
/// effect. Readable in black and white. At least 200 x 120 points.
void drawPainTrend(Canvas& canvas, const DayLog& days, Date from, Date to,
                   const ProgramSchedule& schedule, int highPain);

} // namespace Limber
