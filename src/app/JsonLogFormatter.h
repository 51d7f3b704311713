#pragma once

#include <Poco/Formatter.h>
#include <Poco/Message.h>

namespace Limber {

/// Formats each log entry as one JSON object on one line (log.format = json), for log
/// shippers: {"time":"2026-03-02T09:15:02.123Z","level":"information","logger":"limber.web",
/// "message":"..."} plus, for request lines, "method", "route", "status", "bytes", "ms" and
/// "client" (status, bytes and ms as numbers).
class JsonLogFormatter : public Poco::Formatter {
public:
    void format(const Poco::Message& message, std::string& text) override;
};

/// The level's name as the logs write it: "fatal", "critical", "error", "warning", "notice",
/// "information", "debug" or "trace".
const char* logLevelName(Poco::Message::Priority priority);

/// text as a JSON string literal, quotes included; control characters escaped.
std::string jsonString(const std::string& text);

} // namespace Limber
