#pragma once

#include "Date.h"

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
};

/// The machine's clock; "today" is the local day of the process's time zone (TZ).
class SystemClock : public Clock {
public:
    Date today() const override;
    std::int64_t nowSeconds() const override;
};

} // namespace Limber
