#include "Settings.h"

#include "FilePaths.h"
#include "domain/TextRule.h"
#include "domain/TimeZone.h"
#include "plugins/PluginManifest.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <regex>
#include <set>
#include <unistd.h>

namespace Limber {

namespace {

/// Every key Limber knows, in the order `limber config check` prints them.
const std::vector<std::string> KNOWN_KEYS = {"data.dir",
                                             "server.host",
                                             "server.port",
                                             "server.threads",
                                             "server.queue",
                                             "server.maxConnections",
                                             "server.headerTimeoutSeconds",
                                             "server.minBodyBytesPerSecond",
                                             "server.keepAliveSeconds",
                                             "server.trustedProxies",
                                             "server.publicUrl",
                                             "server.maxBodyBytes",
                                             "server.tlsCertificate",
                                             "server.tlsKey",
                                             "store.driver",
                                             "store.postgresql",
                                             "secret.keyFile",
                                             "catalog.packs",
                                             "pdf.font",
                                             "pdf.fontBold",
                                             "clinic.logo",
                                             "log.file",
                                             "log.level",
                                             "log.format",
                                             "log.rotateMegabytes",
                                             "auth.idleMinutes",
                                             "auth.absoluteHours",
                                             "links.validDays",
                                             "metrics.token",
                                             "store.backupBeforeMigrating",
                                             "plugins.dir",
                                             "plugins.enabled",
                                             "plugins.required",
                                             "plugin.fhir.recordSystem",
                                             "plugin.fhir.cdsHooks.issuer",
                                             "plugin.fhir.cdsHooks.publicKey",
                                             "plugin.fhir.cdsHooks.clinic",
                                             "clinic.timeZone",
                                             "plugin.fhir.serverUrl",
                                             "plugin.fhir.token",
                                             "plugins.missedDays"};

/// Whether key is a plugin's own setting, plugin.<id>.<key>: checked against the plugin's
/// plugin.json when the plugin loads.
bool isPluginSetting(const std::string& key) {
    return key.rfind("plugin.", 0) == 0;
}

bool isKnownKey(const std::string& key) {
    return std::find(KNOWN_KEYS.begin(), KNOWN_KEYS.end(), key) != KNOWN_KEYS.end();
}

/// The message of a configuration error: "key: reason".
std::string messageOf(const Poco::Exception& error) {
    return error.message().empty() ? error.displayText() : error.message();
}

long long integerSetting(Poco::Util::AbstractConfiguration& config, const std::string& key,
                         long long fallback, long long low, long long high) {
    if (!config.hasProperty(key))
        return fallback;
    std::string text = config.getString(key);
    Poco::Int64 value = 0;
    if (!Poco::NumberParser::tryParse64(text, value) || value < low || value > high)
        throw Poco::InvalidArgumentException(key + ": must be a whole number from " +
                                             std::to_string(low) + " to " + std::to_string(high) +
                                             " (got \"" + text + "\")");
    return value;
}

/// Records every key of config under prefix that Limber does not know or whose value breaks
/// the text rule.
void checkKeys(Poco::Util::AbstractConfiguration& config, const std::string& prefix,
               const std::string& where, std::vector<std::string>& errors) {
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    for (const auto& key : keys) {
        std::string full = prefix.empty() ? key : prefix + "." + key;
        Poco::Util::AbstractConfiguration::Keys children;
        config.keys(full, children);
        if (!children.empty())
            checkKeys(config, full, where, errors);
        else if (!isKnownKey(full) && !isPluginSetting(full))
            errors.push_back(full + ": is not a setting Limber knows (" + where + ")");
        else if (CheckedText value = checkText(config.getRawString(full), TextKind::Secret, 4096);
                 !value.ok())
            errors.push_back(full + ": " + value.problem + " (" + where + ")");
    }
}

/// The environment's settings: each LIMBER_ variable that names a key. A variable in a
/// section Limber knows (LIMBER_SERVER_...) that names no key is an error, as an unknown key
/// in the file is; other LIMBER_ variables are not Limber's settings and are left alone.
Poco::AutoPtr<Poco::Util::MapConfiguration> settingsOf(const Environment& environment,
                                                       std::vector<std::string>& errors) {
    std::map<std::string, std::string> keyOfVariable;
    std::set<std::string> sections;
    for (const auto& key : KNOWN_KEYS) {
        keyOfVariable[environmentVariableOf(key)] = key;
        sections.insert(Poco::toUpper("LIMBER_" + key.substr(0, key.find('.')) + "_"));
    }
    Poco::AutoPtr<Poco::Util::MapConfiguration> settings(new Poco::Util::MapConfiguration);
    for (const auto& [name, value] : environment) {
        if (value.empty())
            continue;
        auto key = keyOfVariable.find(name);
        if (key == keyOfVariable.end()) {
            for (const auto& section : sections)
                if (name.rfind(section, 0) == 0)
                    errors.push_back(name + ": is not a setting Limber knows (environment)");
            continue;
        }
        if (CheckedText checked = checkText(value, TextKind::Secret, 4096); !checked.ok()) {
            errors.push_back(key->second + ": " + checked.problem + " (environment " + name + ")");
            continue;
        }
        settings->setString(key->second, value);
    }
    return settings;
}

/// Each key's effective value, read back from the settings.
std::vector<std::pair<std::string, std::string>> valuesOf(const Settings& s) {
    std::string packs;
    for (const auto& file : s.packFiles)
        packs += (packs.empty() ? "" : ", ") + file;
    return {{"data.dir", s.dataDir},
            {"server.host", s.server.host},
            {"server.port", std::to_string(s.server.port)},
            {"server.threads", std::to_string(s.server.threads)},
            {"server.queue", std::to_string(s.server.queue)},
            {"server.maxConnections", std::to_string(s.server.maxConnections)},
            {"server.headerTimeoutSeconds", std::to_string(s.server.headerTimeoutSeconds)},
            {"server.minBodyBytesPerSecond", std::to_string(s.server.minBodyBytesPerSecond)},
            {"server.keepAliveSeconds", std::to_string(s.server.keepAliveSeconds)},
            {"server.trustedProxies", s.server.trustedProxies},
            {"server.publicUrl", s.publicUrl},
            {"server.maxBodyBytes", std::to_string(s.maxBodyBytes)},
            {"server.tlsCertificate", s.server.tlsCertificate},
            {"server.tlsKey", s.server.tlsKey},
            {"store.driver", s.storeDriver},
            {"store.postgresql", s.postgresConnection},
            {"secret.keyFile", s.keyFile},
            {"catalog.packs", packs},
            {"pdf.font", s.fonts.regular},
            {"pdf.fontBold", s.fonts.bold},
            {"clinic.logo", s.logoFile},
            {"log.file", s.logFile},
            {"log.level", s.logLevel},
            {"log.format", s.logFormat},
            {"log.rotateMegabytes", std::to_string(s.logRotateMegabytes)},
            {"auth.idleMinutes", std::to_string(s.signIn.idleSeconds / 60)},
            {"auth.absoluteHours", std::to_string(s.signIn.absoluteSeconds / 3600)},
            {"links.validDays", std::to_string(s.linkLifetimeDays)},
            {"metrics.token", s.metricsToken},
            {"store.backupBeforeMigrating", s.backupBeforeMigrating ? "true" : "false"},
            {"plugin.fhir.recordSystem", s.fhir.recordSystem},
            {"plugin.fhir.cdsHooks.issuer", s.fhir.cdsIssuer},
            {"plugin.fhir.cdsHooks.publicKey", s.fhir.cdsPublicKeyFile},
            {"plugin.fhir.cdsHooks.clinic", std::to_string(s.fhir.cdsClinicId)},
            {"plugin.fhir.serverUrl", s.fhir.serverUrl},
            {"plugin.fhir.token", s.fhir.serverToken.empty() ? "" : "(set)"},
            {"plugins.dir", s.plugins.dir},
            {"plugins.enabled",
             Poco::cat(std::string(", "), s.plugins.enabled.begin(), s.plugins.enabled.end())},
            {"plugins.required",
             Poco::cat(std::string(", "), s.plugins.required.begin(), s.plugins.required.end())},
            {"clinic.timeZone", s.timeZone},
            {"plugins.missedDays", std::to_string(s.missedSessionDays)}};
}

} // namespace

Environment processEnvironment() {
    Environment variables;
    for (char** entry = environ; entry && *entry; ++entry) {
        std::string text = *entry;
        auto equals = text.find('=');
        if (equals != std::string::npos && text.rfind("LIMBER_", 0) == 0)
            variables[text.substr(0, equals)] = text.substr(equals + 1);
    }
    return variables;
}

std::string environmentVariableOf(const std::string& key) {
    std::string name = "LIMBER_";
    for (char c : key) {
        if (c == '.')
            name += '_';
        else if (std::isupper(static_cast<unsigned char>(c)))
            name += std::string("_") + c;
        else
            name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

std::string maskedValue(const std::string& key, const std::string& value) {
    if (value.empty())
        return value;
    if (key == "metrics.token")
        return "****";
    if (key == "store.postgresql") {
        // libpq's key=value form (quoted values may hold spaces) and its URI form.
        static const std::regex KEYWORD(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+))",
                                        std::regex::icase);
        static const std::regex URI(R"(^(postgres(?:ql)?://[^:/@]*:)[^@]*@)", std::regex::icase);
        std::string masked = std::regex_replace(value, KEYWORD, "$1****");
        return std::regex_replace(masked, URI, "$1****@");
    }
    return value;
}

PdfFonts defaultFonts() {
    PdfFonts fonts{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                   "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
    // A fallback that is not installed is simply not there; only a named one must exist.
    if (!Poco::File(fonts.regular).exists())
        fonts.regular.clear();
    if (!Poco::File(fonts.bold).exists())
        fonts.bold.clear();
    return fonts;
}

SettingsCheck checkSettings(const std::map<std::string, std::string>& overrides,
                            const std::optional<std::string>& configFile,
                            const Environment& environment) {
    SettingsCheck result;
    std::vector<std::string>& errors = result.errors;
    auto attempt = [&errors](auto&& step) {
        try {
            step();
        } catch (const Poco::Exception& error) {
            errors.push_back(messageOf(error));
        }
    };

    Poco::AutoPtr<Poco::Util::MapConfiguration> fromCommandLine(new Poco::Util::MapConfiguration);
    for (const auto& [key, value] : overrides)
        fromCommandLine->setString(key, value);
    checkKeys(*fromCommandLine, "", "command line", errors);
    Poco::AutoPtr<Poco::Util::MapConfiguration> fromEnvironment = settingsOf(environment, errors);

    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
    config->add(fromCommandLine, 0);
    config->add(fromEnvironment, 5);
    std::string dataDir = fromCommandLine->getString(
        "data.dir", fromEnvironment->getString("data.dir", "limber-data"));
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file;
    std::string path = configFile.value_or(dataDir + "/limber.properties");
    attempt([&] {
        checkFolder("data.dir (--data-dir)", dataDir);
        if (configFile || Poco::File(path).exists()) {
            checkInputFile("--config", path);
            file = new Poco::Util::PropertyFileConfiguration(path);
            checkKeys(*file, "", path, errors);
            config->add(file, 10);
        }
    });

    Settings s;
    attempt([&] {
        s.dataDir = config->getString("data.dir", s.dataDir);
        checkFolder("data.dir", s.dataDir);
    });
    s.server.host = config->getString("server.host", s.server.host);
    attempt([&] {
        s.server.port =
            static_cast<unsigned short>(integerSetting(*config, "server.port", 8080, 0, 65535));
    });
    attempt([&] {
        s.server.threads = static_cast<int>(integerSetting(*config, "server.threads", 16, 2, 256));
    });
    attempt([&] {
        s.server.queue = static_cast<int>(integerSetting(*config, "server.queue", 1000, 1, 100000));
    });
    attempt([&] {
        s.server.maxConnections =
            static_cast<int>(integerSetting(*config, "server.maxConnections", 10000, 16, 1000000));
    });
    attempt([&] {
        s.server.headerTimeoutSeconds =
            static_cast<int>(integerSetting(*config, "server.headerTimeoutSeconds", 10, 1, 300));
    });
    attempt([&] {
        s.server.minBodyBytesPerSecond = static_cast<int>(
            integerSetting(*config, "server.minBodyBytesPerSecond", 1024, 1, 100 * 1024 * 1024));
    });
    attempt([&] {
        s.server.keepAliveSeconds =
            static_cast<int>(integerSetting(*config, "server.keepAliveSeconds", 60, 1, 3600));
    });
    attempt([&] {
        s.server.trustedProxies = config->getString("server.trustedProxies", "");
        TrustedProxies checked(s.server.trustedProxies);
    });
    attempt([&] {
        s.publicUrl = config->getString("server.publicUrl", "");
        if (!s.publicUrl.empty() && s.publicUrl.rfind("http://", 0) != 0 &&
            s.publicUrl.rfind("https://", 0) != 0)
            throw Poco::InvalidArgumentException(
                "server.publicUrl: must start with http:// or https://");
    });
    attempt([&] {
        s.maxBodyBytes = static_cast<std::size_t>(
            integerSetting(*config, "server.maxBodyBytes", 1024 * 1024, 1024, 64 * 1024 * 1024));
    });
    attempt([&] {
        s.storeDriver = config->getString("store.driver", s.storeDriver);
        if (s.storeDriver != "sqlite" && s.storeDriver != "postgresql")
            throw Poco::InvalidArgumentException(
                "store.driver: must be sqlite or postgresql (got \"" + s.storeDriver + "\")");
    });
    attempt([&] {
        s.postgresConnection = config->getString("store.postgresql", "");
        if (s.storeDriver == "postgresql" && s.postgresConnection.empty())
            throw Poco::InvalidArgumentException(
                "store.postgresql: is required with store.driver = postgresql");
    });
    Poco::StringTokenizer packs(config->getString("catalog.packs", ""), ",",
                                Poco::StringTokenizer::TOK_TRIM |
                                    Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    s.packFiles.assign(packs.begin(), packs.end());
    for (const auto& packFile : s.packFiles)
        attempt([&] { checkInputFile("catalog.packs", packFile); });
    s.fonts = defaultFonts();
    s.fonts.regular = config->getString("pdf.font", s.fonts.regular);
    s.fonts.bold = config->getString("pdf.fontBold", s.fonts.bold);
    s.logoFile = config->getString("clinic.logo", "");
    s.keyFile = config->getString("secret.keyFile", "");
    for (const auto& [key, input] :
         {std::pair{"pdf.font", s.fonts.regular}, std::pair{"pdf.fontBold", s.fonts.bold},
          std::pair{"clinic.logo", s.logoFile}, std::pair{"secret.keyFile", s.keyFile}})
        if (!input.empty())
            attempt([&] { checkInputFile(key, input); });
    attempt([&] {
        s.logFile = config->getString("log.file", s.dataDir + "/limber.log");
        checkOutputFile("log.file", s.logFile);
    });
    attempt([&] {
        s.logLevel = config->getString("log.level", s.logLevel);
        static const std::set<std::string> LEVELS = {"fatal",  "critical",    "error", "warning",
                                                     "notice", "information", "debug", "trace"};
        if (!LEVELS.count(s.logLevel))
            throw Poco::InvalidArgumentException("log.level: must be one of error, warning, "
                                                 "notice, information, debug (got \"" +
                                                 s.logLevel + "\")");
    });
    attempt([&] {
        s.logFormat = config->getString("log.format", s.logFormat);
        if (s.logFormat != "text" && s.logFormat != "json")
            throw Poco::InvalidArgumentException("log.format: must be text or json (got \"" +
                                                 s.logFormat + "\")");
    });
    attempt([&] {
        s.logRotateMegabytes =
            static_cast<int>(integerSetting(*config, "log.rotateMegabytes", 10, 0, 100000));
    });
    attempt([&] {
        s.signIn.idleSeconds = integerSetting(*config, "auth.idleMinutes", 15, 1, 24 * 60) * 60;
    });
    attempt([&] {
        s.signIn.absoluteSeconds =
            integerSetting(*config, "auth.absoluteHours", 12, 1, 24 * 7) * 3600;
    });
    attempt([&] {
        s.linkLifetimeDays =
            static_cast<int>(integerSetting(*config, "links.validDays", 365, 0, 3660));
    });
    s.fhir.recordSystem = config->getString("plugin.fhir.recordSystem", "");
    s.fhir.cdsIssuer = config->getString("plugin.fhir.cdsHooks.issuer", "");
    s.fhir.cdsPublicKeyFile = config->getString("plugin.fhir.cdsHooks.publicKey", "");
    attempt([&] {
        s.fhir.cdsClinicId = integerSetting(*config, "plugin.fhir.cdsHooks.clinic", 0, 0,
                                            std::numeric_limits<std::int64_t>::max());
        if (s.fhir.cdsEnabled() && (s.fhir.cdsPublicKeyFile.empty() || s.fhir.cdsClinicId == 0))
            throw Poco::InvalidArgumentException(
                "plugin.fhir.cdsHooks.issuer: needs plugin.fhir.cdsHooks.publicKey and "
                "plugin.fhir.cdsHooks.clinic too");
    });
    attempt([&] {
        s.timeZone = config->getString("clinic.timeZone", TimeZone::machineZoneName());
        try {
            TimeZone::named(s.timeZone);
        } catch (const Poco::InvalidArgumentException& error) {
            throw Poco::InvalidArgumentException("clinic.timeZone: " + error.message());
        }
    });
    s.fhir.serverToken = config->getString("plugin.fhir.token", "");
    attempt([&] {
        s.fhir.serverUrl = config->getString("plugin.fhir.serverUrl", "");
        if (s.fhir.serverUrl.empty())
            return;
        Poco::URI uri(s.fhir.serverUrl);
        if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty() ||
            !uri.getQuery().empty() || !uri.getFragment().empty())
            throw Poco::InvalidArgumentException(
                "plugin.fhir.serverUrl: must be the FHIR server's base URL, http(s)://host[/path]");
    });
    s.server.tlsCertificate = config->getString("server.tlsCertificate", "");
    s.server.tlsKey = config->getString("server.tlsKey", "");
    for (const auto& [key, input] : {std::pair{"server.tlsCertificate", s.server.tlsCertificate},
                                     std::pair{"server.tlsKey", s.server.tlsKey}})
        if (!input.empty())
            attempt([&] { checkInputFile(key, input); });
    if (s.server.tlsCertificate.empty() != s.server.tlsKey.empty())
        errors.push_back(
            "server.tlsCertificate and server.tlsKey: give both (HTTPS) or neither (HTTP)");
    s.plugins.dir = config->getString("plugins.dir", s.dataDir + "/plugins");
    s.plugins.dataDir = s.dataDir;
    for (auto [key, list] : {std::pair{"plugins.enabled", &s.plugins.enabled},
                             std::pair{"plugins.required", &s.plugins.required}}) {
        Poco::StringTokenizer ids(config->getString(key, ""), ",",
                                  Poco::StringTokenizer::TOK_TRIM |
                                      Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        list->assign(ids.begin(), ids.end());
        for (const auto& id : *list)
            if (!isPluginId(id))
                errors.push_back(std::string(key) + ": \"" + id +
                                 "\" is not a plugin id (lowercase letters, digits and '-')");
    }
    Poco::Util::AbstractConfiguration::Keys ids;
    config->keys("plugin", ids);
    for (const auto& id : ids) {
        if (id == "fhir") // the FHIR API and CDS Hooks are served by Limber itself: read above
            continue;
        Poco::Util::AbstractConfiguration::Keys keys;
        config->keys("plugin." + id, keys);
        if (keys.empty())
            errors.push_back("plugin." + id + ": a plugin setting is plugin.<id>.<key>");
        for (const auto& key : keys) {
            std::string full = "plugin." + id + "." + key;
            if (!config->hasProperty(full))
                errors.push_back(full + ": a plugin setting is plugin.<id>.<key>");
            else
                s.plugins.settings[id][key] = config->getString(full);
        }
    }
    attempt([&] {
        s.missedSessionDays =
            static_cast<int>(integerSetting(*config, "plugins.missedDays", 3, 1, 60));
    });
    attempt([&] {
        s.metricsToken = config->getString("metrics.token", "");
        if (!s.metricsToken.empty() && s.metricsToken.size() < 16)
            throw Poco::InvalidArgumentException(
                "metrics.token: must be at least 16 characters (a random secret)");
    });

    attempt([&] {
        std::string value = config->getString("store.backupBeforeMigrating", "true");
        if (value != "true" && value != "false")
            throw Poco::InvalidArgumentException(
                "store.backupBeforeMigrating: must be true or false (got \"" + value + "\")");
        s.backupBeforeMigrating = value == "true";
    });

    if (!errors.empty())
        return result;
    for (const auto& [key, value] : valuesOf(s)) {
        std::string origin = "default";
        if (fromCommandLine->hasProperty(key))
            origin = "command line";
        else if (fromEnvironment->hasProperty(key))
            origin = "environment " + environmentVariableOf(key);
        else if (file && file->hasProperty(key))
            origin = path;
        result.effective.push_back({key, maskedValue(key, value), origin});
    }
    result.settings = std::move(s);
    return result;
}

Settings loadSettings(const std::map<std::string, std::string>& overrides,
                      const std::optional<std::string>& configFile) {
    SettingsCheck checked = checkSettings(overrides, configFile, processEnvironment());
    if (!checked.errors.empty()) {
        std::string message;
        for (const auto& error : checked.errors)
            message += (message.empty() ? "" : "; ") + error;
        throw Poco::InvalidArgumentException(message);
    }
    return checked.settings;
}

} // namespace Limber
