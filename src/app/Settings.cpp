#include "Settings.h"

#include "FilePaths.h"
#include "domain/TextRule.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <limits>
#include <set>

namespace Limber {

namespace {

const std::set<std::string> KNOWN_KEYS = {"data.dir",
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
                                          "store.driver",
                                          "store.postgresql",
                                          "secret.keyFile",
                                          "catalog.packs",
                                          "pdf.font",
                                          "pdf.fontBold",
                                          "clinic.logo",
                                          "log.file",
                                          "log.level",
                                          "auth.idleMinutes",
                                          "auth.absoluteHours",
                                          "links.validDays",
                                          "server.tlsCertificate",
                                          "server.tlsKey",
                                          "plugin.fhir.recordSystem",
                                          "plugin.fhir.cdsHooks.issuer",
                                          "plugin.fhir.cdsHooks.publicKey",
                                          "plugin.fhir.cdsHooks.clinic"};

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

void checkKeys(Poco::Util::AbstractConfiguration& config, const std::string& prefix,
               const std::string& where) {
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    for (const auto& key : keys) {
        std::string full = prefix.empty() ? key : prefix + "." + key;
        Poco::Util::AbstractConfiguration::Keys children;
        config.keys(full, children);
        if (!children.empty())
            checkKeys(config, full, where);
        else if (!KNOWN_KEYS.count(full))
            throw Poco::InvalidArgumentException(full + ": is not a setting Limber knows (" +
                                                 where + ")");
        else if (CheckedText value = checkText(config.getRawString(full), TextKind::Secret, 4096);
                 !value.ok())
            throw Poco::InvalidArgumentException(full + ": " + value.problem + " (" + where + ")");
    }
}

} // namespace

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

Settings loadSettings(const std::map<std::string, std::string>& overrides,
                      const std::optional<std::string>& configFile) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> fromCommandLine(new Poco::Util::MapConfiguration);
    for (const auto& [key, value] : overrides)
        fromCommandLine->setString(key, value);
    checkKeys(*fromCommandLine, "", "command line");

    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
    config->add(fromCommandLine, 0);
    std::string dataDir = fromCommandLine->getString("data.dir", "limber-data");
    checkFolder("data.dir (--data-dir)", dataDir);
    std::string path = configFile.value_or(dataDir + "/limber.properties");
    if (configFile)
        checkInputFile("--config", path);
    if (configFile || Poco::File(path).exists()) {
        checkInputFile("--config", path);
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
            new Poco::Util::PropertyFileConfiguration(path));
        checkKeys(*file, "", path);
        config->add(file, 10);
    }

    Settings s;
    s.dataDir = config->getString("data.dir", s.dataDir);
    checkFolder("data.dir", s.dataDir);
    s.server.host = config->getString("server.host", s.server.host);
    s.server.port =
        static_cast<unsigned short>(integerSetting(*config, "server.port", 8080, 0, 65535));
    s.server.threads = static_cast<int>(integerSetting(*config, "server.threads", 16, 2, 256));
    s.server.queue = static_cast<int>(integerSetting(*config, "server.queue", 1000, 1, 100000));
    s.server.maxConnections =
        static_cast<int>(integerSetting(*config, "server.maxConnections", 10000, 16, 1000000));
    s.server.headerTimeoutSeconds =
        static_cast<int>(integerSetting(*config, "server.headerTimeoutSeconds", 10, 1, 300));
    s.server.minBodyBytesPerSecond = static_cast<int>(
        integerSetting(*config, "server.minBodyBytesPerSecond", 1024, 1, 100 * 1024 * 1024));
    s.server.keepAliveSeconds =
        static_cast<int>(integerSetting(*config, "server.keepAliveSeconds", 60, 1, 3600));
    s.server.trustedProxies = config->getString("server.trustedProxies", "");
    TrustedProxies checked(s.server.trustedProxies);
    s.publicUrl = config->getString("server.publicUrl", "");
    if (!s.publicUrl.empty() && s.publicUrl.rfind("http://", 0) != 0 &&
        s.publicUrl.rfind("https://", 0) != 0)
        throw Poco::InvalidArgumentException(
            "server.publicUrl: must start with http:// or https://");
    s.maxBodyBytes = static_cast<std::size_t>(
        integerSetting(*config, "server.maxBodyBytes", 1024 * 1024, 1024, 64 * 1024 * 1024));
    s.storeDriver = config->getString("store.driver", s.storeDriver);
    if (s.storeDriver != "sqlite" && s.storeDriver != "postgresql")
        throw Poco::InvalidArgumentException("store.driver: must be sqlite or postgresql (got \"" +
                                             s.storeDriver + "\")");
    s.postgresConnection = config->getString("store.postgresql", "");
    if (s.storeDriver == "postgresql" && s.postgresConnection.empty())
        throw Poco::InvalidArgumentException(
            "store.postgresql: is required with store.driver = postgresql");
    Poco::StringTokenizer packs(config->getString("catalog.packs", ""), ",",
                                Poco::StringTokenizer::TOK_TRIM |
                                    Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    s.packFiles.assign(packs.begin(), packs.end());
    for (const auto& file : s.packFiles)
        checkInputFile("catalog.packs", file);
    s.fonts = defaultFonts();
    s.fonts.regular = config->getString("pdf.font", s.fonts.regular);
    s.fonts.bold = config->getString("pdf.fontBold", s.fonts.bold);
    for (const auto& [key, file] :
         {std::pair{"pdf.font", s.fonts.regular}, std::pair{"pdf.fontBold", s.fonts.bold},
          std::pair{"clinic.logo", config->getString("clinic.logo", "")},
          std::pair{"secret.keyFile", config->getString("secret.keyFile", "")}})
        if (!file.empty())
            checkInputFile(key, file);
    s.logoFile = config->getString("clinic.logo", "");
    s.keyFile = config->getString("secret.keyFile", "");
    s.logFile = config->getString("log.file", s.dataDir + "/limber.log");
    checkOutputFile("log.file", s.logFile);
    s.logLevel = config->getString("log.level", s.logLevel);
    static const std::set<std::string> LEVELS = {"fatal",  "critical",    "error", "warning",
                                                 "notice", "information", "debug", "trace"};
    if (!LEVELS.count(s.logLevel))
        throw Poco::InvalidArgumentException("log.level: must be one of error, warning, "
                                             "notice, information, debug (got \"" +
                                             s.logLevel + "\")");
    s.signIn.idleSeconds = integerSetting(*config, "auth.idleMinutes", 15, 1, 24 * 60) * 60;
    s.signIn.absoluteSeconds = integerSetting(*config, "auth.absoluteHours", 12, 1, 24 * 7) * 3600;
    s.linkLifetimeDays = static_cast<int>(integerSetting(*config, "links.validDays", 365, 0, 3660));
    s.fhir.recordSystem = config->getString("plugin.fhir.recordSystem", "");
    s.fhir.cdsIssuer = config->getString("plugin.fhir.cdsHooks.issuer", "");
    s.fhir.cdsPublicKeyFile = config->getString("plugin.fhir.cdsHooks.publicKey", "");
    s.fhir.cdsClinicId = integerSetting(*config, "plugin.fhir.cdsHooks.clinic", 0, 0,
                                        std::numeric_limits<std::int64_t>::max());
    if (s.fhir.cdsEnabled() && (s.fhir.cdsPublicKeyFile.empty() || s.fhir.cdsClinicId == 0))
        throw Poco::InvalidArgumentException(
            "plugin.fhir.cdsHooks.issuer: needs plugin.fhir.cdsHooks.publicKey and "
            "plugin.fhir.cdsHooks.clinic too");
    s.server.tlsCertificate = config->getString("server.tlsCertificate", "");
    s.server.tlsKey = config->getString("server.tlsKey", "");
    for (const auto& [key, file] : {std::pair{"server.tlsCertificate", s.server.tlsCertificate},
                                    std::pair{"server.tlsKey", s.server.tlsKey}})
        if (!file.empty())
            checkInputFile(key, file);
    if (s.server.tlsCertificate.empty() != s.server.tlsKey.empty())
        throw Poco::InvalidArgumentException(
            "server.tlsCertificate and server.tlsKey: give both (HTTPS) or neither (HTTP)");
    return s;
}

} // namespace Limber
