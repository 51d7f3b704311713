#pragma once

#include "Date.h"

#include <cstdint>
#include <memory>
#include <string>

namespace Limber {

/// A clock time in one time zone: what a user in the clinic reads on the wall.
struct LocalTime {
    Date date;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int offsetSeconds = 0;    ///< east of UTC: 3600 for CET, -18000 for EST
    std::string abbreviation; ///< "CET", "CEST", "EST", "AEDT"; "+03" where the zone has none
};

/// An IANA time zone ("Europe/Madrid") read from the system's zone files (TZif, RFC 8536):
/// its transitions, and past the last one the rule of the file's footer (POSIX TZ string,
/// "CET-1CEST,M3.5.0,M10.5.0/3"). Stored data stays in UTC; a TimeZone only converts an
/// instant to the clinic's wall clock. Copies share the parsed rules; thread-safe to read.
class TimeZone {
public:
    /// Coordinated Universal Time: no file needed.
    static TimeZone utc();

    /// Loads a zone by its IANA name from $TZDIR or /usr/share/zoneinfo. Throws
    /// Poco::InvalidArgumentException when the name is not a zone of the system's database
    /// (a malformed name, a missing file, or a file that is not a zone file).
    static TimeZone named(const std::string& name);

    /// Parses the bytes of a TZif file; `name` is only remembered. Throws
    /// Poco::InvalidArgumentException when the bytes are not a well-formed zone file.
    static TimeZone fromTzif(const std::string& name, const std::string& bytes);

    /// The IANA name of this machine's own zone, what the C library's local time follows: $TZ
    /// when it names a zone, else /etc/timezone, else the zone /etc/localtime links to; "UTC"
    /// when none of them names a zone this reader can load.
    static std::string machineZoneName();

    /// "Europe/Madrid", or "UTC".
    const std::string& name() const;

    /// The wall-clock time at `epochSeconds` (seconds since 1970-01-01T00:00:00Z).
    LocalTime at(std::int64_t epochSeconds) const;

    /// The calendar day at `epochSeconds` in this zone.
    Date dayAt(std::int64_t epochSeconds) const { return at(epochSeconds).date; }

    /// The first instant of `day` in this zone (local midnight, or the first time after it
    /// where a change to summer time skips midnight).
    std::int64_t startOfDay(Date day) const;

    struct Rules;

private:
    explicit TimeZone(std::shared_ptr<const Rules> rules) : _rules(std::move(rules)) {}
    std::shared_ptr<const Rules> _rules;
};

} // namespace Limber
