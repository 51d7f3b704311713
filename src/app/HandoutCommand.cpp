#include "Application.h"
#include "Arguments.h"
#include "Commands.h"
#include "HandoutPrinting.h"
#include "json/ProgramJson.h"
#include "services/HandoutService.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <iostream>

namespace Limber {

namespace {

std::string readFile(const std::string& path) {
    if (!Poco::File(path).exists())
        throw Poco::FileNotFoundException(path);
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

/// Writes bytes to path through a temporary file, so a failed write leaves nothing behind.
void writeFileAtomically(const std::string& path, const std::string& bytes) {
    std::string partial = path + ".part-" + std::to_string(Poco::Process::id());
    try {
        Poco::FileOutputStream out(partial);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out.good())
            throw Poco::WriteFileException(partial);
        Poco::File(partial).renameTo(path);
    } catch (...) {
        Poco::File file(partial);
        if (file.exists())
            file.remove();
        throw;
    }
}

} // namespace

int runHandout(const std::vector<std::string>& args) {
    Arguments arguments(args, {"output", "lang", "paper", "config"}, {"large-print"});
    if (arguments.positional().size() != 1)
        throw UsageError{"limber handout takes one program file: limber handout PROGRAM.json "
                         "-o OUT.pdf"};
    auto output = arguments.value("output");
    if (!output)
        throw UsageError{"limber handout needs -o OUT.pdf"};
    HandoutOptions options;
    std::string paper = arguments.value("paper").value_or("letter");
    if (paper == "a4")
        options.paper = PaperSize::A4;
    else if (paper != "letter")
        throw UsageError{"--paper must be letter or a4 (got \"" + paper + "\")"};
    options.largePrint = arguments.flag("large-print");
    auto language = arguments.value("lang");
    if (language && *language != "en" && *language != "es")
        throw UsageError{"--lang must be en or es (got \"" + *language + "\")"};

    // Only the configuration file is read: no data folder and no database are needed.
    std::map<std::string, std::string> overrides;
    Settings settings = loadSettings(overrides, arguments.value("config"));
    Catalog catalog = loadCatalog(settings.packFiles);

    const std::string& programFile = arguments.positional().front();
    ProgramDocument document;
    try {
        document = readProgramDocument(
            readFile(programFile),
            [&catalog](const std::string& id) { return catalog.defaultDose(id); }, true);
    } catch (const ValidationException& error) {
        throw Poco::InvalidArgumentException(programFile + ": " + error.message());
    }
    Handout handout = composeHandout(catalog, document.prescription);
    handout.clinic = document.clinic;
    handout.therapistName = document.therapistName;
    handout.patient = document.patient;
    handout.language = language.value_or(document.language);
    handout.printedOn = SystemClock().today();
    HandoutPrinting printing(settings);
    writeFileAtomically(*output, printing.report().render(handout, options));
    return EXIT_OK;
}

} // namespace Limber
