#include "Application.h"
#include "Arguments.h"
#include "Commands.h"
#include "ProgressBar.h"
#include "services/DemoClinic.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace Limber {

int runDemo(const std::vector<std::string>& args) {
    Arguments arguments(args, {"data-dir", "config", "patients", "days"}, {});
    if (!arguments.positional().empty())
        throw UsageError{"limber demo takes no file arguments (got \"" +
                         arguments.positional().front() + "\")"};
    DemoSize size;
    size.patients =
        arguments.integer("patients", 1, DemoSize::MAX_PATIENTS).value_or(size.patients);
    size.days =
        arguments.integer("days", DemoSize::MIN_DAYS, DemoSize::MAX_DAYS).value_or(size.days);
    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    Settings settings = loadSettings(overrides, arguments.value("config"));
    settings.durableCommits = false; // a new database: a crash loses only the demo being made
    Application application(settings);

    auto started = std::chrono::steady_clock::now();
    ProgressBar bar("patients");
    DemoSummary summary =
        application.generateDemo(size, [&bar](int done, int total) { bar.update(done, total); });
    bar.finish();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char line[256];
    std::snprintf(line, sizeof line,
                  "Made a demo clinic in %s: %d therapists, %d patients, %d program versions, "
                  "%zu sessions over %d days, in %.1f s.\n",
                  settings.dataDir.c_str(), summary.therapists, summary.patients, summary.versions,
                  summary.sessions, size.days, seconds);
    std::cout << line << "Sign in as " << DemoLogin::EMAIL << " with the password "
              << DemoLogin::PASSWORD << " (limber serve --data-dir " << settings.dataDir << ").\n";
    return EXIT_OK;
}

} // namespace Limber
