#include "PluginPacks.h"

#include "catalog/PackLoader.h"

#include <Poco/Logger.h>

#include <algorithm>

namespace Limber {

namespace {

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

/// The ids of pack outside the plugin's namespace, as "what id: reason" lines.
std::vector<std::string> outsideNamespace(const Pack& pack, const std::string& pluginId) {
    std::vector<std::string> problems;
    if (pack.id != pluginId && !startsWith(pack.id, pluginId + "."))
        problems.push_back("pack id " + pack.id + ": must be " + pluginId + " or start with " +
                           pluginId + ".");
    const std::string prefix = pluginId + "-";
    auto check = [&](const std::string& what, const std::string& id) {
        if (!startsWith(id, prefix))
            problems.push_back(what + " " + id + ": must start with " + prefix);
    };
    for (const auto& exercise : pack.exercises)
        check("exercise", exercise.id);
    for (const auto& item : pack.education)
        check("education item", item.id);
    for (const auto& program : pack.templates)
        check("program template", program.id);
    return problems;
}

} // namespace

void addPluginPacks(Catalog& catalog, Plugins& plugins, const std::vector<std::string>& required) {
    for (const auto& plugin : plugins.loaded()) {
        Sdk::CatalogPack* hook = plugin->catalogPack();
        if (!hook)
            continue;
        const std::string where = "plugin " + plugin->id();
        std::vector<std::string> problems;
        std::optional<Pack> pack;
        try {
            std::string json = plugin->call([&] { return hook->packJson(); });
            PackLoadResult result = loadPack(json, where, PackRules{false, &catalog});
            for (const auto& problem : result.problems) {
                if (problem.warning)
                    Poco::Logger::get("limber.catalog").warning(problem.toString());
                else
                    problems.push_back(problem.toString());
            }
            if (problems.empty() && result.pack) {
                problems = outsideNamespace(*result.pack, plugin->id());
                pack = std::move(result.pack);
            }
        } catch (const Poco::Exception& e) {
            problems.push_back("the hook failed: " + e.displayText());
        } catch (const std::exception& e) {
            problems.push_back(std::string("the hook failed: ") + e.what());
        } catch (...) {
            problems.push_back("the hook failed with an exception that is not a std::exception");
        }
        if (problems.empty() && pack) {
            catalog.addPack(*pack);
            continue;
        }
        std::string reason = "pack: ";
        for (std::size_t i = 0; i < problems.size(); ++i)
            reason += (i ? "; " : "") + problems[i];
        if (std::find(required.begin(), required.end(), plugin->id()) != required.end())
            throw PluginRefused(plugin->id(), reason + " (the plugin is required)");
        plugins.addRefusal("plugin refused: " + plugin->id() + ": " + reason);
    }
}

} // namespace Limber
