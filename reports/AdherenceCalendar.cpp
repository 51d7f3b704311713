#include "AdherenceCalendar.h"

#include "ChartFrame.h"
#include "DateText.h"

#include <algorithm>

namespace Limber {

namespace {

constexpr double MONTH_GAP = 14;
constexpr double TITLE_HEIGHT = 14;
constexpr double HEADER_HEIGHT = 11;
constexpr double ROW_GAP = 10;
constexpr double LEGEND_HEIGHT = 22;

Date firstOfMonth(Date day) {
    return Date::fromYmd(day.year(), day.month(), 1);
}

Date nextMonth(Date first) {
    return first.month() == 12 ? Date::fromYmd(first.year() + 1, 1, 1)
                               : Date::fromYmd(first.year(), first.month() + 1, 1);
}

double monthHeight() {
    return TITLE_HEIGHT + HEADER_HEIGHT + 6 * AdherenceCalendar::CELL;
}

double monthWidth() {
    return 7 * AdherenceCalendar::CELL;
}

} // namespace

AdherenceCalendar::AdherenceCalendar(const ProgramSchedule& schedule, const DayLog& days, Date from,
                                     Date to, Date today)
    : _schedule(schedule), _days(days), _from(from), _to(to), _today(today) {}

int AdherenceCalendar::monthsPerRow(double width) const {
    return std::max(1, static_cast<int>((width + MONTH_GAP) / (monthWidth() + MONTH_GAP)));
}

int AdherenceCalendar::monthCount() const {
    int months = 0;
    for (Date month = firstOfMonth(_from); month <= _to; month = nextMonth(month))
        ++months;
    return months;
}

double AdherenceCalendar::heightFor(double width) const {
    int perRow = monthsPerRow(width);
    int rows = (monthCount() + perRow - 1) / perRow;
    return rows * monthHeight() + (rows - 1) * ROW_GAP + LEGEND_HEIGHT;
}

void AdherenceCalendar::draw(Canvas& canvas) const {
    const int perRow = monthsPerRow(canvas.width());
    const double cell = CELL;
    const double box = cell - 3;
    TextStyle dayNumber{6.5, false, ChartInk::TEXT, TextAnchor::Middle};
    int index = 0;
    for (Date month = firstOfMonth(_from); month <= _to; month = nextMonth(month), ++index) {
        double left = (index % perRow) * (monthWidth() + MONTH_GAP);
        double top = canvas.height() - (index / perRow) * (monthHeight() + ROW_GAP);
        canvas.text({left, top - 10}, monthYear(month), {8.5, true, ChartInk::TEXT});
        static const char* const HEADS[] = {"M", "T", "W", "T", "F", "S", "S"};
        for (int column = 0; column < 7; ++column)
            canvas.text({left + column * cell + cell / 2, top - TITLE_HEIGHT - 8}, HEADS[column],
                        {6.5, false, ChartInk::MUTED, TextAnchor::Middle});
        const double gridTop = top - TITLE_HEIGHT - HEADER_HEIGHT;
        int row = 0;
        for (Date day = month; day < nextMonth(month); day = day.plusDays(1)) {
            int column = day.weekday() - 1;
            if (column == 0 && day != month)
                ++row;
            if (day < _from || day > _to)
                continue;
            double x = left + column * cell + 1.5;
            double y = gridTop - (row + 1) * cell + 1.5;
            Point centre{x + box / 2, y + box / 2};
            const VersionSchedule* version = _schedule.on(day);
            if (!version || day > _today) {
                canvas.text({centre.x, centre.y - 2.2}, std::to_string(day.day()),
                            {6.5, false, Color::gray(0.6), TextAnchor::Middle});
                continue;
            }
            DayRecord record = _days.at(day);
            bool versionStart = version->number > 1 && version->effectiveFrom == day;
            Style frame = Style::outline(versionStart ? 1.8 : 0.7, ChartInk::TEXT);
            TextStyle number = dayNumber;
            if (record.sessions >= version->sessionsPerDay) {
                frame.fill = true;
                frame.fillColor = ChartInk::BAR;
                number.color = Color::white();
                canvas.rectangle(x, y, box, box, frame);
            } else if (record.sessions > 0) {
                canvas.rectangle(x, y, box, box, frame);
                canvas.polygon({{x, y}, {x + box, y}, {x, y + box}}, Style::filled(ChartInk::BAR));
            } else {
                canvas.rectangle(x, y, box, box, frame);
                if (record.hasData())
                    canvas.circle({x + box - 2.2, y + box - 2.2}, 1.1,
                                  Style::filled(ChartInk::TEXT));
            }
            if (record.sessions == 0 || record.sessions >= version->sessionsPerDay)
                canvas.text({centre.x, centre.y - 2.2}, std::to_string(day.day()), number);
            else
                canvas.text({x + box - 3, y + box - 5.5}, std::to_string(day.day()),
                            {5.5, false, ChartInk::TEXT, TextAnchor::Middle});
        }
    }

    // Legend.
    double y = 4;
    double x = 0;
    TextStyle label{7, false, ChartInk::TEXT};
    auto item = [&](const std::string& text, auto drawSwatch) {
        drawSwatch(x, y);
        canvas.text({x + 13, y + 2}, text, label);
        x += 13 + canvas.textWidth(text, label) + 12;
    };
    item("practised", [&](double sx, double sy) {
        Style s = Style::outline(0.7, ChartInk::TEXT);
        s.fill = true;
        s.fillColor = ChartInk::BAR;
        canvas.rectangle(sx, sy, 9, 9, s);
    });
    item("part of the day's sessions", [&](double sx, double sy) {
        canvas.rectangle(sx, sy, 9, 9, Style::outline(0.7, ChartInk::TEXT));
        canvas.polygon({{sx, sy}, {sx + 9, sy}, {sx, sy + 9}}, Style::filled(ChartInk::BAR));
    });
    item("not practised", [&](double sx, double sy) {
        canvas.rectangle(sx, sy, 9, 9, Style::outline(0.7, ChartInk::TEXT));
    });
    item("pain score only", [&](double sx, double sy) {
        canvas.rectangle(sx, sy, 9, 9, Style::outline(0.7, ChartInk::TEXT));
        canvas.circle({sx + 6.8, sy + 6.8}, 1.1, Style::filled(ChartInk::TEXT));
    });
    item("new program version", [&](double sx, double sy) {
        canvas.rectangle(sx, sy, 9, 9, Style::outline(1.8, ChartInk::TEXT));
    });
}

} // namespace Limber
