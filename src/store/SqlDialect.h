#pragma once

#include <string>
#include <string_view>

namespace Limber {

/// The one seam between SQLite and PostgreSQL. Store code writes SQL once, with `?`
/// placeholders and the portable subset both engines share (ON CONFLICT upserts, RETURNING);
/// the dialect adapts what differs.
enum class SqlDialect { SQLite, PostgreSQL };

/// SQL text for the dialect: PostgreSQL gets `$1, $2, ...` for each `?`. The text must not hold a
/// `?` inside a string literal.
std::string adaptSql(SqlDialect dialect, std::string_view sql);

/// Migration text for the dialect: replaces the token ID_PRIMARY_KEY with the engine's
/// auto-increment 64-bit primary key, and STRING_AGG( (PostgreSQL's) with SQLite's
/// group_concat(.
std::string adaptMigration(SqlDialect dialect, std::string_view sql);

std::string_view toString(SqlDialect dialect);

} // namespace Limber
