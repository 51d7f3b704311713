#include "Arguments.h"
#include "Commands.h"
#include "Settings.h"

#include <algorithm>
#include <iomanip>
#include <iostream>

namespace Limber {

int runConfig(const std::vector<std::string>& args) {
    const std::string usage = "usage: limber config check [--config FILE] [--data-dir DIR]";
    if (args.empty() || args.front() != "check")
        throw UsageError{usage};
    Arguments arguments(std::vector<std::string>(args.begin() + 1, args.end()),
                        {"data-dir", "config"}, {});
    if (!arguments.positional().empty())
        throw UsageError{"limber config check takes no file arguments (" + usage + ")"};
    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    SettingsCheck checked =
        checkSettings(overrides, arguments.value("config"), processEnvironment());
    if (!checked.errors.empty()) {
        for (const auto& error : checked.errors)
            std::cerr << "limber: " << error << "\n";
        std::cerr << "limber: the configuration has " << checked.errors.size()
                  << (checked.errors.size() == 1 ? " error" : " errors") << "\n";
        return EXIT_FAILED;
    }
    std::size_t width = 0;
    for (const auto& setting : checked.effective)
        width = std::max(width, setting.key.size() + 3 + setting.value.size());
    // Each key with where its value came from, aligned for reading.
    for (const auto& setting : checked.effective) {
        std::string line = setting.key + " = " + setting.value;
        std::cout << std::left << std::setw(static_cast<int>(width)) << line << "  # "
                  << setting.origin << "\n";
    }
    return EXIT_OK;
}

} // namespace Limber
