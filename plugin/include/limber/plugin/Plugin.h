#pragma once

#include "limber/plugin/Documents.h"
#include "limber/plugin/Hooks.h"
#include "limber/plugin/Version.h"

#include <string>

namespace Limber::Sdk {

enum class LogLevel { Information, Warning, Error };

/// What Limber offers a plugin. Implemented by Limber; valid from start() until stop() returns.
/// Every function may be called from any thread.
class Host {
public:
    virtual ~Host() = default;

    /// Limber's version, "0.1.0".
    virtual std::string limberVersion() const = 0;

    /// The plugin's id, from its plugin.json.
    virtual std::string pluginId() const = 0;

    /// The value of one of the settings the plugin's plugin.json declares: the configured
    /// `plugin.<id>.<key>` of limber.properties, already checked against the declared type,
    /// or the declared default. Throws std::invalid_argument for a key plugin.json does not
    /// declare.
    virtual std::string setting(const std::string& key) const = 0;

    /// A folder only this plugin writes to (created by Limber), for its own files.
    virtual std::string dataDirectory() const = 0;

    /// Writes one line to Limber's log, prefixed with the plugin's id.
    virtual void log(LogLevel level, const std::string& message) = 0;
};

/// The one class a plugin library exports (see Export.h). Limber creates it once at start-up,
/// calls start(), asks for its hooks, and calls stop() at shutdown; the library is never
/// unloaded. The hook objects belong to the plugin and must live until stop() returns.
class Plugin {
public:
    virtual ~Plugin() = default;

    /// Called once, before any hook, with the settings validated. Throwing refuses the plugin
    /// (Limber logs the reason and starts without it, or stops if the plugin is required).
    /// Keep work out of static initialisers: they run before Limber can check the API version.
    virtual void start(Host& host) { (void)host; }

    /// Called once at shutdown, after the last hook call has returned.
    virtual void stop() {}

    /// The hooks this plugin implements, or nullptr. The capabilities plugin.json lists must
    /// match what these return; asked once, after start().
    virtual Notifier* notifier() { return nullptr; }
    virtual Exporter* exporter() { return nullptr; }
    virtual CatalogPack* catalogPack() { return nullptr; }
    virtual ReportSection* reportSection() { return nullptr; }
};

} // namespace Limber::Sdk
