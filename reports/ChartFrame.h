#pragma once

#include "Canvas.h"
#include "domain/Date.h"
#include "domain/ProgramSchedule.h"

#include <string>

namespace Limber {

/// The plot area of a chart inside its canvas, and the strokes and type every chart shares,
/// so that the weekly bars, the pain line and the distribution look like one family.
struct ChartFrame {
    double left = 0;
    double bottom = 0;
    double width = 0;
    double height = 0;

    double right() const { return left + width; }
    double top() const { return bottom + height; }

    static constexpr double LABEL_SIZE = 7.5;
    static constexpr double VALUE_SIZE = 7;

    /// A light horizontal grid line at y with its label at the left ("50%").
    void gridLine(Canvas& canvas, double y, const std::string& label) const;
    /// A dashed vertical line at x over the plot with label ("v2") above it.
    void versionLine(Canvas& canvas, double x, const std::string& label) const;
    /// "No data" text in the middle of the plot.
    void emptyNote(Canvas& canvas, const std::string& text) const;
};

/// Colours in grey, so charts print the same on any printer.
struct ChartInk {
    static constexpr Color GRID = Color::gray(0.85);
    static constexpr Color AXIS = Color::gray(0.35);
    static constexpr Color BAR = Color::gray(0.3);
    static constexpr Color MUTED = Color::gray(0.45);
    static constexpr Color TEXT = Color::gray(0.1);
};

} // namespace Limber
