#include "Arguments.h"
#include "Commands.h"
#include "catalog/Catalog.h"
#include "catalog/PackLoader.h"

#include <iostream>

namespace Limber {

namespace {

/// Checks one pack file and prints its problems; returns the number of errors.
int checkPack(const std::string& file, bool strict) {
    PackLoadResult result = loadPackFile(file, PackRules{strict});
    // A clinic's pack joins the built-in one: its ids must not clash with built-in ids.
    if (result.pack) {
        Catalog builtIn = loadBuiltInCatalog();
        bool isBuiltIn = result.pack->id == builtIn.packs().front().id;
        if (!isBuiltIn) {
            for (const auto& exercise : result.pack->exercises)
                if (builtIn.exercise(exercise.id) || builtIn.educationItem(exercise.id))
                    result.problems.push_back(
                        {file, exercise.id, "id", "is already used by the built-in pack", false});
            for (const auto& item : result.pack->education)
                if (builtIn.exercise(item.id) || builtIn.educationItem(item.id))
                    result.problems.push_back(
                        {file, item.id, "id", "is already used by the built-in pack", false});
        }
    }
    int errors = 0;
    int warnings = 0;
    for (const auto& problem : result.problems) {
        std::cerr << problem.toString() << "\n";
        (problem.warning ? warnings : errors) += 1;
    }
    if (errors == 0)
        std::cout << file << ": OK (" << result.pack->exercises.size() << " exercises, "
                  << result.pack->education.size() << " education items"
                  << (warnings ? ", " + std::to_string(warnings) + " warnings" : std::string())
                  << ")\n";
    return errors;
}

} // namespace

int runCatalog(const std::vector<std::string>& args) {
    if (args.empty() || args.front() != "check")
        throw UsageError{"usage: limber catalog check PACK.json... [--strict]"};
    Arguments arguments(std::vector<std::string>(args.begin() + 1, args.end()), {}, {"strict"});
    if (arguments.positional().empty())
        throw UsageError{"limber catalog check needs at least one pack file"};
    int errors = 0;
    for (const auto& file : arguments.positional())
        errors += checkPack(file, arguments.flag("strict"));
    if (errors > 0) {
        std::cerr << "limber: " << errors << (errors == 1 ? " error" : " errors")
                  << " in the catalog pack" << (arguments.positional().size() > 1 ? "s" : "")
                  << "\n";
        return EXIT_FAILED;
    }
    return EXIT_OK;
}

} // namespace Limber
