#pragma once

#include <Poco/Formatter.h>

namespace Limber {

/// Formats each log entry as one line of text in local time (log.format = text, the default):
/// "2026-03-02 09:15:02.123 I limber.web: GET /p 200 6120 bytes 0.3 ms 10.0.0.7", where the
/// letter is the level's first (F, C, E, W, N, I, D, T). The same bytes as Poco's
/// PatternFormatter("%Y-%m-%d %H:%M:%S.%i %q %s: %t") with local times gives for an entry of
/// now, without its cost on every line (the zone's offset looked up under a lock, then the date
/// computed again); and each entry is in the offset of its own instant, where Poco applies
/// that of the moment of formatting. The local date and time are computed once per second per
/// thread.
class TextLogFormatter : public Poco::Formatter {
public:
    void format(const Poco::Message& message, std::string& text) override;
};

} // namespace Limber
