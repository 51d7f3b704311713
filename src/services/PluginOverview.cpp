#include "PluginOverview.h"

namespace Limber {

std::vector<PluginFacts> pluginFacts(const Plugins& plugins, Store& store) {
    std::vector<PluginFacts> facts;
    for (const auto& plugin : plugins.loaded()) {
        const PluginManifest& manifest = plugin->manifest();
        PluginFacts fact{manifest.id, manifest.name, manifest.version, manifest.capabilities,
                         {},          std::nullopt};
        for (const auto& [key, value] : plugin->visibleSettings())
            fact.settings.emplace_back("plugin." + manifest.id + "." + key, value);
        if (plugin->notifier())
            fact.outbox = store.outboxStatus(manifest.id);
        facts.push_back(std::move(fact));
    }
    return facts;
}

PluginFacts fhirPushFacts(const std::string& serverUrl, bool hasToken, Store& store) {
    PluginFacts fact{"fhir", "FHIR push to the clinic's FHIR server (built in)",
                     "",     {"notifier"},
                     {},     store.outboxStatus(FHIR_PUSH_RECIPIENT)};
    fact.settings.emplace_back("plugin.fhir.serverUrl", serverUrl);
    fact.settings.emplace_back("plugin.fhir.token", hasToken ? "(set)" : "(not set)");
    return fact;
}

} // namespace Limber
