#pragma once

#include "catalog/Catalog.h"
#include "plugins/Plugins.h"

#include <string>
#include <vector>

namespace Limber {

/// Adds the pack of every loaded CatalogPack plugin to catalog, validated by the same pack
/// loader as a clinic's pack files (PackRules{false, &catalog}). A plugin's pack is namespaced:
/// its id is the plugin's id or starts with "<plugin id>.", and every exercise, education item
/// and program template id in it starts with "<plugin id>-". A pack that fails (the hook
/// throws, the JSON breaks the pack format, an id is outside the namespace) is left out with
/// one line "plugin refused: <plugin id>: pack: <problems>", added to plugins' refusals; when the
/// plugin is in required, throws PluginRefused instead.
void addPluginPacks(Catalog& catalog, Plugins& plugins, const std::vector<std::string>& required);

} // namespace Limber
