#pragma once

#include "domain/Clock.h"

#include <string>
#include <vector>

namespace Limber::Testing {

/// A fresh directory under the system's temporary folder, removed with everything in it on
/// destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return _path; }
    std::string file(const std::string& name) const { return _path + "/" + name; }

private:
    std::string _path;
};

/// A clock that says what the test tells it.
class FixedClock : public Clock {
public:
    explicit FixedClock(Date today, std::int64_t nowSeconds = 1'800'000'000)
        : _today(today), _now(nowSeconds) {}
    Date today() const override { return _zoned ? _zone.dayAt(_now) : _today; }
    std::int64_t nowSeconds() const override { return _now; }
    const TimeZone& timeZone() const override { return _zone; }
    void setToday(Date today) { _today = today; }
    void advanceSeconds(std::int64_t seconds) { _now += seconds; }
    /// From now on the clock is the clinic's wall clock in zone: "today" is the day of the
    /// current instant there, as on a running server.
    void followZone(TimeZone zone) {
        _zone = std::move(zone);
        _zoned = true;
    }
    void setNowSeconds(std::int64_t seconds) { _now = seconds; }

private:
    Date _today;
    std::int64_t _now;
    TimeZone _zone = TimeZone::utc();
    bool _zoned = false;
};

/// What a finished process printed and returned.
struct ProcessResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

/// Runs program with args (no shell), waiting for it to finish.
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args);
/// The same, with input on the program's standard input.
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::string& input);

/// Whether text holds part.
bool contains(const std::string& text, const std::string& part);

std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& content);

/// The path of a file in the source tree: sourcePath("examples/programs/x.json").
std::string sourcePath(const std::string& relative);

/// The PostgreSQL connection string for tests (LIMBER_TEST_POSTGRES), or empty when unset.
std::string postgresConnection();

} // namespace Limber::Testing
