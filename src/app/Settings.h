#pragma once

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
    SignInPolicy signIn;
    int linkLifetimeDays = 365; ///< how long a new check-in link works; 0: until revoked
    FhirConfig fhir;            ///< the plugin.fhir.* keys
    /// Not a configuration key: `limber demo` clears it to bulk-load a new database faster
    /// (see DatabaseConfig::durableCommits).
    bool durableCommits = true;

    std::string databasePath() const { return dataDir + "/limber.db"; }
};

/// Reads the settings: built-in defaults, then the configuration file (configFile, or
/// DATA_DIR/limber.properties when it exists), then overrides (from command-line options),
/// each layer winning over the one before. Throws Poco::InvalidArgumentException
/// "key: reason" for a bad value and Poco::FileNotFoundException for a named file that is
/// missing.
Settings loadSettings(const std::map<std::string, std::string>& overrides,
                      const std::optional<std::string>& configFile);

/// The fallback fonts when none are configured: Debian's fonts-dejavu-core, where installed.
PdfFonts defaultFonts();

} // namespace Limber
