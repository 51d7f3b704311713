#pragma once

#include "PluginManifest.h"
#include "limber/plugin/Plugin.h"

#include <Poco/Exception.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Limber {

/// Which plugins to load and how: the `plugins.*` and `plugin.<id>.<key>` settings.
struct PluginConfig {
    std::string dir;                   ///< one sub-folder per plugin, named after its id
    std::vector<std::string> enabled;  ///< ids to load, in this order
    std::vector<std::string> required; ///< ids that must load, or Limber does not start
    std::map<std::string, std::map<std::string, std::string>> settings; ///< id -> key -> value
    std::string dataDir;       ///< plugins' own folders go in DATA_DIR/plugin-data/<id>
    std::string limberVersion; ///< told to plugins
};

/// A plugin Limber would not load: the file and the reason, as one line for the log.
class PluginRefused : public Poco::RuntimeException {
public:
    PluginRefused(const std::string& file, const std::string& reason)
        : Poco::RuntimeException(file + ": " + reason), _file(file), _reason(reason) {}
    const std::string& file() const { return _file; }
    const std::string& reason() const { return _reason; }

private:
    std::string _file;
    std::string _reason;
};

class PluginHost;

/// One started plugin. Its hooks are called through call(), which holds the plugin's lock
/// unless its plugin.json declares it thread-safe.
class LoadedPlugin {
public:
    LoadedPlugin(PluginManifest manifest, std::map<std::string, std::string> settings,
                 std::string library, std::unique_ptr<PluginHost> host, Sdk::Plugin* instance);
    /// Calls stop() (errors are logged) and destroys the plugin object; the library stays.
    ~LoadedPlugin();
    LoadedPlugin(const LoadedPlugin&) = delete;
    LoadedPlugin& operator=(const LoadedPlugin&) = delete;

    const PluginManifest& manifest() const { return _manifest; }
    const std::string& id() const { return _manifest.id; }
    const std::string& library() const { return _library; }
    /// The validated settings with secret values (marked secret in plugin.json, or named like a
    /// secret: looksSecret) replaced by "(set)" or "(not set)".
    std::map<std::string, std::string> visibleSettings() const;

    Sdk::Notifier* notifier() const { return _notifier; }
    Sdk::Exporter* exporter() const { return _exporter; }
    Sdk::CatalogPack* catalogPack() const { return _catalogPack; }
    Sdk::ReportSection* reportSection() const { return _reportSection; }

    /// Runs hook (a call into the plugin) under the plugin's lock when it is not thread-safe.
    template <class Hook> auto call(Hook&& hook) const {
        if (_manifest.threadSafe)
            return hook();
        std::lock_guard<std::mutex> lock(_mutex);
        return hook();
    }

private:
    PluginManifest _manifest;
    std::map<std::string, std::string> _settings;
    std::string _library;
    std::unique_ptr<PluginHost> _host;
    Sdk::Plugin* _instance;
    Sdk::Notifier* _notifier = nullptr;
    Sdk::Exporter* _exporter = nullptr;
    Sdk::CatalogPack* _catalogPack = nullptr;
    Sdk::ReportSection* _reportSection = nullptr;
    mutable std::mutex _mutex;
};

/// The plugins of one Limber, loaded once at start-up and stopped (never unloaded) at shutdown.
class Plugins {
public:
    Plugins() = default;
    /// Loads config.enabled from config.dir. A plugin that is refused is left out, with one line
    /// (file and reason) in refusals() for the log; throws PluginRefused when it is in
    /// config.required. Throws
    /// Poco::InvalidArgumentException for a required id that is not enabled.
    explicit Plugins(const PluginConfig& config);
    /// Stops the plugins in the reverse order of loading.
    ~Plugins();

    const std::vector<std::unique_ptr<LoadedPlugin>>& loaded() const { return _loaded; }
    /// One line per refused plugin, as logged.
    const std::vector<std::string>& refusals() const { return _refusals; }
    const LoadedPlugin* find(const std::string& id) const;
    /// Adds a refusal found after loading (a CatalogPack's pack that the catalog refused).
    void addRefusal(std::string line) { _refusals.push_back(std::move(line)); }

private:
    std::vector<std::unique_ptr<LoadedPlugin>> _loaded;
    std::vector<std::string> _refusals;
};

/// Whether a setting's name says it holds a secret (contains "secret", "token" or "password",
/// any case): such values are never shown, even when plugin.json does not mark them secret.
bool looksSecret(const std::string& key);

/// Loads and starts one plugin from folder (which holds plugin.json and the library). Throws
/// PluginRefused naming the file and the reason when anything is wrong.
std::unique_ptr<LoadedPlugin> loadPlugin(const std::string& folder,
                                         const std::map<std::string, std::string>& settings,
                                         const PluginConfig& config);

} // namespace Limber
