#include "AdherenceDistributionChart.h"

#include "ChartFrame.h"

#include <algorithm>
#include <cmath>

namespace Limber {

void drawAdherenceDistribution(Canvas& canvas, const std::vector<AdherenceBand>& bands,
                               int thresholdPercent) {
    ChartFrame frame{32, 26, canvas.width() - 40, canvas.height() - 26 - 16};
    int most = 0;
    for (const auto& band : bands)
        most = std::max(most, band.patients);
    // A round top for the scale: 1, 2, 5, 10, 20, 50...
    int top = 1;
    while (top < most) {
        int magnitude = static_cast<int>(std::lround(std::pow(10, std::floor(std::log10(top)))));
        int lead = top / magnitude;
        top = lead == 1 ? 2 * magnitude : lead == 2 ? 5 * magnitude : 10 * magnitude;
    }
    for (int i = 0; i <= 4; ++i) {
        double value = top * i / 4.0;
        std::string label =
            value == std::floor(value) ? std::to_string(static_cast<int>(value)) : "";
        frame.gridLine(canvas, frame.bottom + frame.height * i / 4.0, label);
    }
    if (bands.empty() || most == 0) {
        frame.emptyNote(canvas, "No patient had prescribed days in this period");
        return;
    }
    const double slot = frame.width / static_cast<double>(bands.size());
    const double barWidth = slot * 0.7;
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const AdherenceBand& band = bands[i];
        double centre = frame.left + slot * (static_cast<double>(i) + 0.5);
        double height = frame.height * band.patients / static_cast<double>(top);
        bool metGoal = band.lowPercent >= thresholdPercent;
        Style bar = metGoal ? Style::filled(ChartInk::BAR) : Style::outline(1.2, ChartInk::BAR);
        if (!metGoal) {
            bar.fill = true;
            bar.fillColor = Color::white();
        }
        if (band.patients > 0)
            canvas.rectangle(centre - barWidth / 2, frame.bottom, barWidth, height, bar);
        canvas.text({centre, frame.bottom + height + 3}, std::to_string(band.patients),
                    {ChartFrame::VALUE_SIZE, !metGoal, ChartInk::TEXT, TextAnchor::Middle});
        canvas.text({centre, frame.bottom - 10},
                    std::to_string(band.lowPercent) + "\u2013" + std::to_string(band.highPercent),
                    {ChartFrame::LABEL_SIZE - 0.5, false, ChartInk::TEXT, TextAnchor::Middle});
    }
    canvas.text({frame.left + frame.width / 2, frame.bottom - 21},
                "adherence over the period (% of prescribed days); outlined bars are below the "
                "goal of " +
                    std::to_string(thresholdPercent) + "%",
                {ChartFrame::LABEL_SIZE - 0.5, false, ChartInk::MUTED, TextAnchor::Middle});
    canvas.text({frame.left - 4, frame.top() + 6}, "patients",
                {ChartFrame::LABEL_SIZE - 0.5, false, ChartInk::MUTED, TextAnchor::Start});
}

} // namespace Limber
