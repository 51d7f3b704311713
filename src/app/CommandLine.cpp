#include "Commands.h"
#include "domain/TextRule.h"

#include <Poco/Exception.h>

#include <iostream>

namespace Limber {

namespace {

constexpr const char* HELP = R"(Limber: home back-care programs for physical-therapy clinics.

Usage:
  limber serve [--port N] [--host ADDRESS] [--data-dir DIR] [--demo] [--config FILE]
      Serve the portal. --demo seeds a demo clinic into an empty database.
  limber handout PROGRAM.json -o OUT.pdf [--lang en|es] [--paper letter|a4] [--large-print]
                 [--config FILE]
      Print a program file as a PDF handout. Needs no server and no database.
  limber catalog check PACK.json... [--strict]
      Check catalog packs and list every problem (file: entry: field: reason); exit 1 on
      errors. --strict treats a missing translation as an error, as the built-in pack always
      does. A clinic's pack is checked as it joins the built-in one.
  limber catalog list [--lang en|es] [--json] [--search TEXT] [--strategy ID] [--region ID]
                      [--position ID] [--equipment ID|none] [--type TYPE] [--config FILE]
      List the catalog (the built-in pack and the configured packs): exercises matching the
      filters, then the advice items and templates; --json prints what the API returns.
  limber catalog figures -o DIR [--lang en|es] [--config FILE]
      Write every exercise drawing as DIR/<figure>.svg and all of them on DIR/figures.pdf.
  limber user add EMAIL --name NAME [--role therapist|admin] [--clinic ID | --new-clinic NAME]
  limber user passwd EMAIL
  limber user disable|enable EMAIL
      Manage sign-ins (each also takes --data-dir DIR and --config FILE). The password is
      read from standard input (one line), or asked for twice on a terminal; never from the
      command line.
  limber audit verify [--data-dir DIR] [--config FILE]
      Check the audit trail's hash chain; exit 1 naming the first bad entry.
  limber plugins list [--data-dir DIR] [--config FILE]
      The enabled plugins: version, capabilities, settings (secrets hidden), outbox
      backlog and last delivery error; the refused ones with the reason (exit 1).
  limber plugins dead-letters PLUGIN-ID [--data-dir DIR] [--config FILE]
      The events set aside for a Notifier plugin after too many failed deliveries.
  limber report patient ID|RECORD [--from DATE] [--to DATE] [--format html|pdf] [-o FILE]
  limber report clinic [--from DATE] [--to DATE] [--format html|pdf|csv] [-o FILE]
                [--sort patient|record|therapist|age|adherence|last|pain|flags]
                [--order asc|desc]
      Adherence reports (each also takes --paper letter|a4, --clinic ID, --data-dir DIR and
      --config FILE). The format follows -o's extension when not given; without -o the
      report goes to standard output. Dates are YYYY-MM-DD.
  limber export fhir --patient ID|RECORD [--bundle transaction|collection] [-o FILE]
      [--record-system URI] [--clinic ID] [--data-dir DIR] [--config FILE]
      The patient's FHIR R4 Bundle (plugin/fhir/README.md): Patient, programs as CarePlans
      and ServiceRequests, check-ins and pain scores as Observations. A transaction Bundle
      (the default) updates a FHIR server idempotently; it goes to standard output without -o.
  limber demo [--data-dir DIR] [--patients N] [--days D] [--config FILE]
      Fill an empty data folder with a demo clinic: N patients (default 24) whose programs
      have run for D days (default 56, at most 365), with realistic adherence and pain.
  limber config check [--config FILE] [--data-dir DIR]
      Print the effective configuration (secrets masked), each key with where its value came
      from (default, file, environment variable, command line); or every error, each naming
      its key, and exit 1. Every key can be set by an environment variable: LIMBER_ and the
      key in capitals, "_" for each dot and word (server.maxConnections:
      LIMBER_SERVER_MAX_CONNECTIONS). The command line wins over the environment, the
      environment over the configuration file, the file over the defaults.
  limber backup -o FILE (--key-file KEY | --passphrase-file FILE) [--data-dir DIR]
                [--config FILE]
      Write an encrypted backup of the SQLite database (a consistent copy taken while the
      server runs), the server key and the configuration. KEY: a file of at least 32 random
      bytes; FILE: a passphrase on its first line. With PostgreSQL it says how to use pg_dump.
  limber restore FILE --data-dir DIR (--key-file KEY | --passphrase-file FILE)
      Restore a backup into an empty folder; succeeds only when the database passes its
      integrity check and the audit trail is intact.
  limber migrate [--data-dir DIR] [--config FILE] [--no-backup]
      Bring the database's schema up to date (serve does it at start-up too). A SQLite
      database that holds data is first copied to limber.db.before-migration-NNN, unless
      --no-backup (or store.backupBeforeMigrating = false).
  limber data check [--data-dir DIR] [--config FILE]
      Check the text stored by earlier versions of Limber (names, record numbers, titles,
      notes, user names, the clinic's own exercises) against today's text rule; one line per
      value that breaks it (table, row, field: reason) and exit 1, or exit 0. Reads only.
  limber --help | --version

Exit status: 0 on success, 1 when the command failed, 2 when the command line is wrong.
Configuration keys and the program and pack formats are described in the README.
)";

/// Joins a multi-line message (database errors have several) into one line.
std::string oneLine(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r')
            c = ' ';
    return text;
}

} // namespace

int runCommandLine(int argc, char** argv) {
    std::vector<std::string> words(argv + 1, argv + argc);
    try {
        if (words.empty())
            throw UsageError{"no command given (try limber --help)"};
        // The text rule: every argument is valid UTF-8 without control characters.
        for (std::size_t i = 0; i < words.size(); ++i)
            if (CheckedText checked = checkText(words[i], TextKind::Secret, 4096); !checked.ok())
                throw UsageError{(i > 0 && words[i - 1].rfind("-", 0) == 0
                                      ? "the value of " + words[i - 1]
                                      : "argument " + std::to_string(i + 1)) +
                                 " " + checked.problem};
        const std::string command = words.front();
        std::vector<std::string> rest(words.begin() + 1, words.end());
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << HELP;
            return EXIT_OK;
        }
        if (command == "--version") {
            std::cout << "limber " << LIMBER_VERSION << "\n";
            return EXIT_OK;
        }
        if (command == "serve")
            return runServe(rest);
        if (command == "handout")
            return runHandout(rest);
        if (command == "catalog")
            return runCatalog(rest);
        if (command == "user")
            return runUser(rest);
        if (command == "audit")
            return runAudit(rest);
        if (command == "plugins")
            return runPlugins(rest);
        if (command == "report")
            return runReport(rest);
        if (command == "demo")
            return runDemo(rest);
        if (command == "config")
            return runConfig(rest);
        if (command == "backup")
            return runBackup(rest);
        if (command == "restore")
            return runRestore(rest);
        if (command == "migrate")
            return runMigrate(rest);
        if (command == "export")
            return runExport(rest);
        if (command == "data")
            return runData(rest);
        throw UsageError{"unknown command \"" + command + "\" (try limber --help)"};
    } catch (const UsageError& error) {
        std::cerr << "limber: " << error.message << "\n";
        return EXIT_USAGE;
    } catch (const Poco::InvalidArgumentException& error) {
        std::cerr << "limber: " << oneLine(error.message()) << "\n";
        return EXIT_FAILED;
    } catch (const Poco::IllegalStateException& error) {
        // Limber's own refusals (a database newer than this Limber, another instance's key):
        // the message is the whole sentence, without Poco's "Illegal state: " prefix.
        std::cerr << "limber: "
                  << oneLine(error.message().empty() ? error.displayText() : error.message())
                  << "\n";
        return EXIT_FAILED;
    } catch (const Poco::Exception& error) {
        std::cerr << "limber: " << oneLine(error.displayText()) << "\n";
        return EXIT_FAILED;
    } catch (const std::exception& error) {
        std::cerr << "limber: " << error.what() << "\n";
        return EXIT_FAILED;
    }
}

} // namespace Limber
