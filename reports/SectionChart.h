#pragma once

#include "Canvas.h"
#include "domain/PatientReport.h"

#include <string>
#include <vector>

namespace Limber {

/// Draws a plugin's chart (ReportChart) on the whole canvas in the family of the adherence and
/// pain charts (ChartFrame, ChartInk): the value axis with its grid from chart.min to chart.max,
/// one slot per label along the bottom (every nth label when they would collide), the series as
/// grouped bars or as lines broken where a value is missing, and a legend above the plot naming
/// each series. Readable in black and white: each series has its own fill or dash and marker.
/// At least 240 x 120 points.
void drawSectionChart(Canvas& canvas, const ReportChart& chart);

/// The values the value axis is marked at: round steps (1, 2, 2.5 or 5 times a power of ten)
/// from min to max, about five marks, and min or max themselves when no step falls within a
/// third of a step of them.
std::vector<double> axisMarks(double min, double max);

/// A value as an axis or bar label: at most four decimals, no trailing zeros, no "-0".
std::string chartNumber(double value);

} // namespace Limber
