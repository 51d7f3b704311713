#include "app/Settings.h"

#include "support/TestFiles.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

using namespace Limber;

TEST(Settings, HaveDefaultsThatNeedNoFile) {
    Testing::TempDir dir;
    Settings s = loadSettings({{"data.dir", dir.path()}}, std::nullopt);
    EXPECT_EQ(s.server.port, 8080);
    EXPECT_EQ(s.server.host, "127.0.0.1");
    EXPECT_EQ(s.storeDriver, "sqlite");
    EXPECT_EQ(s.databasePath(), dir.path() + "/limber.db");
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
