#include "AuditCsv.h"

#include <ctime>

namespace Limber {

namespace {

std::string isoTime(std::int64_t seconds) {
    std::time_t time = static_cast<std::time_t>(seconds);
    std::tm parts{};
    gmtime_r(&time, &parts);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return buffer;
}

std::string optionalText(const std::optional<std::int64_t>& value) {
    return value ? std::to_string(*value) : std::string();
}

} // namespace

std::string csvField(const std::string& value) {
    std::string text = value;
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                          text[0] == '\t' || text[0] == '\r'))
        text.insert(text.begin(), '\'');
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string auditEventsCsv(const std::vector<AuditEvent>& events) {
    std::string csv = std::string(CSV_UTF8_BOM) +
                      "\"id\",\"time\",\"user id\",\"actor\",\"patient id\",\"action\","
                      "\"detail\",\"address\",\"previous hash\",\"hash\"\r\n";
    for (const auto& event : events) {
        const std::string fields[] = {std::to_string(event.id),
                                      isoTime(event.at),
                                      optionalText(event.userId),
                                      event.actor,
                                      optionalText(event.patientId),
                                      event.action,
                                      event.detail,
                                      event.address,
                                      event.previousHash,
                                      event.hash};
        bool first = true;
        for (const auto& field : fields) {
            if (!first)
                csv += ',';
            csv += csvField(field);
            first = false;
        }
        csv += "\r\n";
    }
    return csv;
}

} // namespace Limber
