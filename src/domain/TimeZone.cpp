#include "TimeZone.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <vector>

namespace Limber {

namespace {

/// One local time type of a zone: offset, daylight saving or not, abbreviation.
struct ZoneType {
    int offset = 0;
    bool dst = false;
    std::string abbreviation;
};

/// A transition day of a POSIX rule, "Mm.w.d": day d (0 = Sunday) of week w (5 = last) of
/// month m, at `time` seconds after local midnight (may be negative or past 24 h).
struct RuleDay {
    int month = 0;
    int week = 0;
    int weekday = 0;
    int time = 7200;
};

/// The POSIX TZ string of a TZif footer: a standard time and, optionally, daylight saving
/// time between two rule days.
struct PosixRule {
    ZoneType standard;
    std::optional<ZoneType> daylight;
    RuleDay start;
    RuleDay end;
};

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

[[noreturn]] void refuse(const std::string& why) {
    throw Poco::InvalidArgumentException(why);
}

class Reader {
public:
    explicit Reader(const std::string& bytes) : _bytes(bytes) {}
    std::int64_t integer(int size) {
        if (_at + static_cast<std::size_t>(size) > _bytes.size())
            refuse("the zone file is cut short");
        std::uint64_t value = 0;
        for (int i = 0; i < size; ++i)
            value = (value << 8) | static_cast<unsigned char>(_bytes[_at++]);
        if (size == 4)
            return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
        return static_cast<std::int64_t>(value);
    }
    std::string text(std::size_t size) {
        if (_at + size > _bytes.size())
            refuse("the zone file is cut short");
        std::string out = _bytes.substr(_at, size);
        _at += size;
        return out;
    }
    void skip(std::size_t size) { text(size); }
    std::string rest() const { return _bytes.substr(_at); }

private:
    const std::string& _bytes;
    std::size_t _at = 0;
};

struct Counts {
    std::int64_t isut, isstd, leap, time, type, chars;
};

Counts header(Reader& in, char& version) {
    if (in.text(4) != "TZif")
        refuse("not a zone file");
    version = in.text(1)[0];
    in.skip(15);
    Counts c{in.integer(4), in.integer(4), in.integer(4),
             in.integer(4), in.integer(4), in.integer(4)};
    if (c.type < 1 || c.type > 256 || c.time < 0 || c.chars < 0 || c.leap < 0 || c.isut < 0 ||
        c.isstd < 0 || c.time > 100000 || c.chars > 4096 || c.leap > 10000)
        refuse("the zone file's counts are out of range");
    return c;
}

// ---- POSIX TZ strings ("CET-1CEST,M3.5.0,M10.5.0/3") ----

class PosixParser {
public:
    explicit PosixParser(std::string text) : _s(std::move(text)) {}

    std::optional<PosixRule> parse() {
        PosixRule rule;
        rule.standard.abbreviation = name();
        rule.standard.offset = -offset(true);
        if (done())
            return rule;
        ZoneType daylight;
        daylight.dst = true;
        daylight.abbreviation = name();
        daylight.offset = rule.standard.offset + 3600;
        if (!done() && _s[_i] != ',')
            daylight.offset = -offset(true);
        if (done() || _s[_i] != ',')
            return std::nullopt; // no rule: not a form this reader knows
        ++_i;
        auto start = ruleDay();
        if (!start || done() || _s[_i] != ',')
            return std::nullopt;
        ++_i;
        auto end = ruleDay();
        if (!end || !done())
            return std::nullopt;
        rule.daylight = daylight;
        rule.start = *start;
        rule.end = *end;
        return rule;
    }

private:
    bool done() const { return _i >= _s.size(); }

    std::string name() {
        std::string out;
        if (!done() && _s[_i] == '<') {
            ++_i;
            while (!done() && _s[_i] != '>')
                out += _s[_i++];
            if (done())
                refuse("the zone file's rule is malformed");
            ++_i;
        } else {
            while (!done() && std::isalpha(static_cast<unsigned char>(_s[_i])))
                out += _s[_i++];
        }
        if (out.empty())
            refuse("the zone file's rule is malformed");
        return out;
    }

    /// [+-]hh[:mm[:ss]] in seconds.
    int offset(bool required) {
        int sign = 1;
        if (!done() && (_s[_i] == '+' || _s[_i] == '-'))
            sign = _s[_i++] == '-' ? -1 : 1;
        if (done() || !std::isdigit(static_cast<unsigned char>(_s[_i]))) {
            if (required)
                refuse("the zone file's rule is malformed");
            return 0;
        }
        int seconds = number() * 3600;
        if (!done() && _s[_i] == ':') {
            ++_i;
            seconds += number() * 60;
            if (!done() && _s[_i] == ':') {
                ++_i;
                seconds += number();
            }
        }
        return sign * seconds;
    }

    int number() {
        int value = 0;
        int digits = 0;
        while (!done() && std::isdigit(static_cast<unsigned char>(_s[_i])) && digits < 3) {
            value = value * 10 + (_s[_i++] - '0');
            ++digits;
        }
        if (digits == 0)
            refuse("the zone file's rule is malformed");
        return value;
    }

    std::optional<RuleDay> ruleDay() {
        if (done() || _s[_i] != 'M')
            return std::nullopt; // Julian-day rules: not used by today's zones
        ++_i;
        RuleDay day;
        day.month = number();
        if (done() || _s[_i++] != '.')
            return std::nullopt;
        day.week = number();
        if (done() || _s[_i++] != '.')
            return std::nullopt;
        day.weekday = number();
        if (day.month < 1 || day.month > 12 || day.week < 1 || day.week > 5 || day.weekday > 6)
            return std::nullopt;
        if (!done() && _s[_i] == '/') {
            ++_i;
            day.time = offset(true);
        }
        return day;
    }

    std::string _s;
    std::size_t _i = 0;
};

/// Local midnight of the rule's day in `year`, in days since the epoch.
Date dayOf(const RuleDay& rule, int year) {
    Date first = Date::fromYmd(year, rule.month, 1);
    int firstWeekday = first.weekday() % 7; // 0 = Sunday
    int day = 1 + (rule.weekday - firstWeekday + 7) % 7 + (rule.week - 1) * 7;
    Date next =
        rule.month == 12 ? Date::fromYmd(year + 1, 1, 1) : Date::fromYmd(year, rule.month + 1, 1);
    int length = first.daysUntil(next);
    while (day > length)
        day -= 7;
    return first.plusDays(day - 1);
}

std::int64_t utcOf(const RuleDay& rule, int year, int localOffset) {
    return static_cast<std::int64_t>(dayOf(rule, year).daysSinceEpoch()) * 86400 + rule.time -
           localOffset;
}

const ZoneType& typeByRule(const PosixRule& rule, std::int64_t t) {
    if (!rule.daylight)
        return rule.standard;
    int year = Date::fromDays(static_cast<int>(floorDiv(t + rule.standard.offset, 86400))).year();
    std::int64_t start = utcOf(rule.start, year, rule.standard.offset);
    std::int64_t end = utcOf(rule.end, year, rule.daylight->offset);
    bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? *rule.daylight : rule.standard;
}

bool isZoneName(const std::string& name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.front() == '.')
        return false;
    if (name.find("..") != std::string::npos || name.find("//") != std::string::npos)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
               c == '+';
    });
}

} // namespace

struct TimeZone::Rules {
    std::string name;
    std::vector<std::int64_t> transitions; ///< UTC instants, ascending
    std::vector<std::uint8_t> typeAfter;   ///< the type in force from each transition
    std::vector<ZoneType> types;
    std::optional<PosixRule> footer;

    const ZoneType& typeAt(std::int64_t t) const {
        if (transitions.empty() || t < transitions.front()) {
            if (transitions.empty() && footer)
                return typeByRule(*footer, t);
            return types.front();
        }
        if (t >= transitions.back() && footer)
            return typeByRule(*footer, t);
        auto it = std::upper_bound(transitions.begin(), transitions.end(), t);
        return types[typeAfter[static_cast<std::size_t>(it - transitions.begin()) - 1]];
    }
};

TimeZone TimeZone::utc() {
    auto rules = std::make_shared<Rules>();
    rules->name = "UTC";
    rules->types.push_back(ZoneType{0, false, "UTC"});
    return TimeZone(std::move(rules));
}

TimeZone TimeZone::fromTzif(const std::string& name, const std::string& bytes) {
    Reader in(bytes);
    char version = 0;
    Counts c = header(in, version);
    int timeSize = 4;
    if (version >= '2') {
        // Skip the 32-bit block; the 64-bit one follows with its own header.
        in.skip(static_cast<std::size_t>(c.time * 5 + c.type * 6 + c.chars + c.leap * 8 + c.isstd +
                                         c.isut));
        c = header(in, version);
        timeSize = 8;
    }
    auto rules = std::make_shared<Rules>();
    rules->name = name;
    for (std::int64_t i = 0; i < c.time; ++i) {
        std::int64_t t = in.integer(timeSize);
        if (!rules->transitions.empty() && t <= rules->transitions.back())
            refuse("the zone file's transitions are out of order");
        rules->transitions.push_back(t);
    }
    for (std::int64_t i = 0; i < c.time; ++i) {
        auto type = static_cast<std::uint8_t>(in.integer(1));
        if (type >= c.type)
            refuse("the zone file names a time type it does not have");
        rules->typeAfter.push_back(type);
    }
    std::vector<std::int64_t> abbreviationAt;
    for (std::int64_t i = 0; i < c.type; ++i) {
        ZoneType type;
        type.offset = static_cast<int>(in.integer(4));
        type.dst = in.integer(1) != 0;
        abbreviationAt.push_back(in.integer(1));
        if (type.offset < -26 * 3600 || type.offset > 26 * 3600)
            refuse("the zone file's offset is out of range");
        rules->types.push_back(type);
    }
    std::string chars = in.text(static_cast<std::size_t>(c.chars));
    for (std::size_t i = 0; i < rules->types.size(); ++i) {
        auto at = static_cast<std::size_t>(abbreviationAt[i]);
        if (at >= chars.size())
            refuse("the zone file's abbreviation is out of range");
        rules->types[i].abbreviation = std::string(chars.c_str() + at);
    }
    in.skip(static_cast<std::size_t>(c.leap * (timeSize + 4) + c.isstd + c.isut));
    if (version >= '2') {
        std::string rest = in.rest();
        if (rest.size() >= 2 && rest[0] == '\n') {
            std::string footer = rest.substr(1, rest.find('\n', 1) - 1);
            if (!footer.empty())
                rules->footer = PosixParser(footer).parse();
        }
    }
    return TimeZone(std::move(rules));
}

TimeZone TimeZone::named(const std::string& name) {
    if (name == "UTC")
        return utc();
    if (!isZoneName(name))
        refuse("\"" + name + "\" is not a time zone name (an IANA name such as Europe/Madrid)");
    const char* dir = std::getenv("TZDIR");
    std::string path = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + name;
    std::ifstream file(path, std::ios::binary);
    std::string bytes;
    if (file)
        bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    if (bytes.size() < 4 || bytes.compare(0, 4, "TZif") != 0)
        refuse("unknown time zone \"" + name + "\" (an IANA name such as Europe/Madrid)");
    try {
        return fromTzif(name, bytes);
    } catch (const Poco::InvalidArgumentException& error) {
        refuse("time zone \"" + name + "\": " + error.message());
    }
}

std::string TimeZone::machineZoneName() {
    auto loads = [](const std::string& name) {
        try {
            TimeZone::named(name);
            return true;
        } catch (const Poco::InvalidArgumentException&) {
            return false;
        }
    };
    if (const char* tz = std::getenv("TZ"); tz && *tz) {
        std::string name = tz[0] == ':' ? tz + 1 : tz;
        return loads(name) ? name : "UTC";
    }
    std::ifstream file("/etc/timezone");
    std::string name;
    if (file && std::getline(file, name) && loads(name))
        return name;
    std::error_code error;
    std::string target = std::filesystem::read_symlink("/etc/localtime", error).string();
    const std::string marker = "zoneinfo/";
    if (auto at = target.find(marker); !error && at != std::string::npos) {
        name = target.substr(at + marker.size());
        if (loads(name))
            return name;
    }
    return "UTC";
}

const std::string& TimeZone::name() const {
    return _rules->name;
}

std::int64_t TimeZone::startOfDay(Date day) const {
    // The first second whose local day is `day`: offsets lie within +-26 h, so it lies within
    // 26 h of midnight UTC; the local day only grows with time (outside of historical
    // oddities), so a binary search finds it.
    const std::int64_t midnight = static_cast<std::int64_t>(day.daysSinceEpoch()) * 86400;
    std::int64_t low = midnight - 26 * 3600;
    std::int64_t high = midnight + 26 * 3600;
    while (low < high) {
        std::int64_t middle = low + (high - low) / 2;
        if (dayAt(middle) < day)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

LocalTime TimeZone::at(std::int64_t epochSeconds) const {
    const ZoneType& type = _rules->typeAt(epochSeconds);
    std::int64_t local = epochSeconds + type.offset;
    std::int64_t days = floorDiv(local, 86400);
    std::int64_t inDay = local - days * 86400;
    LocalTime out;
    out.date = Date::fromDays(static_cast<int>(days));
    out.hour = static_cast<int>(inDay / 3600);
    out.minute = static_cast<int>(inDay / 60 % 60);
    out.second = static_cast<int>(inDay % 60);
    out.offsetSeconds = type.offset;
    out.abbreviation = type.abbreviation;
    return out;
}

} // namespace Limber
