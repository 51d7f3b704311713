#pragma once

#include "domain/Store.h"
#include "plugins/Plugins.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace Limber {

/// What the admin sees of one loaded plugin (/admin/plugins, limber plugins list).
struct PluginFacts {
    std::string id;
    std::string name;
    std::string version;
    std::vector<std::string> capabilities;
    /// plugin.<id>.<key> settings, secrets shown only as "(set)" or "(not set)".
    std::vector<std::pair<std::string, std::string>> settings;
    std::optional<OutboxStatus> outbox; ///< for Notifier plugins
};

/// The facts of every loaded plugin, in load order.
std::vector<PluginFacts> pluginFacts(const Plugins& plugins, Store& store);

/// The outbox recipient of the built-in FHIR push (plugin.fhir.serverUrl).
inline constexpr const char* FHIR_PUSH_RECIPIENT = "fhir";

/// The built-in FHIR push, shown beside the plugins: id "fhir", its settings (the token only
/// as "(set)" or "(not set)") and its outbox backlog.
PluginFacts fhirPushFacts(const std::string& serverUrl, bool hasToken, Store& store);

} // namespace Limber
