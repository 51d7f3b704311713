#pragma once

#include "plugins/Plugins.h"
#include "reports/HandoutReport.h"
#include "services/AccountService.h"
#include "web/FhirConfig.h"
#include "web/WebServer.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// Everything configurable, read and checked once at start-up. README "Configuration" lists
/// the keys; each has a default so that no file is needed.
struct Settings {
    std::string dataDir = "limber-data";
    ServerConfig server;
    std::string publicUrl; ///< default http://HOST:PORT
    std::size_t maxBodyBytes = 1024 * 1024;
    std::string storeDriver = "sqlite"; ///< sqlite | postgresql
    std::string postgresConnection;     ///< libpq connection string, for postgresql
    std::vector<std::string> packFiles; ///< a clinic's own catalog packs
    PdfFonts fonts;                     ///< fallback fonts for characters the built-in fonts lack
    /// The server key's file when not DATA_DIR/secret.key (a secret an orchestrator mounts,
    /// shared by every instance on one database); it is read, never written.
    std::string keyFile;
    std::string logoFile; ///< the clinic's logo on handouts (PNG or JPEG); empty: none
    std::string logFile;  ///< default DATA_DIR/limber.log; "-" logs to the console only
    std::string logLevel = "information";
    std::string logFormat = "text"; ///< text | json: one line per entry either way
    /// The log file is rotated by Limber at this size (MB); 0: never (logrotate rotates it).
    int logRotateMegabytes = 10;
    /// A bearer token that lets other machines read GET /metrics; empty: loopback only.
    std::string metricsToken;
    /// SQLite: copy a database that holds data before start-up migrates it
    /// (DATA_DIR/limber.db.before-migration-NNN).
    bool backupBeforeMigrating = true;
    SignInPolicy signIn;
    int linkLifetimeDays = 365; ///< how long a new check-in link works; 0: until revoked
    PluginConfig plugins;       ///< plugins.dir, plugins.enabled, plugins.required, plugin.<id>.*
    FhirConfig fhir;            ///< the plugin.fhir.* keys
    /// clinic.timeZone: the IANA zone of the clinic's wall clock ("Europe/Madrid"). It decides
    /// what "today" is (check-ins, adherence days) and every time shown; data stays in UTC.
    /// When the key is not set: the machine's own zone (TimeZone::machineZoneName), the day
    /// Limber followed before the key existed.
    std::string timeZone = "UTC";
    /// Not a configuration key: `limber demo` clears it to bulk-load a new database faster
    /// (see DatabaseConfig::durableCommits).
    bool durableCommits = true;
    /// plugins.missedDays: a sessions.missed event is written when a patient in care has not
    /// practised for this many days of a running program (see MissedSessions).
    int missedSessionDays = 3;

    std::string databasePath() const { return dataDir + "/limber.db"; }
};

/// LIMBER_* variables of an environment, by name.
using Environment = std::map<std::string, std::string>;

/// The LIMBER_* variables of this process's environment.
Environment processEnvironment();

/// The environment variable that sets a key: "LIMBER_" + the key in upper case, with "_" for
/// each dot and before each inner capital (server.maxConnections:
/// LIMBER_SERVER_MAX_CONNECTIONS).
std::string environmentVariableOf(const std::string& key);

/// One key of the effective configuration, as `limber config check` prints it.
struct EffectiveSetting {
    std::string key;
    std::string value;  ///< secrets masked (see maskedValue)
    std::string origin; ///< "default", "command line", "environment LIMBER_X" or the file's path
};

/// What checking the configuration found: every error, or the settings and where each came
/// from.
struct SettingsCheck {
    std::vector<std::string> errors;         ///< "key: reason", every problem found, in key order
    Settings settings;                       ///< meaningful only when errors is empty
    std::vector<EffectiveSetting> effective; ///< every key Limber knows, when errors is empty
};

/// Reads the settings: built-in defaults, then the configuration file (configFile, or
/// DATA_DIR/limber.properties when it exists), then the environment (LIMBER_* variables; an
/// empty one counts as unset), then overrides (from command-line options), each layer winning
/// over the one before. DATA_DIR is itself taken from the command line or the environment.
/// Collects every problem instead of stopping at the first.
SettingsCheck checkSettings(const std::map<std::string, std::string>& overrides,
                            const std::optional<std::string>& configFile,
                            const Environment& environment);

/// checkSettings with the process environment. Throws Poco::InvalidArgumentException with
/// every "key: reason" found, joined by "; ", when the configuration is not valid.
Settings loadSettings(const std::map<std::string, std::string>& overrides,
                      const std::optional<std::string>& configFile);

/// A value as it may be shown: secrets (metrics.token, the password in store.postgresql)
/// replaced by "****".
std::string maskedValue(const std::string& key, const std::string& value);

/// The fallback fonts when none are configured: Debian's fonts-dejavu-core, where installed.
PdfFonts defaultFonts();

} // namespace Limber
