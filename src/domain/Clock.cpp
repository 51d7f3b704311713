#include "Clock.h"

#include <ctime>

namespace Limber {

Date SystemClock::today() const {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return Date::fromYmd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

std::int64_t SystemClock::nowSeconds() const {
    return static_cast<std::int64_t>(std::time(nullptr));
}

} // namespace Limber
