#include "app/Settings.h"

#include "support/TestFiles.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

#include <set>

using namespace Limber;

TEST(Settings, HaveDefaultsThatNeedNoFile) {
    Testing::TempDir dir;
    Settings s = loadSettings({{"data.dir", dir.path()}}, std::nullopt);
    EXPECT_EQ(s.server.port, 8080);
    EXPECT_EQ(s.server.host, "127.0.0.1");
    EXPECT_EQ(s.storeDriver, "sqlite");
    EXPECT_EQ(s.databasePath(), dir.path() + "/limber.db");
}

TEST(Settings, LimberRotatesTheLogAt10MegabytesUnlessToldNotTo) {
    Testing::TempDir dir;
    EXPECT_EQ(loadSettings({{"data.dir", dir.path()}}, std::nullopt).logRotateMegabytes, 10);
    Testing::writeFile(dir.file("limber.properties"), "log.rotateMegabytes = 0\n");
    EXPECT_EQ(loadSettings({{"data.dir", dir.path()}}, std::nullopt).logRotateMegabytes, 0);
}

TEST(Settings, TheCommandLineWinsOverTheFile) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"),
                       "server.port = 9000\nserver.threads = 8\nlog.level = warning\n");
    Settings s = loadSettings({{"data.dir", dir.path()}, {"server.port", "9100"}}, std::nullopt);
    EXPECT_EQ(s.server.port, 9100);
    EXPECT_EQ(s.server.threads, 8);
    EXPECT_EQ(s.logLevel, "warning");
}

TEST(Settings, ABadValueNamesTheKey) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"), "server.threads = many\n");
    try {
        loadSettings({{"data.dir", dir.path()}}, std::nullopt);
        FAIL() << "accepted";
    } catch (const Poco::InvalidArgumentException& error) {
        EXPECT_EQ(error.message().rfind("server.threads: ", 0), 0u) << error.message();
    }
}

TEST(Settings, AnUnknownKeyIsRefused) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"), "server.prot = 9000\n");
    EXPECT_THROW(loadSettings({{"data.dir", dir.path()}}, std::nullopt),
                 Poco::InvalidArgumentException);
}

TEST(Settings, ReadThePluginsAndTheirOwnSettings) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"),
                       "plugins.enabled = webhook, sms\nplugins.required = webhook\n"
                       "plugin.webhook.urls = http://127.0.0.1:9/x\nplugin.sms.token = t0k\n");
    Settings s = loadSettings({{"data.dir", dir.path()}}, std::nullopt);
    EXPECT_EQ(s.plugins.dir, dir.path() + "/plugins");
    EXPECT_EQ(s.plugins.enabled, (std::vector<std::string>{"webhook", "sms"}));
    EXPECT_EQ(s.plugins.required, std::vector<std::string>{"webhook"});
    EXPECT_EQ(s.plugins.settings.at("webhook").at("urls"), "http://127.0.0.1:9/x");
    EXPECT_EQ(s.plugins.settings.at("sms").at("token"), "t0k");

    for (const char* bad : {"plugins.enabled = Web_Hook\n", "plugins.required = ../x\n",
                            "plugin.webhook = x\n", "plugins.enable = webhook\n"}) {
        Testing::writeFile(dir.file("limber.properties"), bad);
        EXPECT_THROW(loadSettings({{"data.dir", dir.path()}}, std::nullopt),
                     Poco::InvalidArgumentException)
            << bad;
    }
}

TEST(Settings, PostgresqlNeedsAConnectionString) {
    Testing::TempDir dir;
    EXPECT_THROW(
        loadSettings({{"data.dir", dir.path()}, {"store.driver", "postgresql"}}, std::nullopt),
        Poco::InvalidArgumentException);
    // A missing configuration file is named with its option (exit code 1 on the command line).
    try {
        loadSettings({{"data.dir", dir.path()}}, dir.file("missing.properties"));
        FAIL() << "no exception";
    } catch (const Poco::InvalidArgumentException& error) {
        EXPECT_EQ(error.message(), "--config: no such file " + dir.file("missing.properties"));
    }
}

TEST(Settings, ReadTheConnectionLimitsAndTrustedProxies) {
    Testing::TempDir dir;
    Settings defaults = loadSettings({{"data.dir", dir.path()}}, std::nullopt);
    EXPECT_EQ(defaults.server.maxConnections, 10000);
    EXPECT_EQ(defaults.server.queue, 1000);
    EXPECT_EQ(defaults.server.headerTimeoutSeconds, 10);
    EXPECT_TRUE(defaults.server.trustedProxies.empty());
    Testing::writeFile(dir.file("limber.properties"),
                       "server.maxConnections = 500\nserver.headerTimeoutSeconds = 5\n"
                       "server.minBodyBytesPerSecond = 2048\nserver.keepAliveSeconds = 30\n"
                       "server.trustedProxies = 127.0.0.1, 10.0.0.0/8\n");
    Settings s = loadSettings({{"data.dir", dir.path()}}, std::nullopt);
    EXPECT_EQ(s.server.maxConnections, 500);
    EXPECT_EQ(s.server.headerTimeoutSeconds, 5);
    EXPECT_EQ(s.server.minBodyBytesPerSecond, 2048);
    EXPECT_EQ(s.server.keepAliveSeconds, 30);
    EXPECT_EQ(s.server.trustedProxies, "127.0.0.1, 10.0.0.0/8");
    for (const auto& [key, value] :
         std::vector<std::pair<std::string, std::string>>{{"server.trustedProxies", "nginx"},
                                                          {"server.maxConnections", "0"},
                                                          {"server.headerTimeoutSeconds", "0"},
                                                          {"server.queue", "-1"}}) {
        try {
            loadSettings({{"data.dir", dir.path()}, {key, value}}, std::nullopt);
            ADD_FAILURE() << key << " = " << value << " was accepted";
        } catch (const Poco::InvalidArgumentException& error) {
            EXPECT_EQ(error.message().rfind(key + ": ", 0), 0u) << error.message();
        }
    }
}

TEST(Settings, EachKeyHasAnEnvironmentVariable) {
    EXPECT_EQ(environmentVariableOf("server.port"), "LIMBER_SERVER_PORT");
    EXPECT_EQ(environmentVariableOf("data.dir"), "LIMBER_DATA_DIR");
    EXPECT_EQ(environmentVariableOf("server.maxConnections"), "LIMBER_SERVER_MAX_CONNECTIONS");
    EXPECT_EQ(environmentVariableOf("pdf.fontBold"), "LIMBER_PDF_FONT_BOLD");
    EXPECT_EQ(environmentVariableOf("secret.keyFile"), "LIMBER_SECRET_KEY_FILE");
    // Every key Limber knows has a variable of its own, and each variable sets its key.
    Testing::TempDir dir;
    SettingsCheck defaults = checkSettings({{"data.dir", dir.path()}}, std::nullopt, {});
    ASSERT_TRUE(defaults.errors.empty());
    std::set<std::string> names;
    for (const auto& setting : defaults.effective)
        names.insert(environmentVariableOf(setting.key));
    EXPECT_EQ(names.size(), defaults.effective.size());
    EXPECT_GE(defaults.effective.size(), 28u);
}

TEST(Settings, TheEnvironmentWinsOverTheFileAndTheCommandLineOverBoth) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"),
                       "server.port = 9000\nserver.threads = 8\nlog.level = warning\n");
    Environment environment = {{"LIMBER_SERVER_PORT", "9100"},
                               {"LIMBER_SERVER_THREADS", "12"},
                               {"LIMBER_AUTH_IDLE_MINUTES", "30"},
                               {"LIMBER_LOG_FORMAT", "json"}};
    SettingsCheck fromEnvironment = checkSettings(
        {{"data.dir", dir.path()}, {"server.threads", "4"}}, std::nullopt, environment);
    ASSERT_TRUE(fromEnvironment.errors.empty()) << fromEnvironment.errors.front();
    const Settings& s = fromEnvironment.settings;
    EXPECT_EQ(s.server.port, 9100);
    EXPECT_EQ(s.server.threads, 4);
    EXPECT_EQ(s.logLevel, "warning");
    EXPECT_EQ(s.signIn.idleSeconds, 30 * 60);
    EXPECT_EQ(s.logFormat, "json");
    std::map<std::string, std::string> origins;
    for (const auto& setting : fromEnvironment.effective)
        origins[setting.key] = setting.origin;
    EXPECT_EQ(origins["server.port"], "environment LIMBER_SERVER_PORT");
    EXPECT_EQ(origins["server.threads"], "command line");
    EXPECT_EQ(origins["log.level"], dir.file("limber.properties"));
    EXPECT_EQ(origins["server.queue"], "default");
}

TEST(Settings, TheDataFolderFromTheEnvironmentHoldsTheFileThatIsRead) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"), "server.port = 9000\n");
    SettingsCheck checked = checkSettings({}, std::nullopt, {{"LIMBER_DATA_DIR", dir.path()}});
    ASSERT_TRUE(checked.errors.empty()) << checked.errors.front();
    EXPECT_EQ(checked.settings.dataDir, dir.path());
    EXPECT_EQ(checked.settings.server.port, 9000);
}

TEST(Settings, AnEmptyVariableCountsAsUnsetAndOtherProgramsVariablesAreLeftAlone) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"), "server.port = 9000\n");
    SettingsCheck checked = checkSettings({{"data.dir", dir.path()}}, std::nullopt,
                                          {{"LIMBER_SERVER_PORT", ""},
                                           {"LIMBER_TEST_ENGINE", "postgresql"},
                                           {"LIMBER_REQUIRE_POSTGRES", "1"}});
    ASSERT_TRUE(checked.errors.empty()) << checked.errors.front();
    EXPECT_EQ(checked.settings.server.port, 9000);
}

TEST(Settings, AMisspelledVariableOfAKnownSectionIsAnError) {
    Testing::TempDir dir;
    for (const char* name : {"LIMBER_SERVER_PROT", "LIMBER_LOG_FROMAT", "LIMBER_METRICS_TOKENS",
                             "LIMBER_STORE_POSTGRES"}) {
        SettingsCheck checked =
            checkSettings({{"data.dir", dir.path()}}, std::nullopt, {{name, "1"}});
        ASSERT_EQ(checked.errors.size(), 1u) << name;
        EXPECT_EQ(checked.errors.front(),
                  std::string(name) + ": is not a setting Limber knows (environment)");
    }
}

TEST(Settings, ACheckListsEveryErrorWithItsKey) {
    Testing::TempDir dir;
    Testing::writeFile(dir.file("limber.properties"),
                       "server.threads = many\nlog.format = xml\nserver.prot = 9000\n"
                       "log.rotateMegabytes = -5\nlinks.validDays = -1\n");
    SettingsCheck checked =
        checkSettings({{"data.dir", dir.path()}}, std::nullopt,
                      {{"LIMBER_SERVER_PORT", "http"}, {"LIMBER_METRICS_TOKEN", "short"}});
    std::vector<std::string> keys;
    for (const auto& error : checked.errors)
        keys.push_back(error.substr(0, error.find(':')));
    EXPECT_EQ(keys, (std::vector<std::string>{"server.prot", "server.port", "server.threads",
                                              "log.format", "log.rotateMegabytes",
                                              "links.validDays", "metrics.token"}));
    EXPECT_TRUE(checked.effective.empty());
    // loadSettings names them all in its one message.
    try {
        loadSettings({{"data.dir", dir.path()}}, std::nullopt);
        FAIL() << "accepted";
    } catch (const Poco::InvalidArgumentException& error) {
        EXPECT_NE(error.message().find("server.threads: "), std::string::npos);
        EXPECT_NE(error.message().find("; log.format: must be text or json"), std::string::npos)
            << error.message();
    }
}

TEST(Settings, SecretsAreMaskedInTheEffectiveConfiguration) {
    EXPECT_EQ(maskedValue("store.postgresql", "host=db port=5432 password=s3cret user=limber"),
              "host=db port=5432 password=**** user=limber");
    EXPECT_EQ(maskedValue("store.postgresql", "host=db password = 'two words' user=x"),
              "host=db password = **** user=x");
    EXPECT_EQ(maskedValue("store.postgresql", "host=db PASSWORD='it\\'s' user=x"),
              "host=db PASSWORD=**** user=x");
    EXPECT_EQ(maskedValue("store.postgresql", "postgresql://limber:s3cret@db:5432/limber"),
              "postgresql://limber:****@db:5432/limber");
    EXPECT_EQ(maskedValue("store.postgresql", "postgres://limber@db/limber"),
              "postgres://limber@db/limber");
    EXPECT_EQ(maskedValue("metrics.token", "0123456789abcdef0123"), "****");
    EXPECT_EQ(maskedValue("metrics.token", ""), "");
    EXPECT_EQ(maskedValue("server.host", "127.0.0.1"), "127.0.0.1");

    Testing::TempDir dir;
    SettingsCheck checked =
        checkSettings({{"data.dir", dir.path()}}, std::nullopt,
                      {{"LIMBER_STORE_DRIVER", "postgresql"},
                       {"LIMBER_STORE_POSTGRESQL", "host=db password=s3cret"},
                       {"LIMBER_METRICS_TOKEN", "a-long-random-metrics-token"}});
    ASSERT_TRUE(checked.errors.empty()) << checked.errors.front();
    EXPECT_EQ(checked.settings.metricsToken, "a-long-random-metrics-token");
    for (const auto& setting : checked.effective) {
        EXPECT_EQ(setting.value.find("s3cret"), std::string::npos) << setting.key;
        EXPECT_EQ(setting.value.find("a-long-random"), std::string::npos) << setting.key;
    }
}

TEST(Settings, TheClinicTimeZoneIsAnIanaZoneOrStartUpStopsNamingTheKey) {
    Testing::TempDir dir;
    SettingsCheck defaults = checkSettings({{"data.dir", dir.path()}}, std::nullopt, {});
    ASSERT_TRUE(defaults.errors.empty());
    EXPECT_EQ(defaults.settings.timeZone, TimeZone::machineZoneName())
        << "the machine's zone, the day Limber followed before the key existed";
    SettingsCheck madrid = checkSettings({{"data.dir", dir.path()}}, std::nullopt,
                                         {{"LIMBER_CLINIC_TIME_ZONE", "Europe/Madrid"}});
    ASSERT_TRUE(madrid.errors.empty());
    EXPECT_EQ(madrid.settings.timeZone, "Europe/Madrid");
    for (const char* wrong : {"Europe/Madird", "CET+1", "../../etc/passwd", "zone.tab"}) {
        SettingsCheck checked =
            checkSettings({{"data.dir", dir.path()}, {"clinic.timeZone", wrong}}, std::nullopt, {});
        ASSERT_EQ(checked.errors.size(), 1u) << wrong;
        EXPECT_EQ(checked.errors.front().rfind("clinic.timeZone: ", 0), 0u)
            << checked.errors.front();
        EXPECT_NE(checked.errors.front().find("Europe/Madrid"), std::string::npos)
            << "says what a zone name looks like";
    }
}
