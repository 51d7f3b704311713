#include "Arguments.h"
#include "Commands.h"
#include "HandoutPrinting.h"
#include "Settings.h"
#include "catalog/PackLoader.h"
#include "store/Database.h"
#include "store/StoredText.h"

#include <Poco/File.h>

#include <iostream>
#include <map>
#include <stdexcept>

namespace Limber {

namespace {

constexpr const char* USAGE = "usage: limber data check [--data-dir DIR] [--config FILE]";

/// Why a stored value breaks today's text rule for its column, as one message per field (the
/// field is the column, or the column and the JSON path inside an exercise entry); empty when
/// it passes.
std::vector<FieldError> storedTextProblems(const StoredTextColumn& column,
                                           const std::string& bytes) {
    if (column.exerciseEntry) {
        std::vector<FieldError> problems = exerciseEntryTextErrors(bytes);
        for (auto& problem : problems)
            problem.field = column.column + " " + problem.field;
        return problems;
    }
    // Optional fields are stored empty; emptiness is the field's own rule, not the text rule.
    if (bytes.empty())
        return {};
    CheckedText checked = checkText(bytes, column.kind, column.maxCharacters);
    if (!checked.ok())
        return {{column.column, checked.problem}};
    if (checked.text != bytes)
        return {{column.column, "is not stored the way Limber stores text today (Unicode NFC, no "
                                "spaces around it, LF line breaks); saving it again fixes it"}};
    return {};
}

DatabaseConfig databaseOf(const Settings& settings) {
    DatabaseConfig database;
    database.readers = 1;
    if (settings.storeDriver == "postgresql") {
        database.dialect = SqlDialect::PostgreSQL;
        database.connection = settings.postgresConnection;
    } else {
        database.dialect = SqlDialect::SQLite;
        database.connection = settings.databasePath();
        if (!Poco::File(database.connection).exists())
            throw std::runtime_error("there is no database at " + database.connection);
    }
    return database;
}

} // namespace

int runData(const std::vector<std::string>& args) {
    if (args.empty() || args.front() != "check")
        throw UsageError{USAGE};
    Arguments arguments(std::vector<std::string>(args.begin() + 1, args.end()),
                        {"data-dir", "config"}, {});
    if (!arguments.positional().empty())
        throw UsageError{"limber data check takes no file arguments"};
    std::map<std::string, std::string> overrides;
    if (auto dataDir = arguments.value("data-dir"))
        overrides["data.dir"] = *dataDir;
    Settings settings = loadSettings(overrides, arguments.value("config"));
    // The configured fonts decide which characters the text rule accepts, as in `limber serve`.
    HandoutPrinting printing(settings);
    Database database(databaseOf(settings));
    if (std::vector<int> missing = missingMigrations(database); !missing.empty()) {
        std::cerr << "limber: the database's schema is older than this Limber (migration "
                  << missing.front() << " and " << missing.size() - 1
                  << " more not applied); run limber migrate first\n";
        return EXIT_FAILED;
    }
    std::size_t values = 0, problems = 0;
    for (const auto& column : storedTextColumns()) {
        readStoredText(database, column, [&](const StoredTextValue& value) {
            ++values;
            for (const auto& problem : storedTextProblems(column, value.bytes)) {
                ++problems;
                std::cout << column.table << " " << value.id << " " << problem.field << ": "
                          << problem.message << "\n";
            }
        });
    }
    if (problems > 0) {
        std::cerr << "limber: " << problems << " stored text" << (problems == 1 ? "" : "s")
                  << " break today's text rule (table, row, field: reason, above); correct "
                     "each in the portal or through the API\n";
        return EXIT_FAILED;
    }
    std::cout << "Every stored text passes today's text rule (" << values << " values).\n";
    return EXIT_OK;
}

} // namespace Limber
