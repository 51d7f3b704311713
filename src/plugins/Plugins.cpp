#include "Plugins.h"

#include "domain/ValidationException.h"
#include "limber/plugin/Export.h"

#include <Poco/ClassLoader.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Process.h>
#include <Poco/SharedLibrary.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <set>
#include <signal.h>
#include <stdexcept>
#include <string_view>

namespace Limber {

namespace {

using PluginClassLoader = Poco::ClassLoader<Sdk::Plugin>;

/// The one class loader of the process. It is never destroyed: its destructor would unload every
/// library, and a plugin's code may still be referenced (vtables, exception types) until exit.
PluginClassLoader& classLoader() {
    static PluginClassLoader* loader = new PluginClassLoader;
    return *loader;
}

std::mutex& loaderMutex() {
    static std::mutex mutex;
    return mutex;
}

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

std::string describe(const ValidationException& e) {
    std::string text;
    for (const auto& error : e.errors())
        text += (text.empty() ? "" : "; ") +
                (error.field.empty() ? error.message : error.field + ": " + error.message);
    return text;
}

/// Reads limber_plugin_api_version() through a plain SharedLibrary, so that Poco's ClassLoader
/// (which runs pocoInitializeLibrary before it checks the manifest) sees only libraries of this
/// API version. The library stays open: SharedLibrary's destructor does not unload it.
/// Opens path; refusals name installed, the file path was copied from.
void checkApiVersion(const std::string& path, const std::string& installed) {
    Poco::SharedLibrary library;
    try {
        library.load(path);
    } catch (const Poco::Exception& e) {
        throw PluginRefused(installed, "cannot be opened as a shared library: " + e.message());
    }
    if (!library.hasSymbol(LIMBER_PLUGIN_API_VERSION_SYMBOL))
        throw PluginRefused(installed, std::string("has no ") + LIMBER_PLUGIN_API_VERSION_SYMBOL +
                                           "(): not a Limber plugin, or built without "
                                           "LIMBER_PLUGIN");
    auto version = reinterpret_cast<int (*)()>(library.getSymbol(LIMBER_PLUGIN_API_VERSION_SYMBOL));
    int built = version();
    if (built != Sdk::API_VERSION)
        throw PluginRefused(installed, "built for plugin API " + std::to_string(built) +
                                           ", this Limber speaks " +
                                           std::to_string(Sdk::API_VERSION));
}

/// The process id in the name of a private copy ("ID-PID-N.so"); 0 for any other name.
long processOfCopy(const std::string& name) {
    std::string_view rest(name);
    if (!rest.ends_with(".so"))
        return 0;
    rest.remove_suffix(3);
    const auto lastDash = rest.rfind('-');
    if (lastDash == std::string_view::npos || lastDash == 0)
        return 0;
    rest = rest.substr(0, lastDash);
    const auto pidDash = rest.rfind('-');
    if (pidDash == std::string_view::npos)
        return 0;
    const std::string_view digits = rest.substr(pidDash + 1);
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return 0;
    return std::stol(std::string(digits));
}

/// Removes the private copies in folder whose process has ended: a process killed between
/// copying a library and opening it (kill -9 during start-up) leaves its copy behind. A copy
/// of a process still running (another Limber on the same data folder) stays.
void removeCopiesOfEndedProcesses(const Poco::Path& folder) {
    std::vector<std::string> names;
    try {
        Poco::File(folder).list(names);
    } catch (const Poco::Exception&) {
        return;
    }
    for (const std::string& name : names) {
        const long pid = processOfCopy(name);
        if (pid <= 0 || pid == static_cast<long>(Poco::Process::id()))
            continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)
            continue; // running, or not ours to tell
        try {
            Poco::File(Poco::Path(folder, name)).remove();
        } catch (const Poco::Exception&) {
            // Another process removed it first.
        }
    }
}

/// A copy of library of its own for this process to open, in DATA_DIR/plugin-libraries: the
/// loader maps the file it opens, so a new version written over the installed file in place
/// (cp does that) would change the code under the running process, which then crashes or
/// hangs. The copy is removed as soon as it is open (the mapping stays); the installed file can
/// be replaced at any time, and the new version loads at the next start. Copies that processes
/// killed before removing them left behind are removed first.
class PrivateCopy {
public:
    PrivateCopy(const std::string& library, const std::string& dataDir, const std::string& id) {
        static std::atomic<unsigned> copies{0};
        Poco::Path folder = Poco::Path::forDirectory(dataDir).pushDirectory("plugin-libraries");
        Poco::File(folder).createDirectories();
        removeCopiesOfEndedProcesses(folder);
        _path = Poco::Path(folder, id + "-" + std::to_string(Poco::Process::id()) + "-" +
                                       std::to_string(++copies) + ".so")
                    .toString();
        try {
            Poco::File(library).copyTo(_path);
        } catch (const Poco::Exception& e) {
            throw PluginRefused(library, "cannot be copied to " + _path +
                                             " to be opened: " + e.displayText());
        }
    }
    ~PrivateCopy() {
        try {
            Poco::File(_path).remove();
        } catch (const Poco::Exception&) {
            // Already gone: nothing to clean.
        }
    }
    PrivateCopy(const PrivateCopy&) = delete;
    PrivateCopy& operator=(const PrivateCopy&) = delete;

    const std::string& path() const { return _path; }

private:
    std::string _path;
};

} // namespace

/// What Limber offers one plugin (see Sdk::Host).
class PluginHost : public Sdk::Host {
public:
    PluginHost(std::string id, std::map<std::string, std::string> settings,
               std::string dataDirectory, std::string limberVersion)
        : _id(std::move(id)), _settings(std::move(settings)),
          _dataDirectory(std::move(dataDirectory)), _limberVersion(std::move(limberVersion)),
          _logger(Poco::Logger::get("limber.plugin." + _id)) {}

    std::string limberVersion() const override { return _limberVersion; }
    std::string pluginId() const override { return _id; }
    std::string setting(const std::string& key) const override {
        auto found = _settings.find(key);
        if (found == _settings.end())
            throw std::invalid_argument("plugin." + _id + "." + key +
                                        ": is not a setting plugin.json declares");
        return found->second;
    }
    std::string dataDirectory() const override {
        Poco::File(_dataDirectory).createDirectories();
        return _dataDirectory;
    }
    void log(Sdk::LogLevel level, const std::string& message) override {
        std::string line = "plugin " + _id + ": " + message;
        switch (level) {
        case Sdk::LogLevel::Information:
            _logger.information(line);
            break;
        case Sdk::LogLevel::Warning:
            _logger.warning(line);
            break;
        case Sdk::LogLevel::Error:
            _logger.error(line);
            break;
        }
    }

private:
    std::string _id;
    std::map<std::string, std::string> _settings;
    std::string _dataDirectory;
    std::string _limberVersion;
    Poco::Logger& _logger;
};

LoadedPlugin::LoadedPlugin(PluginManifest manifest, std::map<std::string, std::string> settings,
                           std::string library, std::unique_ptr<PluginHost> host,
                           Sdk::Plugin* instance)
    : _manifest(std::move(manifest)), _settings(std::move(settings)), _library(std::move(library)),
      _host(std::move(host)), _instance(instance) {
    _notifier = _instance->notifier();
    _exporter = _instance->exporter();
    _catalogPack = _instance->catalogPack();
    _reportSection = _instance->reportSection();
}

LoadedPlugin::~LoadedPlugin() {
    try {
        std::lock_guard<std::mutex> lock(_mutex);
        _instance->stop();
    } catch (const std::exception& e) {
        Poco::Logger::get("limber.plugins")
            .error("plugin " + _manifest.id + ": stop failed: " + e.what());
    } catch (...) {
        Poco::Logger::get("limber.plugins").error("plugin " + _manifest.id + ": stop failed");
    }
    delete _instance;
}

bool looksSecret(const std::string& key) {
    const std::string lower = Poco::toLower(key);
    for (const char* word : {"secret", "token", "password"})
        if (lower.find(word) != std::string::npos)
            return true;
    return false;
}

std::map<std::string, std::string> LoadedPlugin::visibleSettings() const {
    std::map<std::string, std::string> visible;
    for (const auto& [key, value] : _settings) {
        const PluginSettingSpec* spec = _manifest.setting(key);
        const bool hidden = (spec && spec->secret) || looksSecret(key);
        visible[key] = hidden ? (value.empty() ? "(not set)" : "(set)") : value;
    }
    return visible;
}

std::unique_ptr<LoadedPlugin> loadPlugin(const std::string& folder,
                                         const std::map<std::string, std::string>& settings,
                                         const PluginConfig& config) {
    std::string manifestPath = Poco::Path(folder, "plugin.json").toString();
    if (!Poco::File(manifestPath).exists())
        throw PluginRefused(manifestPath, "no plugin.json: every plugin folder needs one");
    PluginManifest manifest;
    try {
        manifest = parsePluginManifest(readFile(manifestPath));
    } catch (const ValidationException& e) {
        throw PluginRefused(manifestPath, "bad plugin.json: " + describe(e));
    }
    std::string folderName = Poco::Path::forDirectory(folder).directory(
        static_cast<int>(Poco::Path::forDirectory(folder).depth()) - 1);
    if (manifest.id != folderName)
        throw PluginRefused(manifestPath, "bad plugin.json: id \"" + manifest.id +
                                              "\" does not match its folder \"" + folderName +
                                              "\"");
    if (manifest.apiVersion != Sdk::API_VERSION)
        throw PluginRefused(manifestPath,
                            "written for plugin API " + std::to_string(manifest.apiVersion) +
                                ", this Limber speaks " + std::to_string(Sdk::API_VERSION));
    std::map<std::string, std::string> values;
    try {
        values = resolvePluginSettings(manifest, settings);
    } catch (const ValidationException& e) {
        throw PluginRefused(manifestPath, "bad setting: " + describe(e));
    }
    std::string library = Poco::Path(folder, manifest.library).toString();
    if (!Poco::File(library).exists())
        throw PluginRefused(library, "the library plugin.json names is missing");

    std::lock_guard<std::mutex> lock(loaderMutex());
    PrivateCopy opened(library, config.dataDir, manifest.id);
    checkApiVersion(opened.path(), library);
    PluginClassLoader& loader = classLoader();
    try {
        loader.loadLibrary(opened.path(), Sdk::MANIFEST_NAME);
    } catch (const Poco::Exception& e) {
        throw PluginRefused(
            library, std::string("no manifest ") + Sdk::MANIFEST_NAME +
                         " (built with LIMBER_PLUGIN of another API version?): " + e.displayText());
    }
    const auto* classes = loader.findManifest(opened.path());
    if (!classes || classes->size() != 1)
        throw PluginRefused(library, "its manifest must export exactly one plugin class");
    Sdk::Plugin* instance = nullptr;
    try {
        instance = classes->begin()->create();
    } catch (const std::exception& e) {
        throw PluginRefused(library,
                            std::string("its plugin class failed to construct: ") + e.what());
    }
    auto host = std::make_unique<PluginHost>(
        manifest.id, values,
        Poco::Path(config.dataDir).append("plugin-data/" + manifest.id).toString(),
        config.limberVersion);
    try {
        instance->start(*host);
    } catch (const std::exception& e) {
        delete instance;
        throw PluginRefused(library, std::string("start failed: ") + e.what());
    } catch (...) {
        delete instance;
        throw PluginRefused(library, "start failed with an exception that is not std::exception");
    }
    auto plugin =
        std::make_unique<LoadedPlugin>(manifest, values, library, std::move(host), instance);
    std::set<std::string> offered;
    if (plugin->notifier())
        offered.insert("notifier");
    if (plugin->exporter())
        offered.insert("exporter");
    if (plugin->catalogPack())
        offered.insert("catalog-pack");
    if (plugin->reportSection())
        offered.insert("report-section");
    std::set<std::string> declared(manifest.capabilities.begin(), manifest.capabilities.end());
    if (offered != declared) {
        std::string list;
        for (const auto& capability : offered)
            list += (list.empty() ? "" : ", ") + capability;
        throw PluginRefused(manifestPath,
                            "capabilities do not match the hooks the plugin offers (" +
                                (list.empty() ? "none" : list) + ")");
    }
    return plugin;
}

Plugins::Plugins(const PluginConfig& config) {
    for (const auto& id : config.required)
        if (std::find(config.enabled.begin(), config.enabled.end(), id) == config.enabled.end())
            throw Poco::InvalidArgumentException("plugins.required: \"" + id +
                                                 "\" is not in plugins.enabled");
    std::set<std::string> seen;
    for (const auto& id : config.enabled) {
        if (!seen.insert(id).second)
            continue;
        bool required =
            std::find(config.required.begin(), config.required.end(), id) != config.required.end();
        try {
            if (!isPluginId(id))
                throw PluginRefused(id, "is not a plugin id (lowercase letters, digits and '-')");
            auto settings = config.settings.find(id);
            _loaded.push_back(loadPlugin(Poco::Path(config.dir).append(id).toString(),
                                         settings == config.settings.end()
                                             ? std::map<std::string, std::string>{}
                                             : settings->second,
                                         config));
        } catch (const PluginRefused& e) {
            std::string line = "plugin refused: " + e.message();
            if (required)
                throw PluginRefused(e.file(), e.reason() + " (the plugin is required)");
            _refusals.push_back(line);
        }
    }
}

Plugins::~Plugins() {
    while (!_loaded.empty())
        _loaded.pop_back();
}

const LoadedPlugin* Plugins::find(const std::string& id) const {
    for (const auto& plugin : _loaded)
        if (plugin->id() == id)
            return plugin.get();
    return nullptr;
}

} // namespace Limber
