#include "SectionChart.h"

#include "ChartFrame.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace Limber {

namespace {

/// How one series is drawn, so that up to four read apart without colour.
struct SeriesLook {
    Style bar;    ///< its bars
    Style line;   ///< its line
    bool squares; ///< square markers (else round)
    bool hollow;  ///< markers outlined on white (else filled)
};

SeriesLook lookOf(std::size_t index) {
    auto hollowBar = [](Color ink) {
        Style bar = Style::outline(1.2, ink);
        bar.fill = true;
        bar.fillColor = Color::white();
        return bar;
    };
    auto dashed = [](double width, Color ink, std::vector<int> dash) {
        Style line = Style::outline(width, ink);
        line.dash = std::move(dash);
        return line;
    };
    switch (index % 4) {
    case 0:
        return {Style::filled(ChartInk::BAR), Style::outline(1.6, ChartInk::TEXT), false, false};
    case 1:
        return {hollowBar(ChartInk::BAR), dashed(1.2, ChartInk::MUTED, {4, 2}), true, true};
    case 2:
        return {Style::filled(Color::gray(0.65)), dashed(1.2, ChartInk::TEXT, {1, 2}), true, false};
    default:
        return {hollowBar(ChartInk::MUTED), dashed(1.2, ChartInk::MUTED, {6, 2, 1, 2}), false,
                true};
    }
}

void marker(Canvas& canvas, Point at, const SeriesLook& look) {
    Style style = look.hollow ? Style::outline(0.9, look.line.strokeColor)
                              : Style::filled(look.line.strokeColor);
    if (look.hollow) {
        style.fill = true;
        style.fillColor = Color::white();
    }
    if (look.squares)
        canvas.rectangle(at.x - 2, at.y - 2, 4, 4, style);
    else
        canvas.circle(at, 2, style);
}

} // namespace

std::string chartNumber(double value) {
    if (std::fabs(value) < 5e-5)
        value = 0;
    char text[64];
    std::snprintf(text, sizeof text, "%.4f", value);
    std::string out = text;
    out.erase(out.find_last_not_of('0') + 1);
    if (!out.empty() && out.back() == '.')
        out.pop_back();
    return out;
}

std::vector<double> axisMarks(double min, double max) {
    if (!(max > min))
        return {min};
    const double rough = (max - min) / 4;
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    double step = power * 10;
    for (double factor : {1.0, 2.0, 2.5, 5.0})
        if (rough <= power * factor) {
            step = power * factor;
            break;
        }
    std::vector<double> marks;
    const double first = std::ceil(min / step - 1e-9);
    for (double k = first; k * step <= max + step * 1e-9; k += 1)
        marks.push_back(k == 0 ? 0 : k * step);
    // The ends of the axis are marked too when no round step falls near them.
    if (marks.empty() || marks.front() - min > step / 3)
        marks.insert(marks.begin(), min);
    if (max - marks.back() > step / 3)
        marks.push_back(max);
    return marks;
}

void drawSectionChart(Canvas& canvas, const ReportChart& chart) {
    const std::vector<double> marks = axisMarks(chart.min, chart.max);
    const TextStyle labelStyle{ChartFrame::LABEL_SIZE, false, ChartInk::TEXT, TextAnchor::Middle};
    double axisWidth = 0;
    for (double mark : marks)
        axisWidth = std::max(
            axisWidth, canvas.textWidth(chartNumber(mark) + chart.unit, {ChartFrame::LABEL_SIZE}));
    const double left = std::max(32.0, axisWidth + 8);
    // Room below for the labels, above for the legend.
    ChartFrame frame{left, 22, canvas.width() - left - 8, canvas.height() - 22 - 24};
    auto yOf = [&](double value) {
        return frame.bottom + frame.height * (value - chart.min) / (chart.max - chart.min);
    };
    for (double mark : marks)
        frame.gridLine(canvas, yOf(mark), chartNumber(mark) + chart.unit);

    const std::size_t count = chart.labels.size();
    const double slot = frame.width / static_cast<double>(std::max<std::size_t>(count, 1));
    auto centreOf = [&](std::size_t i) {
        return frame.left + slot * (static_cast<double>(i) + 0.5);
    };
    double widest = 0;
    for (const auto& label : chart.labels)
        widest = std::max(widest, canvas.textWidth(label, labelStyle));
    const std::size_t step =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 6) / slot)));
    for (std::size_t i = 0; i < count; i += step)
        canvas.text({centreOf(i), frame.bottom - 11}, chart.labels[i], labelStyle);

    bool anyValue = false;
    for (const auto& series : chart.series)
        for (const auto& value : series.values)
            anyValue = anyValue || value.has_value();
    if (!anyValue) {
        frame.emptyNote(canvas, "No values");
        return;
    }

    const std::size_t seriesCount = std::max<std::size_t>(chart.series.size(), 1);
    if (chart.kind == ReportChart::Kind::Bar) {
        const double baseline = yOf(std::clamp(0.0, chart.min, chart.max));
        const double group = std::min(slot * 0.7, 36.0 * static_cast<double>(seriesCount));
        const double barWidth = group / static_cast<double>(seriesCount);
        const bool roomForValues = barWidth >= 16;
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            const SeriesLook look = lookOf(s);
            const auto& values = chart.series[s].values;
            for (std::size_t i = 0; i < values.size() && i < count; ++i) {
                if (!values[i])
                    continue;
                const double x = centreOf(i) - group / 2 + barWidth * static_cast<double>(s);
                const double y = yOf(*values[i]);
                const double bottom = std::min(y, baseline);
                canvas.rectangle(x, bottom, barWidth, std::max(std::fabs(y - baseline), 0.8),
                                 look.bar);
                if (roomForValues)
                    canvas.text(
                        {x + barWidth / 2, std::max(y, baseline) + 3}, chartNumber(*values[i]),
                        {ChartFrame::VALUE_SIZE, false, ChartInk::TEXT, TextAnchor::Middle});
            }
        }
        if (chart.min < 0 && chart.max > 0)
            canvas.line({frame.left, baseline}, {frame.right(), baseline},
                        Style::outline(0.8, ChartInk::AXIS));
    } else {
        const bool markers = slot >= 6;
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            const SeriesLook look = lookOf(s);
            const auto& values = chart.series[s].values;
            std::vector<Point> run;
            auto flush = [&] {
                if (run.size() == 1 && !markers)
                    marker(canvas, run.front(), look);
                canvas.polyline(run, look.line);
                run.clear();
            };
            for (std::size_t i = 0; i < values.size() && i < count; ++i) {
                if (!values[i]) {
                    flush();
                    continue;
                }
                run.push_back({centreOf(i), yOf(*values[i])});
            }
            flush();
            if (markers)
                for (std::size_t i = 0; i < values.size() && i < count; ++i)
                    if (values[i])
                        marker(canvas, {centreOf(i), yOf(*values[i])}, look);
        }
    }

    // Legend, top left, above the plot: each series' bar or line and marker, then its name.
    const TextStyle legendStyle{ChartFrame::LABEL_SIZE, false, ChartInk::TEXT};
    double x = frame.left;
    const double y = canvas.height() - 10;
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
        const SeriesLook look = lookOf(s);
        if (chart.kind == ReportChart::Kind::Bar) {
            canvas.rectangle(x, y - 1, 10, 7, look.bar);
            x += 14;
        } else {
            canvas.line({x, y + 2.5}, {x + 16, y + 2.5}, look.line);
            marker(canvas, {x + 8, y + 2.5}, look);
            x += 20;
        }
        canvas.text({x, y}, chart.series[s].name, legendStyle);
        x += canvas.textWidth(chart.series[s].name, legendStyle) + 14;
    }
}

} // namespace Limber
