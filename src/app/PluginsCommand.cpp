#include "Application.h"
#include "Arguments.h"
#include "Commands.h"
#include "services/PluginOverview.h"

#include <iostream>

namespace Limber {

namespace {

const char* USAGE = "usage: limber plugins list | dead-letters PLUGIN-ID [--data-dir DIR] "
                    "[--config FILE]";

/// The events set aside for plugin id after too many failed deliveries, newest first.
int listDeadLetters(Application& application, const std::string& id) {
    auto entries = application.store().outboxEntries(id, "dead", 1000);
    if (entries.empty())
        std::cout << "No events set aside for " << id << ".\n";
    for (const auto& entry : entries)
        std::cout << entry.eventId << " " << entry.type << " (clinic " << entry.clinicId << "), "
                  << entry.attempts << " attempts: " << entry.lastError << "\n";
    return EXIT_OK;
}

} // namespace

int runPlugins(const std::vector<std::string>& args) {
    if (args.empty() || (args.front() != "list" && args.front() != "dead-letters"))
        throw UsageError{USAGE};
    Arguments arguments(std::vector<std::string>(args.begin() + 1, args.end()),
                        {"data-dir", "config"}, {});
    const bool deadLetters = args.front() == "dead-letters";
    if (arguments.positional().size() != (deadLetters ? 1u : 0u))
        throw UsageError{USAGE};
    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    Application application(loadSettings(overrides, arguments.value("config")));
    if (deadLetters)
        return listDeadLetters(application, arguments.positional().front());
    const Plugins& plugins = application.plugins();
    if (plugins.loaded().empty() && plugins.refusals().empty())
        std::cout << "No plugins enabled (plugins.enabled in limber.properties).\n";
    std::vector<PluginFacts> facts = pluginFacts(plugins, application.store());
    const FhirConfig& fhir = application.settings().fhir;
    if (fhir.pushEnabled())
        facts.push_back(
            fhirPushFacts(fhir.serverUrl, !fhir.serverToken.empty(), application.store()));
    for (const PluginFacts& plugin : facts) {
        std::cout << plugin.id << (plugin.version.empty() ? "" : " " + plugin.version) << " ("
                  << plugin.name << ")\n";
        std::string capabilities;
        for (const auto& capability : plugin.capabilities)
            capabilities += (capabilities.empty() ? "" : ", ") + capability;
        std::cout << "  capabilities: " << (capabilities.empty() ? "none" : capabilities) << "\n";
        for (const auto& [key, value] : plugin.settings)
            std::cout << "  " << key << " = " << value << "\n";
        if (plugin.outbox) {
            std::cout << "  outbox: " << plugin.outbox->pending << " waiting, "
                      << plugin.outbox->delivered << " delivered, " << plugin.outbox->dead
                      << " set aside\n";
            if (!plugin.outbox->lastError.empty())
                std::cout << "  last delivery error: " << plugin.outbox->lastError << "\n";
        }
    }
    for (const auto& line : plugins.refusals())
        std::cout << line << "\n";
    return plugins.refusals().empty() ? EXIT_OK : EXIT_FAILED;
}

} // namespace Limber
