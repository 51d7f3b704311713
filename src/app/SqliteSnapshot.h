#pragma once

#include <string>

namespace Limber {

/// A consistent copy of the SQLite database at source, written to target, while other
/// processes go on writing: SQLite's online backup API in one read transaction (under WAL
/// writers are not blocked, and the copy holds every write committed before it began).
void snapshotDatabase(const std::string& source, const std::string& target);

/// PRAGMA integrity_check's answer for the SQLite file at path: "ok" or the problems found.
std::string integrityOf(const std::string& path);

/// Before start-up migrates a SQLite database that holds data (a clinic) and lacks some of
/// the migrations up to latestMigration: copies it to DATABASE.before-migration-NNN (0600; NNN
/// the last migration it has) and returns that path. Returns empty when there is nothing to
/// migrate, no database yet, or no data in it.
std::string backUpBeforeMigrating(const std::string& databasePath, int latestMigration);

} // namespace Limber
