#include "SqliteSnapshot.h"

#include <Poco/Exception.h>
#include <Poco/File.h>

#include <cstdio>
#include <sqlite3.h>
#include <sys/stat.h>

namespace Limber {

namespace {

/// Owns a SQLite connection of the C API (the online backup API is not in Poco::Data).
struct SqliteHandle {
    sqlite3* db = nullptr;
    ~SqliteHandle() { sqlite3_close(db); }
};

void openSqlite(SqliteHandle& handle, const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &handle.db, flags, nullptr) != SQLITE_OK)
        throw Poco::IOException(path + ": " + sqlite3_errmsg(handle.db));
    sqlite3_busy_timeout(handle.db, 30000);
}

} // namespace

void snapshotDatabase(const std::string& source, const std::string& target) {
    SqliteHandle from, to;
    openSqlite(from, source, SQLITE_OPEN_READONLY);
    openSqlite(to, target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3_backup* backup = sqlite3_backup_init(to.db, "main", from.db, "main");
    if (!backup)
        throw Poco::IOException(target + ": " + sqlite3_errmsg(to.db));
    int step = sqlite3_backup_step(backup, -1);
    int finished = sqlite3_backup_finish(backup);
    if (step != SQLITE_DONE || finished != SQLITE_OK)
        throw Poco::IOException(source + ": the copy failed: " + sqlite3_errstr(step));
}

std::string integrityOf(const std::string& path) {
    SqliteHandle handle;
    openSqlite(handle, path, SQLITE_OPEN_READONLY);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(handle.db, "PRAGMA integrity_check", -1, &statement, nullptr) !=
        SQLITE_OK)
        return sqlite3_errmsg(handle.db);
    std::string result;
    while (sqlite3_step(statement) == SQLITE_ROW)
        result += (result.empty() ? "" : "; ") +
                  std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
    return result;
}

namespace {

/// The first column of the first row of sql, or fallback when there is none or it fails.
long long integerOf(SqliteHandle& handle, const char* sql, long long fallback) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(handle.db, sql, -1, &statement, nullptr) != SQLITE_OK)
        return fallback;
    long long value = fallback;
    if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_type(statement, 0) != SQLITE_NULL)
        value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
}

} // namespace

std::string backUpBeforeMigrating(const std::string& databasePath, int latestMigration) {
    if (!Poco::File(databasePath).exists())
        return {};
    long long applied = 0, clinics = 0;
    {
        SqliteHandle handle;
        openSqlite(handle, databasePath, SQLITE_OPEN_READONLY);
        applied = integerOf(handle, "SELECT MAX(number) FROM schema_migrations", -1);
        clinics = integerOf(handle, "SELECT COUNT(*) FROM clinics", 0);
    }
    if (applied < 0 || applied >= latestMigration || clinics == 0)
        return {};
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".before-migration-%03lld", applied);
    std::string target = databasePath + suffix;
    if (Poco::File(target).exists())
        return target; // an earlier start took it, and nothing has migrated since
    std::string partial = target + ".part";
    if (Poco::File(partial).exists())
        Poco::File(partial).remove();
    snapshotDatabase(databasePath, partial);
    ::chmod(partial.c_str(), 0600);
    Poco::File(partial).renameTo(target);
    return target;
}

} // namespace Limber
