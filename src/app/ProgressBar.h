#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace Limber {

/// A one-line progress bar on standard error, drawn only when standard error is a terminal
/// (a log file or a pipe gets nothing), redrawn at most ten times a second.
class ProgressBar {
public:
    /// label: what is counted ("patients").
    explicit ProgressBar(std::string label, std::FILE* stream = stderr);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    /// done of total are finished.
    void update(long long done, long long total);
    /// Draws the final state and ends the line.
    void finish();

    bool active() const { return _terminal; }

private:
    void draw(long long done, long long total);

    std::string _label;
    std::FILE* _stream;
    bool _terminal;
    bool _finished = false;
    long long _done = 0;
    long long _total = 0;
    std::chrono::steady_clock::time_point _started;
    std::chrono::steady_clock::time_point _drawn;
};

} // namespace Limber
