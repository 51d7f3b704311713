#include "ChartFrame.h"

namespace Limber {

void ChartFrame::gridLine(Canvas& canvas, double y, const std::string& label) const {
    canvas.line({left, y}, {right(), y}, Style::outline(0.5, ChartInk::GRID));
    canvas.text({left - 4, y - LABEL_SIZE / 3}, label,
                {LABEL_SIZE, false, ChartInk::MUTED, TextAnchor::End});
}

void ChartFrame::versionLine(Canvas& canvas, double x, const std::string& label) const {
    Style dashed = Style::outline(0.8, ChartInk::TEXT);
    dashed.dash = {3, 2};
    canvas.line({x, bottom}, {x, top()}, dashed);
    canvas.text({x + 2, top() - LABEL_SIZE - 1}, label,
                {LABEL_SIZE, true, ChartInk::TEXT, TextAnchor::Start});
}

void ChartFrame::emptyNote(Canvas& canvas, const std::string& text) const {
    canvas.text({left + width / 2, bottom + height / 2}, text,
                {9, false, ChartInk::MUTED, TextAnchor::Middle});
}

} // namespace Limber
