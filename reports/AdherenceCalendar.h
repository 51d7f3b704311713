#pragma once

#include "Canvas.h"
#include "domain/DayLog.h"
#include "domain/ProgramSchedule.h"

namespace Limber {

/// A calendar of the days done, month by month from `from` to `to` (Monday first), with a
/// legend below. Readable in black and white: a practised day is a solid square; a day with
/// only part of its sessions (one of two) is half filled; a day in the program without
/// practice is an empty box (a dot when only a pain score was logged); days outside the
/// program or after today have no box; the day a new version took effect has a heavy frame.
class AdherenceCalendar {
public:
    static constexpr double CELL = 15;

    AdherenceCalendar(const ProgramSchedule& schedule, const DayLog& days, Date from, Date to,
                      Date today);

    /// The height the calendar needs at width.
    double heightFor(double width) const;
    /// Draws it on the whole canvas (which should be heightFor(canvas.width()) high).
    void draw(Canvas& canvas) const;

private:
    int monthsPerRow(double width) const;
    int monthCount() const;

    const ProgramSchedule& _schedule;
    const DayLog& _days;
    Date _from;
    Date _to;
    Date _today;
};

} // namespace Limber
