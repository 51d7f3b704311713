// An out-of-tree Limber plugin: adds a section to every patient report with a greeting (the
// setting plugin.hello.greeting) and the number of sessions the report counts.
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
               R"("]}]}]})";
    }

private:
    std::string _greeting;
};

} // namespace Hello

LIMBER_PLUGIN(Hello::Plugin)
