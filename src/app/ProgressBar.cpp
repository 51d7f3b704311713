#include "ProgressBar.h"

#include <unistd.h>

namespace Limber {

ProgressBar::ProgressBar(std::string label, std::FILE* stream)
    : _label(std::move(label)), _stream(stream), _terminal(isatty(fileno(stream)) != 0),
      _started(std::chrono::steady_clock::now()), _drawn(_started - std::chrono::seconds(1)) {}

ProgressBar::~ProgressBar() {
    if (_terminal && !_finished && _total > 0)
        std::fputc('\n', _stream);
}

void ProgressBar::update(long long done, long long total) {
    _done = done;
    _total = total;
    if (!_terminal)
        return;
    auto now = std::chrono::steady_clock::now();
    if (done < total && now - _drawn < std::chrono::milliseconds(100))
        return;
    _drawn = now;
    draw(done, total);
}

void ProgressBar::finish() {
    if (_terminal && !_finished && _total > 0) {
        draw(_done, _total);
        std::fputc('\n', _stream);
    }
    _finished = true;
}

void ProgressBar::draw(long long done, long long total) {
    constexpr int WIDTH = 30;
    double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1;
    int filled = static_cast<int>(fraction * WIDTH);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(WIDTH - filled), '.');
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - _started).count();
    std::fprintf(_stream, "\r[%s] %3d%%  %lld/%lld %s  %.0f s", bar.c_str(),
                 static_cast<int>(fraction * 100), done, total, _label.c_str(), elapsed);
    std::fflush(_stream);
}

} // namespace Limber
