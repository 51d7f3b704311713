#pragma once

#include <map>
#include <string>
#include <vector>

namespace Limber {

/// One setting a plugin declares in its plugin.json.
struct PluginSettingSpec {
    std::string key;
    std::string type = "string"; ///< string | integer | boolean
    std::string defaultValue;
    std::string description;
    bool secret = false; ///< never shown on the admin view
};

/// A plugin's plugin.json: who it is and what it may be configured with. See plugin/README.md.
struct PluginManifest {
    std::string id;
    std::string name;
    std::string version;
    int apiVersion = 0;
    std::string library;                   ///< a file name in the plugin's folder
    std::vector<std::string> capabilities; ///< notifier, exporter, catalog-pack, report-section
    bool threadSafe = false;
    std::vector<PluginSettingSpec> settings;

    bool has(const std::string& capability) const;
    const PluginSettingSpec* setting(const std::string& key) const;
};

/// Reads a plugin.json text. Throws ValidationException naming the first wrong fields.
PluginManifest parsePluginManifest(const std::string& text);

/// The plugin's settings: each declared key with its configured value (the `plugin.<id>.<key>`
/// of limber.properties, given here without the prefix) or its default. Throws
/// ValidationException "plugin.<id>.<key>: reason" for an undeclared key or a value that is not
/// of the declared type.
std::map<std::string, std::string>
resolvePluginSettings(const PluginManifest& manifest,
                      const std::map<std::string, std::string>& configured);

/// Whether text is a plugin id: 2 to 40 lowercase letters, digits and '-', starting with a letter.
bool isPluginId(const std::string& text);

} // namespace Limber
