#pragma once

#include "Date.h"
#include "TimeZone.h"

#include <cstdint>

namespace Limber {

/// Where "now" comes from, so that services and tests agree on the day.
class Clock {
public:
    virtual ~Clock() = default;
    /// The clinic's current local calendar day.
    virtual Date today() const = 0;
    /// Seconds since the Unix epoch (UTC).
    virtual std::int64_t nowSeconds() const = 0;
    /// The clinic's time zone (clinic.timeZone): every time shown to a user is in it. UTC
    /// unless a clock says otherwise.
    virtual const TimeZone& timeZone() const;
};

/// The machine's clock; "today" is the day of now in the clinic's time zone.
class SystemClock : public Clock {
public:
    explicit SystemClock(TimeZone zone = TimeZone::utc()) : _zone(std::move(zone)) {}
    Date today() const override;
    std::int64_t nowSeconds() const override;
    const TimeZone& timeZone() const override { return _zone; }

private:
    TimeZone _zone;
};

} // namespace Limber
