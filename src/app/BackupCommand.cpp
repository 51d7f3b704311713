#include "Application.h"
#include "Arguments.h"
#include "BackupArchive.h"
#include "Commands.h"
#include "FilePaths.h"
#include "SqliteSnapshot.h"
#include "store/Migrations.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/String.h>

#include <iostream>
#include <memory>
#include <sqlite3.h>
#include <sys/stat.h>

namespace Limber {

namespace {

/// The secret named on the command line: a key file, or a passphrase read from a file (never
/// from the command line itself, where other users could see it).
BackupSecret secretOf(const Arguments& arguments) {
    BackupSecret secret;
    auto keyFile = arguments.value("key-file");
    auto passphraseFile = arguments.value("passphrase-file");
    if (keyFile.has_value() == passphraseFile.has_value())
        throw UsageError{"give --key-file FILE or --passphrase-file FILE (exactly one)"};
    if (keyFile) {
        checkInputFile("--key-file", *keyFile);
        secret.keyFile = *keyFile;
    } else {
        checkInputFile("--passphrase-file", *passphraseFile);
        Poco::FileInputStream in(*passphraseFile);
        std::getline(in, secret.passphrase);
        secret.passphrase = Poco::trimRight(secret.passphrase);
        if (secret.passphrase.size() < 12)
            throw Poco::InvalidArgumentException(
                "--passphrase-file: the passphrase (its first line) needs at least 12 characters");
    }
    return secret;
}

} // namespace

int runBackup(const std::vector<std::string>& args) {
    Arguments arguments(args, {"output", "key-file", "passphrase-file", "data-dir", "config"}, {});
    auto output = arguments.value("output");
    if (!output || !arguments.positional().empty())
        throw UsageError{"usage: limber backup -o FILE (--key-file KEY | --passphrase-file FILE) "
                         "[--data-dir DIR] [--config FILE]"};
    checkOutputFile("-o", *output);
    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    Settings settings = loadSettings(overrides, arguments.value("config"));
    if (settings.storeDriver == "postgresql") {
        std::cerr << "limber: the database is PostgreSQL: back it up with pg_dump (for example "
                     "pg_dump --format=custom --file=limber.dump \"$CONNECTION\") and keep the "
                     "server key ("
                  << (settings.keyFile.empty() ? settings.dataDir + "/secret.key"
                                               : settings.keyFile)
                  << ") and the configuration with it; see the README, \"Backups\"\n";
        return EXIT_FAILED;
    }
    BackupSecret secret = secretOf(arguments);
    checkInputFile("data.dir", settings.databasePath());
    std::string keyPath =
        settings.keyFile.empty() ? settings.dataDir + "/secret.key" : settings.keyFile;
    checkInputFile("secret.key", keyPath);
    std::string configPath =
        arguments.value("config").value_or(settings.dataDir + "/limber.properties");

    std::string snapshot = *output + ".db.part";
    if (Poco::File(snapshot).exists())
        Poco::File(snapshot).remove();
    try {
        snapshotDatabase(settings.databasePath(), snapshot);
        ::chmod(snapshot.c_str(), 0600);
        std::vector<BackupEntry> entries = {{"limber.db", snapshot}, {"secret.key", keyPath}};
        if (Poco::File(configPath).exists())
            entries.push_back({"limber.properties", configPath});
        writeBackup(*output, secret, entries);
    } catch (...) {
        if (Poco::File(snapshot).exists())
            Poco::File(snapshot).remove();
        throw;
    }
    std::size_t bytes = static_cast<std::size_t>(Poco::File(snapshot).getSize());
    Poco::File(snapshot).remove();
    std::cout << "Backed up the database (" << bytes / 1024 << " KiB), the server key"
              << (Poco::File(configPath).exists() ? " and the configuration" : "") << " to "
              << *output << " (encrypted)\n";
    return EXIT_OK;
}

int runRestore(const std::vector<std::string>& args) {
    Arguments arguments(args, {"data-dir", "key-file", "passphrase-file"}, {});
    auto dataDir = arguments.value("data-dir");
    if (!dataDir || arguments.positional().size() != 1)
        throw UsageError{"usage: limber restore FILE --data-dir DIR (--key-file KEY | "
                         "--passphrase-file FILE)"};
    const std::string input = arguments.positional().front();
    checkInputFile("FILE", input);
    checkFolder("--data-dir", *dataDir);
    BackupSecret secret = secretOf(arguments);
    Poco::File folder(*dataDir);
    bool created = !folder.exists();
    if (!created && Poco::DirectoryIterator(folder) != Poco::DirectoryIterator())
        throw Poco::InvalidArgumentException("--data-dir: " + *dataDir +
                                             " is not empty; restore into an empty folder");
    folder.createDirectories();
    ::chmod(dataDir->c_str(), 0700);
    std::vector<BackupEntry> written;
    try {
        written = readBackup(input, secret, *dataDir);
        bool hasDatabase = false, hasKey = false;
        for (const auto& entry : written) {
            hasDatabase = hasDatabase || entry.name == "limber.db";
            hasKey = hasKey || entry.name == "secret.key";
        }
        if (!hasDatabase || !hasKey)
            throw Poco::DataFormatException(input + ": the backup lacks the database or the key");
        // The configuration is kept for the administrator to compare with the new machine's;
        // it names the old machine's paths, so it is not put where Limber would read it.
        for (auto& entry : written)
            if (entry.name == "limber.properties") {
                Poco::File(entry.path).renameTo(*dataDir + "/limber.properties.from-backup");
                entry.path = *dataDir + "/limber.properties.from-backup";
            }
        std::string integrity = integrityOf(*dataDir + "/limber.db");
        if (integrity != "ok")
            throw Poco::DataFormatException(
                input + ": the database fails its integrity check: " + integrity);
        AuditVerification audit;
        {
            Application application(
                loadSettings({{"data.dir", *dataDir}, {"log.file", "-"}}, std::nullopt));
            // What the server recorded just before the copy may not be chained yet.
            application.audit().seal();
            audit = application.audit().verify();
        }
        if (!audit.intact())
            throw Poco::DataFormatException(
                input + ": the audit trail is broken" +
                (audit.firstBad
                     ? " at entry " + std::to_string(audit.firstBad->id) + ": " + audit.problem
                     : std::string(": entries were never sealed")));
        std::cout << "Restored into " << *dataDir << ": the database passed its integrity check, "
                  << "the audit trail is intact (" << audit.checked << " entries)";
        if (Poco::File(*dataDir + "/limber.properties.from-backup").exists())
            std::cout << "; the configuration is in limber.properties.from-backup";
        std::cout << "\n";
    } catch (...) {
        // Nothing half-restored is left to be served by mistake.
        for (Poco::DirectoryIterator it(folder), end; it != end; ++it)
            Poco::File(it.path()).remove(true);
        if (created)
            folder.remove(true);
        throw;
    }
    return EXIT_OK;
}

int runMigrate(const std::vector<std::string>& args) {
    Arguments arguments(args, {"data-dir", "config"}, {"no-backup"});
    if (!arguments.positional().empty())
        throw UsageError{"usage: limber migrate [--data-dir DIR] [--config FILE] [--no-backup]"};
    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    if (arguments.flag("no-backup"))
        overrides["store.backupBeforeMigrating"] = "false";
    // Opening the application migrates the database (after the copy, unless told not to).
    Application application(loadSettings(overrides, arguments.value("config")));
    std::cout << "The database is up to date (migration " << builtInMigrations().back().number
              << ")\n";
    return EXIT_OK;
}

} // namespace Limber
