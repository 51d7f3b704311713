#include "Clock.h"

#include <ctime>

namespace Limber {

const TimeZone& Clock::timeZone() const {
    static const TimeZone UTC = TimeZone::utc();
    return UTC;
}

Date SystemClock::today() const {
    return _zone.dayAt(nowSeconds());
}

std::int64_t SystemClock::nowSeconds() const {
    return static_cast<std::int64_t>(std::time(nullptr));
}

} // namespace Limber
