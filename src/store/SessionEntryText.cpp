#include "SessionEntryText.h"

#include <Poco/Exception.h>

namespace Limber {

namespace {

void appendEscaped(std::string& out, const std::string& id) {
    for (char c : id) {
        switch (c) {
        case '%':
            out += "%25";
            break;
        case ',':
            out += "%2C";
            break;
        case ':':
            out += "%3A";
            break;
        case '=':
            out += "%3D";
            break;
        default:
            out += c;
        }
    }
}

std::string unescaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        std::string_view code = text.substr(i + 1, 2);
        if (code == "25")
            out += '%';
        else if (code == "2C")
            out += ',';
        else if (code == "3A")
            out += ':';
        else if (code == "3D")
            out += '=';
        else
            throw Poco::DataFormatException("session entries: bad escape in \"" +
                                            std::string(text) + "\"");
        i += 2;
    }
    return out;
}

} // namespace

std::string entriesToText(const std::vector<SessionEntry>& entries) {
    std::string text;
    for (const auto& entry : entries) {
        if (!text.empty())
            text += ',';
        appendEscaped(text, entry.exerciseId);
        text += ':';
        text += toString(entry.side);
        text += entry.done ? "=1" : "=0";
    }
    return text;
}

std::vector<SessionEntry> entriesFromText(const std::string& text) {
    std::vector<SessionEntry> entries;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos)
            end = text.size();
        std::string_view item(text.data() + start, end - start);
        std::size_t colon = item.rfind(':');
        std::size_t equals = item.rfind('=');
        if (colon == std::string_view::npos || equals == std::string_view::npos || equals < colon ||
            equals + 2 != item.size() || (item[equals + 1] != '0' && item[equals + 1] != '1'))
            throw Poco::DataFormatException("session entries: malformed item \"" +
                                            std::string(item) + "\"");
        auto side = sideFromString(item.substr(colon + 1, equals - colon - 1));
        if (!side)
            throw Poco::DataFormatException("session entries: unknown side in \"" +
                                            std::string(item) + "\"");
        entries.push_back({unescaped(item.substr(0, colon)), *side, item[equals + 1] == '1'});
        start = end + 1;
    }
    return entries;
}

} // namespace Limber
