#include "Application.h"
#include "Arguments.h"
#include "Commands.h"
#include "catalog/Catalog.h"
#include "catalog/FigureLibrary.h"
#include "catalog/PackLoader.h"
#include "reports/FigureDrawing.h"
#include "reports/FigureSheet.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>

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
    // Every exercise must name a drawing the figure library has.
    if (result.pack) {
        const FigureLibrary& figures = builtInFigureLibrary();
        for (const auto& exercise : result.pack->exercises)
            if (!figures.find(exercise.figureId))
                result.problems.push_back(
                    {file, exercise.id, "figure",
                     "\"" + exercise.figureId + "\" is not a figure of the figure library", false});
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

/// Writes bytes to path, replacing what was there.
void writeFile(const std::string& path, const std::string& bytes) {
    Poco::FileOutputStream out(path);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out.good())
        throw Poco::WriteFileException(path);
}

/// `limber catalog figures -o DIR`: every figure of the library as DIR/<id>.svg, named after
/// the exercises drawn with it, and all of them on one PDF sheet at handout size.
int writeFigures(const std::vector<std::string>& args) {
    Arguments arguments(args, {"output", "lang", "config"}, {});
    auto output = arguments.value("output");
    if (!output || !arguments.positional().empty())
        throw UsageError{"usage: limber catalog figures -o DIR [--lang en|es] [--config FILE]"};
    std::string language = arguments.value("lang").value_or("en");
    if (language != "en" && language != "es")
        throw UsageError{"--lang must be en or es (got \"" + language + "\")"};
    Settings settings = loadSettings({}, arguments.value("config"));
    Catalog catalog = loadCatalog(settings.packFiles);
    const FigureLibrary& library = builtInFigureLibrary();

    Poco::File(*output).createDirectories();
    std::vector<FigureSheetEntry> sheet;
    for (const auto& figure : library.figures()) {
        std::string names;
        for (const Exercise* exercise : catalog.exercises())
            if (exercise->figureId == figure.id)
                names += (names.empty() ? "" : "; ") + exercise->textIn(language).name;
        writeFile(Poco::Path(*output, figure.id + ".svg").toString(),
                  figureSvg(figure, names.empty() ? figure.id : names));
        sheet.push_back({&figure, figure.id + (names.empty() ? "" : ": " + names)});
    }
    std::string sheetPath = Poco::Path(*output, "figures.pdf").toString();
    writeFile(sheetPath, renderFigureSheetPdf(sheet, settings.fonts));
    std::cout << library.figures().size() << " figures written to " << *output << " (one SVG each, "
              << "all on " << sheetPath << ")\n";
    return EXIT_OK;
}

} // namespace

int runCatalog(const std::vector<std::string>& args) {
    if (!args.empty() && args.front() == "figures")
        return writeFigures(std::vector<std::string>(args.begin() + 1, args.end()));
    if (args.empty() || args.front() != "check")
        throw UsageError{"usage: limber catalog check PACK.json... [--strict] | limber catalog "
                         "figures -o DIR"};
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
