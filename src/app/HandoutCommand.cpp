#include "Application.h"
#include "Arguments.h"
#include "Commands.h"
#include "FilePaths.h"
#include "HandoutPrinting.h"
#include "OutputFile.h"
#include "ProgressBar.h"
#include "json/ProgramJson.h"
#include "reports/DocumentFonts.h"
#include "services/HandoutService.h"
#include "services/PrintMemory.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

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

/// One handout to print: where it came from (for messages), the PDF's file name, and the
/// handout itself once read.
struct Job {
    std::string source;
    std::string outputName;
    Handout handout;
    HandoutOptions options; ///< paper and large print (the language is the handout's)
};

/// A file name made of the characters no file system minds.
std::string safeName(const std::string& text) {
    std::string name;
    for (char c : text)
        name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
                    ? c
                    : '_';
    return name.empty() ? "handout" : name;
}

/// The program files named on the command line: files as given, folders as their *.json
/// files in name order.
std::vector<std::string> programFiles(const std::vector<std::string>& positional) {
    std::vector<std::string> files;
    for (const auto& name : positional) {
        checkInputFileOrFolder("program file", name);
        Poco::File file(name);
        if (!file.isDirectory()) {
            files.push_back(name);
            continue;
        }
        std::vector<std::string> inFolder;
        for (Poco::DirectoryIterator it(name), end; it != end; ++it)
            if (Poco::Path(it->path()).getExtension() == "json" && it->isFile())
                inFolder.push_back(it->path());
        std::sort(inFolder.begin(), inFolder.end());
        if (inFolder.empty())
            throw Poco::InvalidArgumentException(name + ": the folder has no .json program files");
        files.insert(files.end(), inFolder.begin(), inFolder.end());
    }
    return files;
}

Job readProgramFile(const std::string& path, const Catalog& catalog,
                    const std::optional<std::string>& language, Date today) {
    ProgramDocument document;
    try {
        document = readProgramDocument(
            readFile(path), [&catalog](const std::string& id) { return catalog.defaultDose(id); },
            true);
    } catch (const ValidationException& error) {
        throw Poco::InvalidArgumentException(path + ": " + error.message());
    }
    // Guardrails the therapist should see, as the portal and the API show them; not errors.
    for (const auto& warning : catalog.warnings(document.prescription))
        std::cerr << "limber: warning: " << path << ": " << warning.field << ": " << warning.message
                  << "\n";
    Job job;
    job.source = path;
    job.outputName = Poco::Path(path).getBaseName() + ".pdf";
    try {
        job.handout = composeHandout(catalog, document.prescription);
    } catch (const ValidationException& error) {
        throw Poco::InvalidArgumentException(path + ": " + error.message());
    }
    job.handout.clinic = document.clinic;
    job.handout.therapistName = document.therapistName;
    job.handout.patient = document.patient;
    job.handout.language = language.value_or(document.language);
    job.handout.printedOn = today;
    return job;
}

/// Renders every job on `workers` threads into folder, one PDF each. Returns the failures
/// ("source: reason"); the others are written.
std::vector<std::string> renderAll(std::vector<Job>& jobs, const HandoutReport& report,
                                   const std::string& folder, unsigned workers) {
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::mutex failuresLock;
    std::vector<std::string> failures;
    auto work = [&] {
        for (std::size_t i = next++; i < jobs.size(); i = next++) {
            try {
                writeFileAtomically(folder + "/" + jobs[i].outputName,
                                    report.render(jobs[i].handout, jobs[i].options));
            } catch (const Poco::Exception& error) {
                std::lock_guard<std::mutex> lock(failuresLock);
                failures.push_back(jobs[i].source + ": " + error.message());
            } catch (const std::exception& error) {
                std::lock_guard<std::mutex> lock(failuresLock);
                failures.push_back(jobs[i].source + ": " + error.what());
            }
            ++done;
        }
    };
    ProgressBar progress("handouts");
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < std::min<std::size_t>(workers, jobs.size()); ++i)
        threads.emplace_back(work);
    const auto total = static_cast<long long>(jobs.size());
    while (done < jobs.size()) {
        progress.update(static_cast<long long>(done), total);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (auto& thread : threads)
        thread.join();
    progress.update(total, total);
    progress.finish();
    return failures;
}

/// Renders every job, in order, into one PDF (each handout counts its own pages).
std::string renderCombined(std::vector<Job>& jobs, const HandoutReport& report) {
    PdfDocument pdf;
    DocumentFonts fonts(pdf, report.fonts());
    pdf.setInfo("Handouts", jobs.empty() ? "" : jobs.front().handout.clinic.name);
    ProgressBar progress("handouts");
    const auto total = static_cast<long long>(jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        report.append(pdf, fonts, jobs[i].handout, jobs[i].options);
        progress.update(static_cast<long long>(i + 1), total);
    }
    progress.finish();
    return pdf.bytes();
}

} // namespace

int runHandout(const std::vector<std::string>& args) {
    Arguments arguments(
        args,
        {"output", "lang", "paper", "config", "combined", "data-dir", "date", "clinic", "jobs"},
        {"large-print"});
    // The print choices the command line names. Program files print with them (letter, normal
    // type, the file's language otherwise); handouts from the database print with what the
    // clinic and each patient last chose for the rest, as a print from the portal does.
    PrintRequest request;
    if (auto paper = arguments.value("paper")) {
        request.paper = paperSizeFromName(*paper);
        if (!request.paper)
            throw UsageError{"--paper must be letter or a4 (got \"" + *paper + "\")"};
    }
    if (arguments.flag("large-print"))
        request.largePrint = true;
    auto language = arguments.value("lang");
    if (language && *language != "en" && *language != "es")
        throw UsageError{"--lang must be en or es (got \"" + *language + "\")"};
    request.language = language;
    auto output = arguments.value("output");
    auto combined = arguments.value("combined");
    if (output.has_value() == combined.has_value())
        throw UsageError{"limber handout needs either -o OUT.pdf (or -o FOLDER for several) or "
                         "--combined FILE.pdf"};
    if (output)
        checkOutputFileOrFolder("-o", *output);
    if (combined)
        checkOutputFile("--combined", *combined);
    const bool fromDatabase = arguments.positional().empty();
    if (fromDatabase && !arguments.value("data-dir") && !arguments.value("config"))
        throw UsageError{"limber handout takes program files or folders, or --data-dir DIR for "
                         "the programs due today"};
    if (!fromDatabase && (arguments.value("date") || arguments.value("clinic")))
        throw UsageError{"--date and --clinic choose programs from the database; give no files"};
    unsigned workers = static_cast<unsigned>(
        arguments.integer("jobs", 1, 256)
            .value_or(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))));

    std::vector<Job> jobs;
    std::unique_ptr<Application> application;
    std::unique_ptr<HandoutPrinting> printing;
    Catalog catalog; // the handouts point into it
    const HandoutReport* report = nullptr;
    if (fromDatabase) {
        std::map<std::string, std::string> overrides;
        if (auto dataDir = arguments.value("data-dir"))
            overrides["data.dir"] = *dataDir;
        application =
            std::make_unique<Application>(loadSettings(overrides, arguments.value("config")));
        Date day = application->clock().today();
        if (auto date = arguments.value("date")) {
            try {
                day = Date::parse(*date);
            } catch (const Poco::Exception&) {
                throw UsageError{"--date must be a date like 2026-11-23 (got \"" + *date + "\")"};
            }
        }
        std::optional<std::int64_t> clinic;
        if (auto id = arguments.integer("clinic", 1, 1'000'000'000))
            clinic = *id;
        HandoutService& handouts = application->handouts();
        PrintMemory remembered(application->store(), application->audit());
        report = &handouts.report();
        for (const DueHandout& due : handouts.dueOn(day, clinic)) {
            Actor actor(due.clinicId, 0, Role::Therapist, "limber handout", "command line",
                        "command line");
            Job job;
            job.source = "program " + std::to_string(due.programId);
            std::string record = due.patient.recordNumber.empty()
                                     ? "patient-" + std::to_string(due.patient.id)
                                     : due.patient.recordNumber;
            job.outputName = safeName(record + "-program-" + std::to_string(due.programId) + "-v" +
                                      std::to_string(due.version)) +
                             ".pdf";
            job.handout = handouts.prepare(actor, due.programId, std::nullopt);
            job.options = remembered.handoutOptions(actor, due.patient, request);
            if (!job.options.language.empty())
                job.handout.language = job.options.language;
            jobs.push_back(std::move(job));
        }
        if (jobs.empty())
            std::cerr << "limber: no program takes effect on " << day.toString()
                      << "; nothing to print\n";
    } else {
        // Only the configuration file is read: no data folder and no database are needed.
        std::map<std::string, std::string> overrides;
        Settings settings = loadSettings(overrides, arguments.value("config"));
        // The fonts first: they decide which text the packs and program files may hold.
        printing = std::make_unique<HandoutPrinting>(settings);
        catalog = loadCatalog(settings.packFiles);
        report = &printing->report();
        Date today = SystemClock(TimeZone::named(settings.timeZone)).today();
        // Every file is read and checked before anything is drawn or written.
        std::set<std::string> names;
        for (const auto& file : programFiles(arguments.positional())) {
            jobs.push_back(readProgramFile(file, catalog, language, today));
            jobs.back().options.paper = request.paper.value_or(PaperSize::Letter);
            jobs.back().options.largePrint = request.largePrint.value_or(false);
            if (!names.insert(jobs.back().outputName).second)
                throw Poco::InvalidArgumentException(
                    file + ": another program file has the same name; its PDF would be "
                           "overwritten");
        }
        for (const Job& job : jobs) {
            try {
                report->check(job.handout);
            } catch (const ValidationException& error) {
                throw Poco::InvalidArgumentException(job.source + ": " + error.message());
            }
        }
    }

    if (combined) {
        writeFileAtomically(*combined, renderCombined(jobs, *report));
        return EXIT_OK;
    }
    // One program file and an output that is not a folder: the single-handout form.
    Poco::File outputFile(*output);
    const bool pdfName =
        output->size() > 4 && Poco::icompare(output->substr(output->size() - 4), ".pdf") == 0;
    if (!fromDatabase && jobs.size() == 1 && arguments.positional().size() == 1 &&
        !Poco::File(arguments.positional().front()).isDirectory() && pdfName &&
        !(outputFile.exists() && outputFile.isDirectory())) {
        writeFileAtomically(*output, report->render(jobs.front().handout, jobs.front().options));
        return EXIT_OK;
    }
    outputFile.createDirectories();
    std::vector<std::string> failures = renderAll(jobs, *report, *output, workers);
    // Name the first few; a thousand lines of the same reason help nobody.
    for (std::size_t i = 0; i < failures.size() && i < 10; ++i)
        std::cerr << "limber: " << failures[i] << "\n";
    if (!failures.empty())
        throw Poco::RuntimeException(std::to_string(failures.size()) + " of " +
                                     std::to_string(jobs.size()) +
                                     " handouts failed; the others are in " + *output);
    return EXIT_OK;
}

} // namespace Limber
