#include "Migrations.h"

#include "StoreMigrations.h"

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/String.h>

#include <algorithm>
#include <ctime>

namespace Limber {

using namespace Poco::Data::Keywords;

namespace {

/// Splits a migration into statements at semicolons that end a line, except inside a
/// PostgreSQL function body ($$ ... $$); drops comment lines.
std::vector<std::string> statementsOf(const std::string& sql) {
    std::vector<std::string> statements;
    std::string current;
    bool inBody = false;
    std::size_t start = 0;
    while (start < sql.size()) {
        std::size_t end = sql.find('\n', start);
        if (end == std::string::npos)
            end = sql.size();
        std::string line = sql.substr(start, end - start);
        start = end + 1;
        std::string trimmed = Poco::trim(line);
        if (trimmed.empty() || trimmed.rfind("--", 0) == 0)
            continue;
        current += line + "\n";
        for (auto at = line.find("$$"); at != std::string::npos; at = line.find("$$", at + 2))
            inBody = !inBody;
        if (!inBody && trimmed.back() == ';') {
            current.erase(current.find_last_of(';'));
            statements.push_back(current);
            current.clear();
        }
    }
    if (!Poco::trim(current).empty())
        statements.push_back(current);
    return statements;
}

/// Whether statement runs on dialect: a statement that begins with the comment /* sqlite */ or
/// /* postgresql */ runs on that engine only (triggers, say, whose syntax differs); any other
/// on both.
bool runsOn(SqlDialect dialect, const std::string& statement) {
    std::string_view text = statement;
    text.remove_prefix(std::min(text.size(), text.find_first_not_of(" \t\n")));
    for (SqlDialect engine : {SqlDialect::SQLite, SqlDialect::PostgreSQL})
        if (text.starts_with("/* " + std::string(toString(engine)) + " */"))
            return engine == dialect;
    return true;
}

} // namespace

std::vector<Migration> builtInMigrations() {
    std::vector<Migration> migrations;
    for (std::string_view path : StoreMigrations::names()) {
        // "migrations/001_initial_schema.sql"
        std::string file(path.substr(path.find('/') + 1));
        Migration migration;
        migration.number = std::stoi(file.substr(0, 3));
        migration.name = file.substr(4, file.size() - 8);
        migration.sql = std::string(StoreMigrations::find(path));
        migrations.push_back(std::move(migration));
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration& a, const Migration& b) { return a.number < b.number; });
    return migrations;
}

int migrate(Database& database, const std::vector<Migration>& migrations) {
    database.write([&](Poco::Data::Session& session) {
        // Two CREATE TABLE IF NOT EXISTS at the same moment collide inside PostgreSQL (a
        // duplicate key in pg_type) when processes start together on a new database: they
        // queue on a transaction-scoped advisory lock ("Limber" as a number) instead.
        if (database.dialect() == SqlDialect::PostgreSQL)
            session << "SELECT 1 FROM (SELECT pg_advisory_xact_lock(" +
                           std::to_string(DATABASE_LOCK_KEY) + ")) AS queued",
                now;
        session << "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, "
                   "name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            now;
    });
    std::vector<int> applied = database.read([&](Poco::Data::Session& session) {
        std::vector<int> numbers;
        session << "SELECT number FROM schema_migrations ORDER BY number", into(numbers), now;
        return numbers;
    });
    int newest = migrations.empty() ? 0 : migrations.back().number;
    for (int number : applied)
        if (number > newest)
            throw Poco::IllegalStateException(
                "the database has schema version " + std::to_string(number) +
                ", newer than this Limber knows (" + std::to_string(newest) +
                "); use a newer Limber or restore a backup");
    int count = 0;
    for (const auto& migration : migrations) {
        if (std::find(applied.begin(), applied.end(), migration.number) != applied.end())
            continue;
        bool appliedHere = database.write([&](Poco::Data::Session& session) {
            // Another process may be migrating the same database at this moment (a server and
            // a command started together): ask again under the write lock (SQLite's BEGIN
            // IMMEDIATE; on PostgreSQL this table lock), so that one of them applies it.
            if (database.dialect() == SqlDialect::PostgreSQL)
                session << "LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE", now;
            int recorded = 0;
            session << database.sql("SELECT COUNT(*) FROM schema_migrations WHERE number = ?"),
                into(recorded), bind(migration.number), now;
            if (recorded > 0)
                return false;
            for (const auto& statement :
                 statementsOf(adaptMigration(database.dialect(), migration.sql)))
                if (runsOn(database.dialect(), statement))
                    session << statement, now;
            std::int64_t appliedAt = std::time(nullptr);
            session << database.sql(
                "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)"),
                bind(migration.number), bind(migration.name), bind(appliedAt), now;
            return true;
        });
        if (appliedHere)
            ++count;
    }
    return count;
}

} // namespace Limber
