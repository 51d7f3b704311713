#include "app/PluginPacks.h"
#include "support/TestFiles.h"

#include <Poco/File.h>
#include <Poco/String.h>
#include <gtest/gtest.h>

#include <fstream>

namespace Limber {
namespace {

std::string bayviewPack() {
    return Testing::readFile(std::string(EXAMPLE_PACKS) + "/bayview-clinic.json");
}

/// The Bayview example pack moved into the "acme" plugin's namespace.
std::string acmePack() {
    std::string pack = bayviewPack();
    pack = Poco::replace(pack, std::string("\"clinic.bayview\""), std::string("\"acme.bayview\""));
    pack = Poco::replace(pack, std::string("\"wall-sit\""), std::string("\"acme-wall-sit\""));
    return Poco::replace(pack, std::string("\"bayview-return-to-running\""),
                         std::string("\"acme-return-to-running\""));
}

class PluginPackTest : public ::testing::Test {
protected:
    /// Loads the packer fixture as plugin "acme" with pack as its pack.
    std::unique_ptr<Plugins> loadPacker(const std::string& pack, bool failHooks = false) {
        // A new folder for each load: a library in use must never be overwritten.
        const std::string pluginsDir = dir.path() + "/plugins-" + std::to_string(++_loads);
        std::string folder = pluginsDir + "/acme";
        Poco::File(folder).createDirectories();
        Poco::File(FIXTURE_PACKER).copyTo(folder + "/acme.so");
        std::ofstream(folder + "/plugin.json")
            << R"({"id":"acme","name":"Acme stretches","version":"1.0.0","apiVersion":1,)"
               R"("library":"acme.so","capabilities":["catalog-pack"],)"
               R"("settings":[{"key":"packFile","type":"string","default":""},)"
               R"({"key":"failHooks","type":"boolean","default":"false"}]})";
        Testing::writeFile(dir.file("pack.json"), pack);
        PluginConfig config;
        config.dir = pluginsDir;
        config.enabled = {"acme"};
        config.dataDir = dir.path();
        config.settings["acme"] = {{"packFile", dir.file("pack.json")},
                                   {"failHooks", failHooks ? "true" : "false"}};
        auto plugins = std::make_unique<Plugins>(config);
        EXPECT_EQ(plugins->loaded().size(), 1u) << testing::PrintToString(plugins->refusals());
        return plugins;
    }

    Testing::TempDir dir;
    Catalog catalog = loadBuiltInCatalog();

private:
    int _loads = 0;
};

TEST_F(PluginPackTest, APluginsPackJoinsTheCatalog) {
    auto plugins = loadPacker(acmePack());
    addPluginPacks(catalog, *plugins, {});
    EXPECT_TRUE(plugins->refusals().empty()) << testing::PrintToString(plugins->refusals());
    ASSERT_NE(catalog.exercise("acme-wall-sit"), nullptr);
    EXPECT_EQ(catalog.exercise("acme-wall-sit")->textIn("en").name, "Wall sit");
}

TEST_F(PluginPackTest, IdsOutsideThePluginsNamespaceAreRefusedWithThePluginsId) {
    auto plugins = loadPacker(bayviewPack());
    addPluginPacks(catalog, *plugins, {});
    EXPECT_EQ(catalog.exercise("wall-sit"), nullptr);
    ASSERT_EQ(plugins->refusals().size(), 1u);
    const std::string& line = plugins->refusals()[0];
    EXPECT_EQ(line.rfind("plugin refused: acme: pack: ", 0), 0u) << line;
    EXPECT_NE(line.find("pack id clinic.bayview: must be acme or start with acme."),
              std::string::npos)
        << line;
    EXPECT_NE(line.find("exercise wall-sit: must start with acme-"), std::string::npos) << line;
    EXPECT_NE(line.find("program template bayview-return-to-running"), std::string::npos) << line;
}

TEST_F(PluginPackTest, APackThePackLoaderRefusesIsLeftOutWithItsProblems) {
    std::string pack =
        Poco::replace(acmePack(), std::string("\"strength\""), std::string("\"juggling\""));
    auto plugins = loadPacker(pack);
    addPluginPacks(catalog, *plugins, {});
    EXPECT_EQ(catalog.exercise("acme-wall-sit"), nullptr);
    ASSERT_EQ(plugins->refusals().size(), 1u);
    EXPECT_NE(plugins->refusals()[0].find("plugin acme: acme-wall-sit: type"), std::string::npos)
        << plugins->refusals()[0];
}

TEST_F(PluginPackTest, APackThatIsNotJsonIsLeftOut) {
    auto broken = loadPacker("{\"format\":");
    addPluginPacks(catalog, *broken, {});
    ASSERT_EQ(broken->refusals().size(), 1u);
    EXPECT_NE(broken->refusals()[0].find("plugin refused: acme: pack: plugin acme"),
              std::string::npos)
        << broken->refusals()[0];
}

TEST_F(PluginPackTest, AHookThatThrowsIsRefusedAndARequiredPluginStopsStartUp) {
    auto plugins = loadPacker(acmePack(), true);
    addPluginPacks(catalog, *plugins, {});
    ASSERT_EQ(plugins->refusals().size(), 1u);
    EXPECT_NE(plugins->refusals()[0].find("the hook failed: the fixture was told to fail"),
              std::string::npos)
        << plugins->refusals()[0];

    auto required = loadPacker(bayviewPack());
    try {
        addPluginPacks(catalog, *required, {"acme"});
        FAIL() << "a required plugin's refused pack let Limber start";
    } catch (const PluginRefused& e) {
        EXPECT_EQ(e.file(), "acme");
        EXPECT_NE(e.reason().find("(the plugin is required)"), std::string::npos) << e.reason();
    }
}

} // namespace
} // namespace Limber
