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

/// The built-in FHIR push (plugin.fhir.serverUrl), shown beside the plugins: id "fhir", its
/// settings (the token only as "(set)" or "(not set)") and its outbox under recipient.
PluginFacts fhirPushFacts(const std::string& serverUrl, bool hasToken, const std::string& recipient,
                          Store& store);

} // namespace Limber
