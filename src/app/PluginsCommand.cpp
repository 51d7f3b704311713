#include "Application.h"
#include "Arguments.h"
#include "Commands.h"

#include <iostream>

namespace Limber {

int runPlugins(const std::vector<std::string>& args) {
    if (args.empty() || args.front() != "list")
        throw UsageError{"usage: limber plugins list [--data-dir DIR] [--config FILE]"};
    Arguments arguments(std::vector<std::string>(args.begin() + 1, args.end()),
                        {"data-dir", "config"}, {});
    if (!arguments.positional().empty())
        throw UsageError{"limber plugins list takes no file arguments"};
    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    Application application(loadSettings(overrides, arguments.value("config")));
    const Plugins& plugins = application.plugins();
    if (plugins.loaded().empty() && plugins.refusals().empty())
        std::cout << "No plugins enabled (plugins.enabled in limber.properties).\n";
    for (const auto& plugin : plugins.loaded()) {
        const PluginManifest& manifest = plugin->manifest();
        std::cout << manifest.id << " " << manifest.version << " (" << manifest.name << ")\n";
        std::string capabilities;
        for (const auto& capability : manifest.capabilities)
            capabilities += (capabilities.empty() ? "" : ", ") + capability;
        std::cout << "  capabilities: " << (capabilities.empty() ? "none" : capabilities) << "\n";
        for (const auto& [key, value] : plugin->visibleSettings())
            std::cout << "  plugin." << manifest.id << "." << key << " = " << value << "\n";
        if (plugin->notifier()) {
            OutboxStatus status = application.store().outboxStatus(manifest.id);
            std::cout << "  outbox: " << status.pending << " waiting, " << status.delivered
                      << " delivered, " << status.dead << " set aside\n";
            if (!status.lastError.empty())
                std::cout << "  last delivery error: " << status.lastError << "\n";
        }
    }
    for (const auto& line : plugins.refusals())
        std::cout << line << "\n";
    return plugins.refusals().empty() ? EXIT_OK : EXIT_FAILED;
}

} // namespace Limber
