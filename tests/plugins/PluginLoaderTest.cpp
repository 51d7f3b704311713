#include "plugins/Plugins.h"
#include "support/TestFiles.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace Limber {
namespace {

using Testing::TempDir;

std::string readText(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

std::string
recorderJson(const std::string& id, const std::string& library,
             const std::string& capabilities = R"(["notifier","exporter","report-section"])") {
    return R"({"id":")" + id + R"(","name":"Recorder","version":"1.0.0","apiVersion":1,)" +
           R"("library":")" + library + R"(","capabilities":)" + capabilities +
           R"(,"settings":[{"key":"failStart","type":"boolean","default":"false"},)"
           R"({"key":"failHooks","type":"boolean","default":"false"},)"
           R"({"key":"token","type":"string","secret":true}]})";
}

/// A plugins folder with plugins installed from the fixture libraries.
class PluginsFolder {
public:
    PluginsFolder() { Poco::File(dir()).createDirectories(); }
    std::string dir() const { return _root.path() + "/plugins"; }
    std::string dataDir() const { return _root.path() + "/data"; }

    void install(const std::string& id, const std::string& library, const std::string& json) {
        std::string folder = dir() + "/" + id;
        Poco::File(folder).createDirectories();
        if (!library.empty())
            Poco::File(library).copyTo(folder + "/" + id + ".so");
        if (!json.empty())
            std::ofstream(folder + "/plugin.json") << json;
    }
    void installRecorder(const std::string& id) {
        install(id, FIXTURE_RECORDER, recorderJson(id, id + ".so"));
    }

    PluginConfig config(std::vector<std::string> enabled,
                        std::vector<std::string> required = {}) const {
        PluginConfig config;
        config.dir = dir();
        config.enabled = std::move(enabled);
        config.required = std::move(required);
        config.dataDir = dataDir();
        config.limberVersion = "0.1.0";
        return config;
    }

private:
    TempDir _root;
};

/// The one reason a plugin is refused, as Plugins logs it.
std::string refusalOf(const Plugins& plugins) {
    EXPECT_EQ(plugins.loaded().size(), 0u);
    EXPECT_EQ(plugins.refusals().size(), 1u);
    return plugins.refusals().empty() ? "" : plugins.refusals().front();
}

TEST(PluginLoader, LoadsAPluginAndCallsItsHooks) {
    PluginsFolder folder;
    folder.installRecorder("recorder");
    auto config = folder.config({"recorder"});
    config.settings["recorder"] = {{"token", "s3cret"}};
    Plugins plugins(config);
    ASSERT_EQ(plugins.loaded().size(), 1u) << testing::PrintToString(plugins.refusals());
    const LoadedPlugin& plugin = *plugins.loaded().front();
    EXPECT_EQ(plugin.manifest().version, "1.0.0");
    EXPECT_EQ(plugin.visibleSettings().at("token"), "(set)");
    EXPECT_EQ(plugin.visibleSettings().at("failHooks"), "false");
    ASSERT_NE(plugin.notifier(), nullptr);
    ASSERT_NE(plugin.exporter(), nullptr);
    EXPECT_EQ(plugin.catalogPack(), nullptr);

    const_cast<LoadedPlugin&>(plugin).call(
        [&] { plugin.notifier()->notify(R"({"schema":"limber.event/1","id":"e1"})"); });
    EXPECT_EQ(readText(folder.dataDir() + "/plugin-data/recorder/events.log"),
              "{\"schema\":\"limber.event/1\",\"id\":\"e1\"}\n");
    EXPECT_EQ(plugin.exporter()->formats().front().name, "fixture-text");
    EXPECT_EQ(plugin.exporter()->exportDocument("fixture-text", "program", "{}"),
              "fixture-text|program|{}");
    EXPECT_NE(plugin.reportSection()->render("{}").find("Recorder section"), std::string::npos);
}

TEST(PluginLoader, ALoadedPluginsLibraryCanBeReplacedWhileItRuns) {
    PluginsFolder folder;
    folder.installRecorder("recorder");
    Plugins plugins(folder.config({"recorder"}));
    ASSERT_EQ(plugins.loaded().size(), 1u) << testing::PrintToString(plugins.refusals());
    // A new version copied over the old file, in place (cp keeps the file and rewrites it):
    // first cut short, then other code.
    const std::string installed = folder.dir() + "/recorder/recorder.so";
    std::ofstream(installed, std::ios::trunc).flush();
    {
        Poco::FileInputStream newer(FIXTURE_WRONG_VERSION);
        std::ofstream out(installed, std::ios::binary | std::ios::trunc);
        Poco::StreamCopier::copyStream(newer, out);
    }
    const LoadedPlugin& plugin = *plugins.loaded().front();
    const_cast<LoadedPlugin&>(plugin).call(
        [&] { plugin.notifier()->notify(R"({"schema":"limber.event/1","id":"e2"})"); });
    EXPECT_EQ(readText(folder.dataDir() + "/plugin-data/recorder/events.log"),
              "{\"schema\":\"limber.event/1\",\"id\":\"e2\"}\n");
    EXPECT_EQ(plugin.exporter()->exportDocument("fixture-text", "program", "{}"),
              "fixture-text|program|{}");
    EXPECT_EQ(plugin.library(), installed) << "listed under the file the clinic installed";
    std::vector<std::string> left;
    Poco::File(folder.dataDir() + "/plugin-libraries").list(left);
    EXPECT_TRUE(left.empty()) << "the copy opened is removed once open";
}

TEST(PluginLoader, CopiesThatEndedProcessesLeftBehindAreRemovedAtTheNextLoad) {
    PluginsFolder folder;
    folder.installRecorder("recorder");
    // A process that has ended: one killed between copying its plugins and opening them.
    Poco::ProcessHandle ended = Poco::Process::launch("/bin/true", {});
    ended.wait();
    const std::string dead = std::to_string(ended.id());
    const std::string copies = folder.dataDir() + "/plugin-libraries";
    Poco::File(copies).createDirectories();
    for (const std::string& name : std::vector<std::string>{
             "recorder-" + dead + "-1.so", "fhir-push-" + dead + "-3.so",
             "recorder-1-2.so" /* process 1 runs */, "notes-" + dead + ".txt", "recorder.so"})
        std::ofstream(copies + "/" + name) << "left";

    Plugins plugins(folder.config({"recorder"}));
    ASSERT_EQ(plugins.loaded().size(), 1u);
    std::vector<std::string> left;
    Poco::File(copies).list(left);
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::string>{"notes-" + dead + ".txt", "recorder-1-2.so",
                                              "recorder.so"}));
}

TEST(PluginLoader, APluginNotEnabledIsNeverOpened) {
    PluginsFolder folder;
    folder.installRecorder("recorder");
    Plugins plugins(folder.config({}));
    EXPECT_TRUE(plugins.loaded().empty());
    EXPECT_TRUE(plugins.refusals().empty());
}

TEST(PluginLoader, RefusesALibraryBuiltForAnotherApiVersionBeforeItsInitialiserRuns) {
    PluginsFolder folder;
    std::string marker = folder.dataDir() + "-marker";
    setenv("LIMBER_FIXTURE_MARKER", marker.c_str(), 1);
    folder.install("future", FIXTURE_WRONG_VERSION, recorderJson("future", "future.so", "[]"));
    Plugins plugins(folder.config({"future"}));
    EXPECT_EQ(refusalOf(plugins), "plugin refused: " + folder.dir() +
                                      "/future/future.so: built for plugin API 2, this Limber "
                                      "speaks 1");
    EXPECT_FALSE(Poco::File(marker).exists()) << "pocoInitializeLibrary ran";
    unsetenv("LIMBER_FIXTURE_MARKER");
}

TEST(PluginLoader, RefusesALibraryWithoutTheVersionSymbolBeforeItsInitialiserRuns) {
    PluginsFolder folder;
    std::string marker = folder.dataDir() + "-marker";
    setenv("LIMBER_FIXTURE_MARKER", marker.c_str(), 1);
    folder.install("old", FIXTURE_NO_VERSION, recorderJson("old", "old.so", "[]"));
    Plugins plugins(folder.config({"old"}));
    EXPECT_EQ(refusalOf(plugins),
              "plugin refused: " + folder.dir() +
                  "/old/old.so: has no limber_plugin_api_version(): not a Limber plugin, or built "
                  "without LIMBER_PLUGIN");
    EXPECT_FALSE(Poco::File(marker).exists()) << "pocoInitializeLibrary ran";
    unsetenv("LIMBER_FIXTURE_MARKER");
}

TEST(PluginLoader, RefusesALibraryWithoutTheVersionedManifest) {
    PluginsFolder folder;
    folder.install("unnamed", FIXTURE_NO_MANIFEST, recorderJson("unnamed", "unnamed.so", "[]"));
    std::string line = refusalOf(Plugins(folder.config({"unnamed"})));
    EXPECT_EQ(line.rfind("plugin refused: " + folder.dir() +
                             "/unnamed/unnamed.so: no manifest LimberPluginV1",
                         0),
              0u)
        << line;
}

TEST(PluginLoader, RefusesAFolderWithoutPluginJson) {
    PluginsFolder folder;
    folder.install("bare", FIXTURE_RECORDER, "");
    EXPECT_EQ(refusalOf(Plugins(folder.config({"bare"}))),
              "plugin refused: " + folder.dir() +
                  "/bare/plugin.json: no plugin.json: every plugin folder needs one");
    EXPECT_EQ(refusalOf(Plugins(folder.config({"absent"}))),
              "plugin refused: " + folder.dir() +
                  "/absent/plugin.json: no plugin.json: every plugin folder needs one");
}

TEST(PluginLoader, RefusesABadPluginJsonNamingTheField) {
    PluginsFolder folder;
    folder.install("broken", FIXTURE_RECORDER, "{\"id\": \"broken\",");
    std::string line = refusalOf(Plugins(folder.config({"broken"})));
    EXPECT_EQ(
        line.rfind("plugin refused: " + folder.dir() + "/broken/plugin.json: bad plugin.json", 0),
        0u)
        << line;

    folder.install("other", FIXTURE_RECORDER, recorderJson("recorder", "other.so"));
    EXPECT_EQ(refusalOf(Plugins(folder.config({"other"}))),
              "plugin refused: " + folder.dir() +
                  "/other/plugin.json: bad plugin.json: id \"recorder\" does not match its "
                  "folder \"other\"");

    folder.install("nolib", "", recorderJson("nolib", "nolib.so"));
    EXPECT_EQ(refusalOf(Plugins(folder.config({"nolib"}))),
              "plugin refused: " + folder.dir() +
                  "/nolib/nolib.so: the library plugin.json names is missing");

    folder.install("text", "", recorderJson("text", "plugin.json"));
    line = refusalOf(Plugins(folder.config({"text"})));
    EXPECT_NE(line.find("cannot be opened as a shared library"), std::string::npos) << line;
}

TEST(PluginLoader, RefusesAWrongSettingNamingTheKey) {
    PluginsFolder folder;
    folder.installRecorder("recorder");
    auto config = folder.config({"recorder"});
    config.settings["recorder"] = {{"failHooks", "sometimes"}};
    EXPECT_EQ(refusalOf(Plugins(config)),
              "plugin refused: " + folder.dir() +
                  "/recorder/plugin.json: bad setting: plugin.recorder.failHooks: must be true or "
                  "false (got \"sometimes\")");
    config.settings["recorder"] = {{"colour", "blue"}};
    EXPECT_EQ(refusalOf(Plugins(config)),
              "plugin refused: " + folder.dir() +
                  "/recorder/plugin.json: bad setting: plugin.recorder.colour: is not a setting "
                  "plugin.json declares");
}

TEST(PluginLoader, RefusesAPluginWhoseStartThrows) {
    PluginsFolder folder;
    folder.installRecorder("recorder");
    auto config = folder.config({"recorder"});
    config.settings["recorder"] = {{"failStart", "true"}};
    EXPECT_EQ(refusalOf(Plugins(config)),
              "plugin refused: " + folder.dir() +
                  "/recorder/recorder.so: start failed: the fixture was told to fail at start");
}

TEST(PluginLoader, RefusesCapabilitiesThatDoNotMatchTheHooks) {
    PluginsFolder folder;
    folder.install("liar", FIXTURE_RECORDER, recorderJson("liar", "liar.so", R"(["notifier"])"));
    EXPECT_EQ(refusalOf(Plugins(folder.config({"liar"}))),
              "plugin refused: " + folder.dir() +
                  "/liar/plugin.json: capabilities do not match the hooks the plugin offers "
                  "(exporter, notifier, report-section)");
}

TEST(PluginLoader, ARefusedRequiredPluginStopsStartUp) {
    PluginsFolder folder;
    folder.install("future", FIXTURE_WRONG_VERSION, recorderJson("future", "future.so", "[]"));
    folder.installRecorder("recorder");
    try {
        Plugins plugins(folder.config({"recorder", "future"}, {"future"}));
        FAIL() << "started without a required plugin";
    } catch (const PluginRefused& e) {
        EXPECT_EQ(e.message(), folder.dir() + "/future/future.so: built for plugin API 2, this "
                                              "Limber speaks 1 (the plugin is required)");
    }
    EXPECT_THROW(Plugins(folder.config({"recorder"}, {"future"})), Poco::InvalidArgumentException);
}

TEST(PluginLoader, OneRefusedPluginLeavesTheOthersLoaded) {
    PluginsFolder folder;
    folder.install("future", FIXTURE_WRONG_VERSION, recorderJson("future", "future.so", "[]"));
    folder.installRecorder("recorder");
    Plugins plugins(folder.config({"future", "recorder"}));
    ASSERT_EQ(plugins.loaded().size(), 1u);
    EXPECT_EQ(plugins.loaded().front()->id(), "recorder");
    EXPECT_EQ(plugins.refusals().size(), 1u);
}

} // namespace
} // namespace Limber
