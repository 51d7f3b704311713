#include "WeeklyAdherenceChart.h"

#include "ChartFrame.h"
#include "DateText.h"

#include <algorithm>
#include <cmath>

namespace Limber {

void drawWeeklyAdherence(Canvas& canvas, const AdherenceSummary& summary,
                         const ProgramSchedule& schedule, int thresholdPercent) {
    // Room above the plot for the bars' values and the legend line.
    ChartFrame frame{32, 28, canvas.width() - 40, canvas.height() - 28 - 28};
    for (int percent : {0, 25, 50, 75, 100})
        frame.gridLine(canvas, frame.bottom + frame.height * percent / 100.0,
                       std::to_string(percent) + "%");
    const auto& weeks = summary.weeks;
    if (weeks.empty() || summary.expectedDays <= 0) {
        frame.emptyNote(canvas, "Nothing was prescribed in this period");
        return;
    }
    const double slot = frame.width / static_cast<double>(weeks.size());
    const double barWidth = std::min(slot * 0.62, 36.0);
    const bool roomForValues = slot >= 20;
    // Label every nth week so that labels never collide.
    const int step = std::max(1, static_cast<int>(std::ceil(34.0 / slot)));
    for (std::size_t i = 0; i < weeks.size(); ++i) {
        const WeekAdherence& week = weeks[i];
        double centre = frame.left + slot * (static_cast<double>(i) + 0.5);
        if (static_cast<int>(i) % step == 0) {
            canvas.text({centre, frame.bottom - 10}, "Wk " + std::to_string(week.number),
                        {ChartFrame::LABEL_SIZE, false, ChartInk::TEXT, TextAnchor::Middle});
            canvas.text({centre, frame.bottom - 19}, dayMonth(week.from),
                        {ChartFrame::LABEL_SIZE - 1, false, ChartInk::MUTED, TextAnchor::Middle});
        }
        if (!week.frequency) {
            canvas.text({centre, frame.bottom + 3}, "\u2013",
                        {ChartFrame::VALUE_SIZE, false, ChartInk::MUTED, TextAnchor::Middle});
            continue;
        }
        double value = std::clamp(*week.frequency, 0.0, 1.0);
        double barHeight = std::max(frame.height * value, 0.8);
        bool metGoal = value * 100 >= thresholdPercent - 1e-9;
        Style bar = metGoal ? Style::filled(ChartInk::BAR) : Style::outline(1.2, ChartInk::BAR);
        if (!metGoal) {
            bar.fill = true;
            bar.fillColor = Color::white();
        }
        canvas.rectangle(centre - barWidth / 2, frame.bottom, barWidth, barHeight, bar);
        if (roomForValues)
            canvas.text({centre, frame.bottom + barHeight + 3},
                        std::to_string(static_cast<int>(std::lround(value * 100))) + "%",
                        {ChartFrame::VALUE_SIZE, !metGoal, ChartInk::TEXT, TextAnchor::Middle});
    }
    double goalY = frame.bottom + frame.height * thresholdPercent / 100.0;
    Style goal = Style::outline(1, ChartInk::TEXT);
    goal.dash = {5, 3};
    canvas.line({frame.left, goalY}, {frame.right(), goalY}, goal);
    canvas.text({frame.left, canvas.height() - 8},
                "Dashed line: the goal of " + std::to_string(thresholdPercent) +
                    "% of prescribed days. Solid bars meet it; outlined bars fall short.",
                {ChartFrame::LABEL_SIZE, false, ChartInk::MUTED, TextAnchor::Start});

    // Versions that took effect inside the drawn weeks.
    const Date first = weeks.front().from;
    const Date last = weeks.back().to;
    for (const auto& version : schedule.versions) {
        if (version.number == 1 || version.effectiveFrom <= first || version.effectiveFrom > last)
            continue;
        for (std::size_t i = 0; i < weeks.size(); ++i) {
            if (version.effectiveFrom < weeks[i].from || version.effectiveFrom > weeks[i].to)
                continue;
            double daysIn = weeks[i].from.daysUntil(version.effectiveFrom);
            double span = weeks[i].from.daysUntil(weeks[i].to) + 1;
            double x = frame.left + slot * (static_cast<double>(i) + daysIn / span);
            frame.versionLine(canvas, x, "v" + std::to_string(version.number));
        }
    }
}

} // namespace Limber
