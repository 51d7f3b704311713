#pragma once

#include "Database.h"

#include <string>
#include <vector>

namespace Limber {

/// A numbered schema change, compiled in from src/store/migrations/NNN_name.sql.
struct Migration {
    int number = 0;
    std::string name;
    std::string sql;
};

/// The built-in migrations in ascending order.
std::vector<Migration> builtInMigrations();

/// Applies, in order and each in its own transaction, every migration not yet recorded in the
/// schema_migrations table. Returns how many this call applied: processes migrating one
/// database at once apply each migration once between them. Throws Poco::IllegalStateException
/// when the database was migrated by a newer Limber (it records a number we do not know).
int migrate(Database& database, const std::vector<Migration>& migrations);

} // namespace Limber
