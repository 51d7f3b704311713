#include "Application.h"
#include "Arguments.h"
#include "Commands.h"
#include "FilePaths.h"
#include "catalog/Catalog.h"
#include "catalog/FigureLibrary.h"
#include "catalog/PackLoader.h"
#include "domain/DoseText.h"
#include "reports/FigureDrawing.h"
#include "reports/FigureSheet.h"
#include "web/ApiJson.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/Path.h>

#include <iomanip>
#include <iostream>

namespace Limber {

namespace {

/// Checks one pack file and prints its problems; returns the number of errors. A clinic's or
/// a plugin's pack is checked as it would join the built-in one: it may use the built-in
/// terms and entries, and may not take their ids.
int checkPack(const std::string& file, bool strict) {
    Catalog builtIn = loadBuiltInCatalog();
    PackLoadResult result = loadPackFile(file, PackRules{strict, nullptr});
    if (result.packId == builtIn.packs().front()->id)
        result = loadPackFile(file, PackRules{true, nullptr}); // always strict
    else if (!result.packId.empty())
        result = loadPackFile(file, PackRules{strict, &builtIn});
    int errors = 0;
    int warnings = 0;
    for (const auto& problem : result.problems) {
        std::cerr << problem.toString() << "\n";
        (problem.warning ? warnings : errors) += 1;
    }
    if (errors == 0)
        std::cout << file << ": OK (" << result.pack->exercises.size() << " exercises, "
                  << result.pack->education.size() << " education items, "
                  << result.pack->templates.size() << " templates"
                  << (warnings ? ", " + std::to_string(warnings) + " warnings" : std::string())
                  << ")\n";
    return errors;
}

int runCheck(const std::vector<std::string>& args) {
    Arguments arguments(args, {}, {"strict"});
    if (arguments.positional().empty())
        throw UsageError{"limber catalog check needs at least one pack file"};
    int errors = 0;
    for (const auto& file : arguments.positional())
        checkInputFile("pack file", file);
    // Text must be printable with the fonts handouts use by default, as at start-up.
    FontLibrary fonts(defaultFonts());
    PrintableCharactersScope printable(&fonts);
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

/// The query the list options ask for; throws UsageError naming a value the catalog does not
/// know, so a typo never prints an empty list that looks like an answer.
ExerciseQuery queryOf(const Arguments& arguments, const Catalog& catalog) {
    ExerciseQuery query;
    query.text = arguments.value("search").value_or("");
    auto term = [&](TermKind kind, const char* option, std::string& out) {
        auto value = arguments.value(option);
        if (!value)
            return;
        if (!catalog.term(kind, *value) && !(kind == TermKind::Equipment && *value == "none")) {
            std::string known;
            for (const Term* each : catalog.terms(kind))
                known += (known.empty() ? "" : ", ") + each->id;
            throw UsageError{"--" + std::string(option) + " must be one of " + known +
                             (kind == TermKind::Equipment ? ", none" : "") + " (got \"" + *value +
                             "\")"};
        }
        out = *value;
    };
    term(TermKind::Strategy, "strategy", query.strategy);
    term(TermKind::Region, "region", query.region);
    term(TermKind::Position, "position", query.position);
    term(TermKind::Equipment, "equipment", query.equipment);
    if (auto type = arguments.value("type")) {
        query.type = exerciseTypeFromString(*type);
        if (!query.type)
            throw UsageError{"--type must be one of stretch, balance, strength, mobility (got \"" +
                             *type + "\")"};
    }
    return query;
}

std::string labelOf(const Catalog& catalog, TermKind kind, const std::string& id,
                    const std::string& language) {
    const Term* term = catalog.term(kind, id);
    return term ? term->labelIn(language) : id;
}

void printText(const Catalog& catalog, const std::vector<const Exercise*>& exercises,
               bool withTheRest, const std::string& language) {
    bool es = language == "es";
    std::cout << (es ? "Ejercicios" : "Exercises") << " (" << exercises.size() << ")\n";
    for (const Exercise* exercise : exercises) {
        std::cout << "  " << std::left << std::setw(30) << exercise->id << " "
                  << exercise->textIn(language).name << "\n";
        std::string equipment;
        for (const auto& id : exercise->equipment)
            equipment += " \u00B7 " + labelOf(catalog, TermKind::Equipment, id, language);
        std::cout << "  " << std::setw(30) << ""
                  << " " << labelOf(catalog, TermKind::Strategy, exercise->strategy, language)
                  << " \u00B7 " << typeLabel(exercise->type, language) << " \u00B7 "
                  << labelOf(catalog, TermKind::Position, exercise->position, language) << equipment
                  << "\n";
        std::cout << "  " << std::setw(30) << ""
                  << " " << describeDose(exercise->defaultDose, language) << "\n";
    }
    if (!withTheRest)
        return;
    auto education = catalog.educationItems();
    std::cout << "\n" << (es ? "Consejos" : "Advice") << " (" << education.size() << ")\n";
    for (const EducationItem* item : education)
        std::cout << "  " << std::setw(30) << item->id << " " << item->textIn(language).title
                  << "\n";
    auto templates = catalog.templates();
    std::cout << "\n" << (es ? "Plantillas" : "Templates") << " (" << templates.size() << ")\n";
    for (const ProgramTemplate* each : templates)
        std::cout << "  " << std::setw(30) << each->id << " " << each->textIn(language).title
                  << " (" << each->items.size() << (es ? " ejercicios, " : " exercises, ")
                  << each->weeks << (es ? " semanas)" : " weeks)") << "\n";
}

int runList(const std::vector<std::string>& args) {
    Arguments arguments(
        args, {"lang", "search", "strategy", "region", "position", "equipment", "type", "config"},
        {"json"});
    if (!arguments.positional().empty())
        throw UsageError{"limber catalog list takes no file (got \"" +
                         arguments.positional().front() + "\")"};
    std::string language = arguments.value("lang").value_or("en");
    if (language != "en" && language != "es")
        throw UsageError{"--lang must be en or es (got \"" + language + "\")"};
    Settings settings = loadSettings({}, arguments.value("config"));
    Catalog catalog = loadCatalog(settings.packFiles);
    ExerciseQuery query = queryOf(arguments, catalog);
    std::vector<const Exercise*> exercises = catalog.find(query);
    if (arguments.flag("json")) {
        std::cout << toJsonText(catalogToJson(catalog, exercises, language)) << "\n";
        return EXIT_OK;
    }
    printText(catalog, exercises, query.empty(), language);
    return EXIT_OK;
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

    checkFolder("-o", *output);
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
    const char* usage = "usage: limber catalog check PACK.json... [--strict] | limber catalog "
                        "list [--lang en|es] [--json] [--search TEXT] [--strategy ID] ... | "
                        "limber catalog figures -o DIR";
    if (args.empty())
        throw UsageError{usage};
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args.front() == "check")
        return runCheck(rest);
    if (args.front() == "list")
        return runList(rest);
    if (args.front() == "figures")
        return writeFigures(rest);
    throw UsageError{usage};
}

} // namespace Limber
