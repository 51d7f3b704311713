// An out-of-tree Limber plugin: adds a section to every patient report with a greeting (the
// setting plugin.hello.greeting), the number of sessions the report counts, and a chart of the
// pain said before each session.
#include <limber/plugin/Export.h>
#include <string>

namespace Hello {

/// The string the greeting setting holds, as a JSON string literal.
std::string jsonString(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) >= 0x20)
            out += c;
    }
    return out + "\"";
}

/// The text after key in the session object at from ("2026-11-02", "3", "null"), or "".
std::string valueAfter(const std::string& json, const std::string& key, std::size_t from) {
    std::size_t at = json.find("\"" + key + "\":", from);
    if (at == std::string::npos)
        return "";
    at += key.size() + 3;
    std::size_t end = json.find_first_of(",}", at);
    std::string value = json.substr(at, end - at);
    if (!value.empty() && value.front() == '"')
        value = value.substr(1, value.size() - 2);
    return value;
}

/// A line chart of painBefore at each session's date (month-day), the first 30 sessions; ""
/// when the report has no session.
std::string painChart(const std::string& json) {
    std::string labels;
    std::string values;
    int count = 0;
    const std::size_t sessions = json.find("\"sessions\":");
    for (std::size_t at = json.find("\"date\":", sessions);
         sessions != std::string::npos && at != std::string::npos && count < 30;
         at = json.find("\"date\":", at + 1), ++count) {
        labels += (count ? "," : "") + jsonString(valueAfter(json, "date", at).substr(5));
        values += (count ? "," : "") + valueAfter(json, "painBefore", at);
    }
    if (count == 0)
        return "";
    return R"(,{"type":"chart","kind":"line","title":"Pain before each session","min":0,)"
           R"("max":10,"labels":[)" +
           labels + R"(],"series":[{"name":"Pain before, 0 to 10","values":[)" + values + "]}]}";
}

class Plugin : public Limber::Sdk::Plugin, public Limber::Sdk::ReportSection {
public:
    void start(Limber::Sdk::Host& host) override { _greeting = host.setting("greeting"); }

    Limber::Sdk::ReportSection* reportSection() override { return this; }

    std::string render(const std::string& patientReportJson) override {
        // A real plugin parses the document (Poco::JSON, nlohmann::json, ...); counting the
        // "slot" keys of its sessions keeps the example free of a JSON library.
        int sessions = 0;
        for (auto at = patientReportJson.find("\"slot\""); at != std::string::npos;
             at = patientReportJson.find("\"slot\"", at + 1))
            ++sessions;
        return std::string(R"({"schema":"limber.report-section/1","title":"Hello section",)") +
               R"("blocks":[{"type":"text","text":)" + jsonString(_greeting) + "}," +
               R"({"type":"table","columns":["What","How many"],)" +
               R"("rows":[{"cells":["Sessions in this report",")" + std::to_string(sessions) +
               R"("]}]})" + painChart(patientReportJson) + "]}";
    }

private:
    std::string _greeting;
};

} // namespace Hello

LIMBER_PLUGIN(Hello::Plugin)
