#include "TextLogFormatter.h"

#include "JsonLogFormatter.h"

#include <Poco/Message.h>

#include <cctype>
#include <cstdio>
#include <ctime>

namespace Limber {

void TextLogFormatter::format(const Poco::Message& message, std::string& text) {
    // The local date and time of the entry's second, kept per thread until the second changes.
    thread_local std::time_t second = -1;
    thread_local char dateAndTime[32] = "";
    const Poco::Timestamp::TimeVal micros = message.getTime().epochMicroseconds();
    const std::time_t entrySecond = static_cast<std::time_t>(micros / 1'000'000);
    if (entrySecond != second) {
        std::tm local{};
        if (localtime_r(&entrySecond, &local) == nullptr ||
            std::strftime(dateAndTime, sizeof dateAndTime, "%Y-%m-%d %H:%M:%S", &local) == 0)
            dateAndTime[0] = '\0';
        second = entrySecond;
    }
    char head[48];
    const int length = std::snprintf(
        head, sizeof head, "%s.%03d %c ", dateAndTime, static_cast<int>(micros % 1'000'000 / 1000),
        static_cast<char>(std::toupper(logLevelName(message.getPriority())[0])));
    text.clear();
    text.reserve(static_cast<std::size_t>(length) + message.getSource().size() + 2 +
                 message.getText().size());
    text.append(head, static_cast<std::size_t>(length));
    text += message.getSource();
    text += ": ";
    text += message.getText();
}

} // namespace Limber
