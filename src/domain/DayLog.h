#pragma once

#include "Date.h"
#include "Session.h"

#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// What was logged on one day of a program, summed over the day's sessions.
struct DayRecord {
    int sessions = 0;              ///< sessions practised: logged with at least one unit done
    int recorded = 0;              ///< sessions logged at all (a pain score alone is data too)
    int doneUnits = 0;             ///< over the day's sessions
    int prescribedUnits = 0;       ///< over the day's sessions
    std::optional<int> painBefore; ///< the day's highest pain before a session (NPRS 0-10)
    std::optional<int> painAfter;  ///< the day's highest pain after a session

    /// Whether the patient practised that day (what adherence counts).
    bool logged() const { return sessions > 0; }
    /// Whether anything was logged that day (what "days with data" counts).
    bool hasData() const { return recorded > 0; }
    /// The highest pain reported that day, before or after; what flags and trends read.
    std::optional<int> worstPain() const;
    bool operator==(const DayRecord&) const = default;
};

/// Sums the sessions of one program and day (every session given must be of that day). A
/// session counts as practised when at least one unit is done.
DayRecord summarizeDay(const std::vector<const Session*>& sessions);

/// A program's days, one record per calendar day from first() to last(): the compact summary
/// that clinic-wide reports read instead of every session. The store keeps it up to date in
/// the same transaction as each session it saves, as text of one fixed-width cell per day.
///
/// Cell (CELL_WIDTH characters): sessions practised and sessions recorded, each '0'-'9'; pain
/// before and pain after, each '-' (not said) or 'a' + pain; done units and prescribed units,
/// each two base-36 digits (0-1295).
class DayLog {
public:
    static constexpr std::size_t CELL_WIDTH = 8;
    static constexpr int MAX_UNITS = 36 * 36 - 1;

    DayLog() = default;
    /// Reads cells as written by cells(). Throws Poco::DataFormatException when malformed.
    DayLog(Date first, std::string cells);

    /// The day log of sessions (of one program, in any order).
    static DayLog fromSessions(const std::vector<Session>& sessions);

    bool empty() const { return _cells.empty(); }
    Date first() const { return _first; }
    /// The last day held; only meaningful when not empty.
    Date last() const { return _first.plusDays(static_cast<int>(size()) - 1); }
    std::size_t size() const { return _cells.size() / CELL_WIDTH; }

    /// The record of day; an empty record for a day outside the log.
    DayRecord at(Date day) const;
    /// Whether the patient practised on day (cheaper than at()).
    bool logged(Date day) const;
    /// Whether anything was logged on day.
    bool hasData(Date day) const;
    /// Replaces the record of day, growing the log at either end as needed. Throws
    /// Poco::InvalidArgumentException when a count does not fit a cell.
    void set(Date day, const DayRecord& record);
    /// The last day practised, if any.
    std::optional<Date> lastLogged() const;
    /// The last day practised on or before day, if any.
    std::optional<Date> lastLogged(Date onOrBefore) const;

    /// The encoded cells, for storage.
    const std::string& cells() const { return _cells; }

private:
    std::string _cells;
    Date _first;
};

} // namespace Limber
