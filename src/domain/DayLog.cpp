#include "DayLog.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <map>

namespace Limber {

namespace {

constexpr char NO_PAIN = '-';
constexpr const char* DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
const std::string EMPTY_CELL = "00--0000";

int digitValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    return -1;
}

std::optional<int> painOf(char c) {
    if (c == NO_PAIN)
        return std::nullopt;
    return c - 'a';
}

char painCell(const std::optional<int>& pain) {
    return pain ? static_cast<char>('a' + *pain) : NO_PAIN;
}

bool validCell(std::string_view cell) {
    auto count = [](char c) { return c >= '0' && c <= '9'; };
    auto pain = [](char c) { return c == NO_PAIN || (c >= 'a' && c <= 'a' + 10); };
    return count(cell[0]) && count(cell[1]) && cell[0] <= cell[1] && pain(cell[2]) &&
           pain(cell[3]) && digitValue(cell[4]) >= 0 && digitValue(cell[5]) >= 0 &&
           digitValue(cell[6]) >= 0 && digitValue(cell[7]) >= 0;
}

std::optional<int> higher(const std::optional<int>& a, const std::optional<int>& b) {
    if (!a)
        return b;
    if (!b)
        return a;
    return std::max(*a, *b);
}

} // namespace

std::optional<int> DayRecord::worstPain() const {
    return higher(painBefore, painAfter);
}

DayRecord summarizeDay(const std::vector<const Session*>& sessions) {
    DayRecord day;
    std::vector<int> slots;
    std::vector<int> practised;
    for (const Session* session : sessions) {
        if (std::find(slots.begin(), slots.end(), session->slot) == slots.end())
            slots.push_back(session->slot);
        if (session->doneUnits > 0 &&
            std::find(practised.begin(), practised.end(), session->slot) == practised.end())
            practised.push_back(session->slot);
        day.doneUnits += session->doneUnits;
        day.prescribedUnits += session->prescribedUnits;
        day.painBefore = higher(day.painBefore, session->painBefore);
        day.painAfter = higher(day.painAfter, session->painAfter);
    }
    day.sessions = static_cast<int>(practised.size());
    day.recorded = static_cast<int>(slots.size());
    return day;
}

DayLog::DayLog(Date first, std::string cells) : _cells(std::move(cells)), _first(first) {
    if (_cells.size() % CELL_WIDTH != 0)
        throw Poco::DataFormatException("day log: " + std::to_string(_cells.size()) +
                                        " characters is not a whole number of days");
    for (std::size_t at = 0; at < _cells.size(); at += CELL_WIDTH)
        if (!validCell(std::string_view(_cells).substr(at, CELL_WIDTH)))
            throw Poco::DataFormatException(
                "day log: the cell of " +
                first.plusDays(static_cast<int>(at / CELL_WIDTH)).toString() + " is malformed");
}

DayLog DayLog::fromSessions(const std::vector<Session>& sessions) {
    std::map<Date, std::vector<const Session*>> byDay;
    for (const auto& session : sessions)
        byDay[session.date].push_back(&session);
    DayLog log;
    for (const auto& [day, list] : byDay)
        log.set(day, summarizeDay(list));
    return log;
}

DayRecord DayLog::at(Date day) const {
    int index = _first.daysUntil(day);
    if (index < 0 || static_cast<std::size_t>(index) >= size())
        return {};
    const char* cell = _cells.data() + static_cast<std::size_t>(index) * CELL_WIDTH;
    DayRecord record;
    record.sessions = cell[0] - '0';
    record.recorded = cell[1] - '0';
    record.painBefore = painOf(cell[2]);
    record.painAfter = painOf(cell[3]);
    record.doneUnits = digitValue(cell[4]) * 36 + digitValue(cell[5]);
    record.prescribedUnits = digitValue(cell[6]) * 36 + digitValue(cell[7]);
    return record;
}

bool DayLog::logged(Date day) const {
    int index = _first.daysUntil(day);
    if (index < 0 || static_cast<std::size_t>(index) >= size())
        return false;
    return _cells[static_cast<std::size_t>(index) * CELL_WIDTH] != '0';
}

bool DayLog::hasData(Date day) const {
    int index = _first.daysUntil(day);
    if (index < 0 || static_cast<std::size_t>(index) >= size())
        return false;
    return _cells[static_cast<std::size_t>(index) * CELL_WIDTH + 1] != '0';
}

void DayLog::set(Date day, const DayRecord& record) {
    if (record.sessions < 0 || record.sessions > record.recorded || record.recorded > 9 ||
        record.doneUnits < 0 || record.doneUnits > MAX_UNITS || record.prescribedUnits < 0 ||
        record.prescribedUnits > MAX_UNITS)
        throw Poco::InvalidArgumentException("day log: the counts of " + day.toString() +
                                             " do not fit a cell");
    auto painOk = [](const std::optional<int>& pain) {
        return !pain || (*pain >= 0 && *pain <= 10);
    };
    if (!painOk(record.painBefore) || !painOk(record.painAfter))
        throw Poco::InvalidArgumentException("day log: pain of " + day.toString() +
                                             " is outside 0-10");
    if (_cells.empty()) {
        _first = day;
        _cells = EMPTY_CELL;
    }
    int index = _first.daysUntil(day);
    if (index < 0) {
        std::string before;
        before.reserve(static_cast<std::size_t>(-index) * CELL_WIDTH);
        for (int i = index; i < 0; ++i)
            before += EMPTY_CELL;
        _cells.insert(0, before);
        _first = day;
        index = 0;
    }
    while (static_cast<std::size_t>(index) >= size())
        _cells += EMPTY_CELL;
    char* cell = _cells.data() + static_cast<std::size_t>(index) * CELL_WIDTH;
    cell[0] = static_cast<char>('0' + record.sessions);
    cell[1] = static_cast<char>('0' + record.recorded);
    cell[2] = painCell(record.painBefore);
    cell[3] = painCell(record.painAfter);
    cell[4] = DIGITS[record.doneUnits / 36];
    cell[5] = DIGITS[record.doneUnits % 36];
    cell[6] = DIGITS[record.prescribedUnits / 36];
    cell[7] = DIGITS[record.prescribedUnits % 36];
}

std::optional<Date> DayLog::lastLogged() const {
    return empty() ? std::nullopt : lastLogged(last());
}

std::optional<Date> DayLog::lastLogged(Date onOrBefore) const {
    int index = std::min(_first.daysUntil(onOrBefore), static_cast<int>(size()) - 1);
    for (int i = index; i >= 0; --i)
        if (_cells[static_cast<std::size_t>(i) * CELL_WIDTH] != '0')
            return _first.plusDays(i);
    return std::nullopt;
}

} // namespace Limber
