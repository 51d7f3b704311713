#include "PainTrendChart.h"

#include "ChartFrame.h"
#include "DateText.h"

#include <algorithm>

namespace Limber {

void drawPainTrend(Canvas& canvas, const DayLog& days, Date from, Date to,
                   const ProgramSchedule& schedule, int highPain) {
    ChartFrame frame{32, 24, canvas.width() - 40, canvas.height() - 24 - 24};
    for (int pain = 0; pain <= 10; pain += 2)
        frame.gridLine(canvas, frame.bottom + frame.height * pain / 10.0, std::to_string(pain));
    const int span = std::max(1, from.daysUntil(to));
    auto xOf = [&](Date day) {
        return frame.left + frame.width * from.daysUntil(day) / static_cast<double>(span);
    };
    auto yOf = [&](int pain) { return frame.bottom + frame.height * pain / 10.0; };

    // Date labels: weekly in a month or two, the first of each month beyond.
    const bool weekly = span <= 62;
    double lastLabel = -1e9;
    for (Date day = from; day <= to; day = day.plusDays(1)) {
        bool tick = weekly ? from.daysUntil(day) % 7 == 0 : day.day() == 1;
        if (!tick)
            continue;
        double x = xOf(day);
        if (x - lastLabel < 30)
            continue;
        lastLabel = x;
        canvas.line({x, frame.bottom}, {x, frame.bottom - 3}, Style::outline(0.5, ChartInk::AXIS));
        canvas.text({x, frame.bottom - 12}, dayMonth(day),
                    {ChartFrame::LABEL_SIZE, false, ChartInk::TEXT, TextAnchor::Middle});
    }

    std::vector<Point> before;
    std::vector<Point> after;
    for (Date day = from; day <= to; day = day.plusDays(1)) {
        DayRecord record = days.at(day);
        if (record.painBefore)
            before.push_back({xOf(day), yOf(*record.painBefore)});
        if (record.painAfter)
            after.push_back({xOf(day), yOf(*record.painAfter)});
    }

    Style flagLine = Style::outline(0.8, ChartInk::MUTED);
    flagLine.dash = {1, 2};
    canvas.line({frame.left, yOf(highPain)}, {frame.right(), yOf(highPain)}, flagLine);
    canvas.text({frame.right() - 2, yOf(highPain) + 3}, "flag at " + std::to_string(highPain),
                {ChartFrame::LABEL_SIZE - 0.5, false, ChartInk::MUTED, TextAnchor::End});

    for (const auto& version : schedule.versions)
        if (version.number > 1 && from < version.effectiveFrom && version.effectiveFrom <= to)
            frame.versionLine(canvas, xOf(version.effectiveFrom),
                              "v" + std::to_string(version.number));

    if (before.empty() && after.empty()) {
        frame.emptyNote(canvas, "No pain scores in this period");
        return;
    }
    const bool markers = span <= 120;
    Style afterLine = Style::outline(1.2, ChartInk::MUTED);
    afterLine.dash = {4, 2};
    canvas.polyline(after, afterLine);
    if (markers)
        for (const auto& p : after) {
            Style square = Style::outline(0.9, ChartInk::MUTED);
            square.fill = true;
            square.fillColor = Color::white();
            canvas.rectangle(p.x - 2, p.y - 2, 4, 4, square);
        }
    canvas.polyline(before, Style::outline(1.6, ChartInk::TEXT));
    if (markers)
        for (const auto& p : before)
            canvas.circle(p, 2, Style::filled(ChartInk::TEXT));

    // Legend, top left, above the plot.
    double y = canvas.height() - 9;
    double x = frame.left;
    canvas.line({x, y + 2.5}, {x + 16, y + 2.5}, Style::outline(1.6, ChartInk::TEXT));
    canvas.circle({x + 8, y + 2.5}, 2, Style::filled(ChartInk::TEXT));
    canvas.text({x + 20, y}, "pain before", {ChartFrame::LABEL_SIZE, false, ChartInk::TEXT});
    x += 20 + canvas.textWidth("pain before", {ChartFrame::LABEL_SIZE}) + 14;
    canvas.line({x, y + 2.5}, {x + 16, y + 2.5}, afterLine);
    canvas.text({x + 20, y}, "pain after", {ChartFrame::LABEL_SIZE, false, ChartInk::TEXT});
}

} // namespace Limber
