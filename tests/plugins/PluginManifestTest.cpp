#include "plugins/PluginManifest.h"

#include "domain/ValidationException.h"

#include <gtest/gtest.h>

namespace Limber {
namespace {

const char* GOOD = R"({"id":"sms","name":"SMS","version":"1.2.0","apiVersion":1,
  "library":"libsms.so","capabilities":["notifier"],
  "settings":[{"key":"token","type":"string","secret":true},
              {"key":"retries","type":"integer","default":"3"},
              {"key":"dryRun","type":"boolean","default":"false"}]})";

std::vector<std::string> fieldsOf(const std::string& text) {
    try {
        parsePluginManifest(text);
    } catch (const ValidationException& e) {
        std::vector<std::string> fields;
        for (const auto& error : e.errors())
            fields.push_back(error.field);
        return fields;
    }
    return {};
}

TEST(PluginManifest, ReadsEveryField) {
    PluginManifest manifest = parsePluginManifest(GOOD);
    EXPECT_EQ(manifest.id, "sms");
    EXPECT_EQ(manifest.version, "1.2.0");
    EXPECT_EQ(manifest.apiVersion, 1);
    EXPECT_TRUE(manifest.has("notifier"));
    EXPECT_FALSE(manifest.threadSafe);
    ASSERT_EQ(manifest.settings.size(), 3u);
    EXPECT_TRUE(manifest.setting("token")->secret);
    EXPECT_EQ(manifest.setting("retries")->defaultValue, "3");
}

TEST(PluginManifest, NamesEachWrongField) {
    EXPECT_EQ(fieldsOf("not json").size(), 1u);
    EXPECT_EQ(fieldsOf(R"({"name":"x"})"),
              (std::vector<std::string>{"id", "version", "apiVersion", "library", "capabilities"}));
    std::string base = R"("name":"SMS","version":"1.0.0","apiVersion":1,"library":"a.so",)";
    EXPECT_EQ(fieldsOf(R"({"id":"SMS",)" + base + R"("capabilities":[]})"),
              std::vector<std::string>{"id"});
    EXPECT_EQ(fieldsOf(R"({"id":"s",)" + base + R"("capabilities":[]})"),
              std::vector<std::string>{"id"});
    EXPECT_EQ(fieldsOf(R"({"id":"sms",)" + base + R"("capabilities":["mailer"]})"),
              std::vector<std::string>{"capabilities"});
    EXPECT_EQ(fieldsOf(R"({"id":"sms","name":"SMS","version":"1.0","apiVersion":1,)"
                       R"("library":"a.so","capabilities":[]})"),
              std::vector<std::string>{"version"});
    EXPECT_EQ(fieldsOf(R"({"id":"sms","name":"SMS","version":"1.0.0","apiVersion":1,)"
                       R"("library":"../evil.so","capabilities":[]})"),
              std::vector<std::string>{"library"});
    EXPECT_EQ(fieldsOf(R"({"id":"sms",)" + base + R"("capabilities":[],"extra":1})"),
              std::vector<std::string>{"extra"});
    EXPECT_EQ(fieldsOf(R"({"id":"sms",)" + base +
                       R"("capabilities":[],"settings":[{"key":"n","type":"integer",)"
                       R"("default":"many"}]})"),
              std::vector<std::string>{"settings[0].default"});
    EXPECT_EQ(fieldsOf(R"({"id":"sms",)" + base +
                       R"("capabilities":[],"settings":[{"key":"n"},{"key":"n"}]})"),
              std::vector<std::string>{"settings[1].key"});
    EXPECT_EQ(fieldsOf(R"({"id":"sms",)" + base +
                       R"("capabilities":[],"settings":[{"key":"n","type":"float"}]})"),
              std::vector<std::string>{"settings[0].type"});
}

TEST(PluginSettings, ConfiguredValuesOverrideDefaultsAndAreChecked) {
    PluginManifest manifest = parsePluginManifest(GOOD);
    auto values = resolvePluginSettings(manifest, {{"retries", "5"}});
    EXPECT_EQ(values.at("retries"), "5");
    EXPECT_EQ(values.at("dryRun"), "false");
    EXPECT_EQ(values.at("token"), "");

    auto problemWith = [&](std::map<std::string, std::string> configured) {
        try {
            resolvePluginSettings(manifest, configured);
        } catch (const ValidationException& e) {
            return e.errors().front().field + ": " + e.errors().front().message;
        }
        return std::string();
    };
    EXPECT_EQ(problemWith({{"retries", "five"}}),
              "plugin.sms.retries: must be a whole number (got \"five\")");
    EXPECT_EQ(problemWith({{"dryRun", "yes"}}),
              "plugin.sms.dryRun: must be true or false (got \"yes\")");
    EXPECT_EQ(problemWith({{"tokn", "x"}}),
              "plugin.sms.tokn: is not a setting plugin.json declares");
}

} // namespace
} // namespace Limber
