#include "JsonLogFormatter.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Message.h>

#include <cstdio>

namespace Limber {

const char* logLevelName(Poco::Message::Priority priority) {
    switch (priority) {
    case Poco::Message::PRIO_FATAL:
        return "fatal";
    case Poco::Message::PRIO_CRITICAL:
        return "critical";
    case Poco::Message::PRIO_ERROR:
        return "error";
    case Poco::Message::PRIO_WARNING:
        return "warning";
    case Poco::Message::PRIO_NOTICE:
        return "notice";
    case Poco::Message::PRIO_INFORMATION:
        return "information";
    case Poco::Message::PRIO_DEBUG:
        return "debug";
    case Poco::Message::PRIO_TRACE:
        return "trace";
    }
    return "information";
}

std::string jsonString(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

void JsonLogFormatter::format(const Poco::Message& message, std::string& text) {
    text = "{\"time\":" +
           jsonString(Poco::DateTimeFormatter::format(message.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ")) +
           ",\"level\":\"" + logLevelName(message.getPriority()) +
           "\",\"logger\":" + jsonString(message.getSource()) +
           ",\"message\":" + jsonString(message.getText());
    for (const char* name : {"method", "route", "client"})
        if (message.has(name))
            text += std::string(",\"") + name + "\":" + jsonString(message.get(name));
    // Numbers the dispatcher formatted itself; written bare so that queries can compare them.
    for (const char* name : {"status", "bytes", "ms"})
        if (message.has(name) && !message.get(name).empty())
            text += std::string(",\"") + name + "\":" + message.get(name);
    text += "}";
}

} // namespace Limber
