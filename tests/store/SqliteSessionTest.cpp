// SQLite sessions that keep their prepared statements: a text is prepared once per connection;
// a kept statement holds no read transaction and no lock;
// everything Poco's SQLite statements do still works on them.
#include "store/SqliteSession.h"

#include "support/TestFiles.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <gtest/gtest.h>

#include <memory>
#include <sqlite3.h>
#include <string>
#include <vector>

namespace Limber {
namespace {

using namespace Poco::Data::Keywords;

class SqliteSession : public ::testing::Test {
protected:
    Testing::TempDir dir;
    std::string path = dir.file("cache.db");
    Poco::Data::Session session = openSqliteSession(path);

    void SetUp() override {
        session << "PRAGMA journal_mode=WAL", now;
        session << "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                   "data BLOB)",
            now;
        for (int i = 1; i <= 5; ++i) {
            std::string name = "item " + std::to_string(i);
            session << "INSERT INTO items (id, name) VALUES (?, ?)", bind(i), bind(name), now;
        }
    }

    std::string nameOf(int id) {
        std::vector<std::string> names;
        session << "SELECT name FROM items WHERE id = ?", bind(id), into(names), now;
        return names.empty() ? std::string("(none)") : names.front();
    }
};

TEST_F(SqliteSession, AQueryRunAgainIsNotPreparedAgain) {
    const SqliteStatementCounts before = sqliteStatementCounts(session);
    for (int round = 0; round < 20; ++round)
        for (int id = 1; id <= 5; ++id)
            EXPECT_EQ(nameOf(id), "item " + std::to_string(id));
    const SqliteStatementCounts after = sqliteStatementCounts(session);
    EXPECT_EQ(after.prepared - before.prepared, 1u);
    EXPECT_EQ(after.reused - before.reused, 99u);
}

TEST_F(SqliteSession, AStatementKeepsItsSessionAlive) {
    Poco::Data::Session own = openSqliteSession(path);
    int id = 2;
    std::vector<std::string> names;
    auto select = std::make_unique<Poco::Data::Statement>(own);
    *select << "SELECT name FROM items WHERE id = ?", use(id), into(names);
    own = Poco::Data::Session(openSqliteSession(dir.file("other.db")));
    select->execute();
    EXPECT_EQ(names, std::vector<std::string>{"item 2"});
}

TEST_F(SqliteSession, AReusedStatementObjectRunsOnItsKeptStatement) {
    int id = 1;
    std::vector<std::string> names;
    Poco::Data::Statement select(session);
    select << "SELECT name FROM items WHERE id = ?", use(id), into(names);
    const SqliteStatementCounts before = sqliteStatementCounts(session);
    for (id = 1; id <= 5; ++id)
        select.execute();
    EXPECT_EQ(names, (std::vector<std::string>{"item 1", "item 2", "item 3", "item 4", "item 5"}));
    EXPECT_LE(sqliteStatementCounts(session).prepared - before.prepared, 1u);
}

TEST_F(SqliteSession, AKeptStatementHoldsNoReadTransaction) {
    {
        // Stopped after one of five rows: the statement is still inside its read transaction.
        std::vector<std::string> names;
        Poco::Data::Statement select(session);
        select << "SELECT name FROM items ORDER BY id", into(names), limit(1);
        select.execute();
        ASSERT_EQ(names.size(), 1u);
    }
    // Given back to the cache, it must have ended it: otherwise another connection's writes
    // could never be checkpointed past its snapshot.
    EXPECT_GT(sqliteStatementCounts(session).kept, 0u);
    Poco::Data::Session other = openSqliteSession(path);
    other << "INSERT INTO items (id, name) VALUES (6, 'item 6')", now;
    int busy = -1, logFrames = -1, checkpointed = -1;
    other << "PRAGMA wal_checkpoint(TRUNCATE)", into(busy), into(logFrames), into(checkpointed),
        now;
    EXPECT_EQ(busy, 0) << "a kept statement still holds a read transaction";
    EXPECT_EQ(nameOf(6), "item 6");
}

TEST_F(SqliteSession, AKeptStatementLocksNoTable) {
    EXPECT_EQ(nameOf(3), "item 3");
    session << "DROP TABLE items", now;
    session << "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)", now;
    session << "INSERT INTO items (id, name) VALUES (3, 'new item 3')", now;
    // Prepared against the dropped table: SQLite prepares it again for the new one.
    EXPECT_EQ(nameOf(3), "new item 3");
}

TEST_F(SqliteSession, TheSameTextUsedTwiceAtOnceGetsTwoStatements) {
    std::vector<std::string> outer;
    Poco::Data::Statement select(session);
    select << "SELECT name FROM items WHERE id > ? ORDER BY id", bind(0), into(outer), limit(2);
    select.execute(); // paused after two rows, its statement still taken
    std::vector<std::string> inner;
    session << "SELECT name FROM items WHERE id > ? ORDER BY id", bind(3), into(inner), now;
    EXPECT_EQ(inner, (std::vector<std::string>{"item 4", "item 5"}));
    while (!select.done())
        select.execute(false);
    EXPECT_EQ(outer, (std::vector<std::string>{"item 1", "item 2", "item 3", "item 4", "item 5"}));
}

TEST_F(SqliteSession, AStatementThatFailedRunsAgain) {
    const std::string insert = "INSERT INTO items (id, name) VALUES (?, ?)";
    EXPECT_THROW((session << insert, bind(7), bind(std::string("item 1")), now),
                 Poco::Exception); // the name is taken
    session << insert, bind(7), bind(std::string("item 7")), now;
    EXPECT_EQ(nameOf(7), "item 7");
}

TEST_F(SqliteSession, SeveralStatementsInOneTextRunInTurn) {
    session << "DELETE FROM items WHERE id = 1; INSERT INTO items (id, name) VALUES (1, 'one'); "
               "-- a comment at the end",
        now;
    EXPECT_EQ(nameOf(1), "one");
    // Run again: not kept, but still run in full.
    session << "DELETE FROM items WHERE id = 1; INSERT INTO items (id, name) VALUES (1, 'uno')",
        now;
    EXPECT_EQ(nameOf(1), "uno");
    std::vector<std::string> first, second;
    session << "SELECT name FROM items WHERE id = 1; SELECT name FROM items WHERE id = 2",
        into(first), into(second, Poco::Data::Position(1)), now;
    EXPECT_EQ(first, std::vector<std::string>{"uno"});
    EXPECT_EQ(second, std::vector<std::string>{"item 2"});
}

TEST_F(SqliteSession, ManyTextsKeepOnlyTheNewestStatements) {
    for (std::size_t i = 0; i < SQLITE_STATEMENTS_KEPT + 40; ++i) {
        int value = 0;
        session << "SELECT " + std::to_string(i), into(value), now;
        EXPECT_EQ(value, static_cast<int>(i));
    }
    EXPECT_LE(sqliteStatementCounts(session).kept, SQLITE_STATEMENTS_KEPT);
    EXPECT_EQ(nameOf(2), "item 2");
}

TEST_F(SqliteSession, ClosingFinalizesWhatItKept) {
    EXPECT_EQ(nameOf(1), "item 1");
    ASSERT_GT(sqliteStatementCounts(session).kept, 0u);
    session.close();
    EXPECT_EQ(sqliteStatementCounts(session).kept, 0u);
    EXPECT_FALSE(session.isConnected());
    // The file is not left open: another connection takes the exclusive lock at once.
    Poco::Data::Session other = openSqliteSession(path);
    other << "PRAGMA locking_mode=EXCLUSIVE", now;
    other << "INSERT INTO items (id, name) VALUES (8, 'item 8')", now;
}

TEST_F(SqliteSession, ConnectionsTakeNoLockPerCallAndKeepNoMemoryStatistics) {
    ASSERT_TRUE(configureSqlite()) << "SQLite was in use before the store's start-up settings";
    auto* handle = Poco::AnyCast<sqlite3*>(session.getProperty("handle"));
    EXPECT_EQ(sqlite3_db_mutex(handle), nullptr) << "the connection is in serialized mode";
    EXPECT_EQ(nameOf(3), "item 3");
    EXPECT_EQ(sqlite3_memory_used(), 0) << "SQLite counts its memory under a process-wide lock";
}

TEST(SqliteSessionCounts, AreZeroForOtherSessions) {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session plain("SQLite", ":memory:");
    plain << "SELECT 1", now;
    const SqliteStatementCounts counts = sqliteStatementCounts(plain);
    EXPECT_EQ(counts.prepared, 0u);
    EXPECT_EQ(counts.reused, 0u);
}

} // namespace
} // namespace Limber
