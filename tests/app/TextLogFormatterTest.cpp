// The text log line: the same bytes as Poco's PatternFormatter("%Y-%m-%d %H:%M:%S.%i %q %s: %t")
// in local time, for every level; each entry in the local time of its own instant, across
// seconds and a change of the clock's offset.
#include "app/TextLogFormatter.h"

#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <utility>

namespace Limber {
namespace {

/// Sets TZ for one test and puts back what was there.
class LocalZone {
public:
    explicit LocalZone(const char* zone) {
        if (const char* was = std::getenv("TZ"))
            _was = was;
        ::setenv("TZ", zone, 1);
        ::tzset();
    }
    ~LocalZone() {
        if (_was)
            ::setenv("TZ", _was->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }

private:
    std::optional<std::string> _was;
};

std::string withPoco(const Poco::Message& message) {
    Poco::PatternFormatter pattern("%Y-%m-%d %H:%M:%S.%i %q %s: %t");
    pattern.setProperty("times", "local");
    std::string text;
    pattern.format(message, text);
    return text;
}

std::string withLimber(const Poco::Message& message) {
    TextLogFormatter formatter;
    std::string text = "left over from an earlier line";
    formatter.format(message, text);
    return text;
}

Poco::Message messageAt(Poco::Timestamp::TimeVal micros, Poco::Message::Priority priority) {
    Poco::Message message("limber.web", "GET /p 200 6120 bytes 0.3 ms 10.0.0.7 — Zoë", priority);
    message.setTime(Poco::Timestamp(micros));
    return message;
}

TEST(TextLogFormatter, WritesThePatternFormattersBytesForAnEntryOfNow) {
    LocalZone zone("Europe/Madrid");
    Poco::Message message("limber.web", "GET /p 200 6120 bytes 0.3 ms 10.0.0.7 — Zoë",
                          Poco::Message::PRIO_INFORMATION);
    EXPECT_EQ(withLimber(message), withPoco(message));
}

TEST(TextLogFormatter, WritesTheLocalTimeOfTheEntrysOwnInstant) {
    // Poco's pattern applied the offset of the moment of formatting to every entry; each entry
    // here is in the offset of its own instant: winter (+01:00) and summer (+02:00), the last
    // second before the clocks went forward and the first after, milliseconds 0 and 999, and
    // two entries in one second.
    LocalZone zone("Europe/Madrid");
    const std::pair<Poco::Timestamp::TimeVal, const char*> entries[] = {
        {1'767'225'600'000'000, "2026-01-01 01:00:00.000"},
        {1'767'225'600'999'000, "2026-01-01 01:00:00.999"},
        {1'767'225'601'000'500, "2026-01-01 01:00:01.000"},
        {1'774'745'999'500'000, "2026-03-29 01:59:59.500"},
        {1'774'746'000'000'000, "2026-03-29 03:00:00.000"},
        {1'782'900'000'123'456, "2026-07-01 12:00:00.123"},
        {1'782'900'000'124'000, "2026-07-01 12:00:00.124"}};
    for (const auto& [micros, local] : entries)
        EXPECT_EQ(withLimber(messageAt(micros, Poco::Message::PRIO_INFORMATION)),
                  std::string(local) +
                      " I limber.web: GET /p 200 6120 bytes 0.3 ms 10.0.0.7 — Zoë");
}

// Each test's instants are seconds no other test uses: a thread keeps the local time of the
// last second it formatted, and a change of zone shows from the next second on.

TEST(TextLogFormatter, NamesEveryLevelByItsFirstLetter) {
    LocalZone zone("UTC");
    for (int level = Poco::Message::PRIO_FATAL; level <= Poco::Message::PRIO_TRACE; ++level) {
        Poco::Message message =
            messageAt(1'782'903'600'000'000, static_cast<Poco::Message::Priority>(level));
        EXPECT_EQ(withLimber(message), withPoco(message)) << level;
    }
    EXPECT_EQ(withLimber(messageAt(1'782'903'600'042'000, Poco::Message::PRIO_WARNING)),
              "2026-07-01 11:00:00.042 W limber.web: GET /p 200 6120 bytes 0.3 ms 10.0.0.7 — Zoë");
}

TEST(TextLogFormatter, FollowsAChangeOfZoneAtTheNextSecond) {
    Poco::Message first = messageAt(1'782'907'200'000'000, Poco::Message::PRIO_INFORMATION);
    Poco::Message next = messageAt(1'782'907'201'000'000, Poco::Message::PRIO_INFORMATION);
    {
        LocalZone zone("UTC");
        EXPECT_EQ(withLimber(first).substr(0, 23), "2026-07-01 12:00:00.000");
    }
    LocalZone zone("Asia/Kolkata");
    EXPECT_EQ(withLimber(next).substr(0, 23), "2026-07-01 17:30:01.000");
}

} // namespace
} // namespace Limber
