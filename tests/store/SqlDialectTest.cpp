#include "store/SqlDialect.h"

#include "store/Migrations.h"

#include <gtest/gtest.h>

using namespace Limber;

TEST(SqlDialect, PostgreSqlGetsNumberedPlaceholders) {
    EXPECT_EQ(adaptSql(SqlDialect::PostgreSQL, "SELECT a FROM t WHERE b = ? AND c = ?"),
              "SELECT a FROM t WHERE b = $1 AND c = $2");
    EXPECT_EQ(adaptSql(SqlDialect::SQLite, "WHERE b = ?"), "WHERE b = ?");
}

TEST(SqlDialect, MigrationsGetTheEnginesKeyType) {
    EXPECT_EQ(adaptMigration(SqlDialect::SQLite, "id ID_PRIMARY_KEY,"),
              "id INTEGER PRIMARY KEY AUTOINCREMENT,");
    EXPECT_EQ(adaptMigration(SqlDialect::PostgreSQL, "id ID_PRIMARY_KEY,"),
              "id BIGSERIAL PRIMARY KEY,");
}

TEST(Migrations, AreNumberedInOrderFromOne) {
    auto migrations = builtInMigrations();
    ASSERT_FALSE(migrations.empty());
    // Branches take numbers of their own, so a tree may miss some; order and uniqueness hold.
    EXPECT_EQ(migrations[0].number, 1);
    for (std::size_t i = 1; i < migrations.size(); ++i)
        EXPECT_LT(migrations[i - 1].number, migrations[i].number);
    EXPECT_EQ(migrations[0].name, "initial_schema");
}
