// Pooled connections after the database dropped them (a restart, a failover): an idle
// connection is checked before it is lent and replaced when lost, so no request fails on a
// connection left over from before; a connection lost under a request is reported as
// StoreUnavailable (answered 503), never as an internal error.
#include "store/ConnectionPool.h"

#include "domain/StoreUnavailable.h"
#include "store/Database.h"
#include "support/TestDatabase.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace Limber {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

Poco::Data::Session memorySession() {
    Poco::Data::SQLite::Connector::registerConnector();
    return Poco::Data::Session("SQLite", ":memory:");
}

TEST(ConnectionPool, AnIdleSessionThatFailsTheCheckIsReplacedNotLent) {
    int opened = 0;
    bool lost = false;
    ConnectionPool pool(
        [&] {
            ++opened;
            return memorySession();
        },
        1, std::chrono::milliseconds(200), [&](Poco::Data::Session&) { return !lost; });
    { ConnectionPool::Lease lease = pool.acquire(); }
    EXPECT_EQ(opened, 1);
    { ConnectionPool::Lease lease = pool.acquire(); }
    EXPECT_EQ(opened, 1) << "a session that passes the check is reused";
    lost = true;
    {
        ConnectionPool::Lease lease = pool.acquire();
        EXPECT_EQ(opened, 2) << "the lost session was lent instead of replaced";
        lost = false;
        // The pool still counts one session: a second lease waits and times out.
        EXPECT_THROW(pool.acquire(), Poco::TimeoutException);
    }
    { ConnectionPool::Lease lease = pool.acquire(); }
    EXPECT_EQ(opened, 2);
}

TEST(ConnectionPool, ACheckThatThrowsCountsAsLost) {
    int opened = 0;
    ConnectionPool pool(
        [&] {
            ++opened;
            return memorySession();
        },
        2, std::chrono::milliseconds(200),
        [](Poco::Data::Session&) -> bool { throw Poco::IOException("gone"); });
    { ConnectionPool::Lease lease = pool.acquire(); }
    { ConnectionPool::Lease lease = pool.acquire(); }
    EXPECT_EQ(opened, 2);
}

/// A PostgreSQL database whose connections carry a name of their own, so that the test can
/// have the server terminate exactly them (what a restart does to every connection).
class PostgresConnectionsLost : public ::testing::Test {
protected:
    void SetUp() override {
        if (_database.dialect() != SqlDialect::PostgreSQL) {
            if (Testing::postgresRequired())
                FAIL() << "LIMBER_REQUIRE_POSTGRES=1 but LIMBER_TEST_POSTGRES names no server";
            GTEST_SKIP() << "LIMBER_TEST_POSTGRES is not set";
        }
        _name = "limber_pool_test_" + std::to_string(::getpid());
        _config = _database.config();
        _config.connection += " application_name=" + _name;
        _config.readers = 4;
    }

    /// Terminates every connection of the database under test; returns how many.
    int terminateConnections() {
        Poco::Data::Session admin("PostgreSQL", _database.config().connection);
        int terminated = 0;
        admin << "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                 "WHERE application_name = '" +
                     _name + "') AS ended",
            into(terminated), now;
        // pg_terminate_backend only signals: wait until the connections are gone.
        for (int i = 0; i < 100; ++i) {
            int left = 0;
            admin << "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + _name +
                         "'",
                into(left), now;
            if (left == 0)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return terminated;
    }

    Testing::TestDatabase _database{SqlDialect::PostgreSQL};
    DatabaseConfig _config;
    std::string _name;
};

/// Reads on `threads` threads at once, so that the pool opens several connections.
void readAtOnce(Database& database, int threads, std::atomic<int>& failures) {
    std::vector<std::thread> readers;
    for (int i = 0; i < threads; ++i)
        readers.emplace_back([&] {
            try {
                database.read([](Poco::Data::Session& session) {
                    int one = 0;
                    session << "SELECT 1 FROM pg_sleep(0.05)", into(one), now;
                    return one;
                });
            } catch (...) {
                ++failures;
            }
        });
    for (auto& reader : readers)
        reader.join();
}

TEST_F(PostgresConnectionsLost, NoReadOrWriteFailsOnAConnectionTheServerClosedWhileIdle) {
    Database database(_config);
    std::atomic<int> failures = 0;
    readAtOnce(database, 4, failures);
    database.write([](Poco::Data::Session& session) { session << "SELECT 1", now; });
    ASSERT_EQ(failures, 0);
    // Every reader and writer connection, idle now, is closed by the server.
    ASSERT_GE(terminateConnections(), 5);
    readAtOnce(database, 4, failures);
    EXPECT_EQ(failures, 0) << "reads failed on connections closed while idle";
    EXPECT_NO_THROW(database.write([](Poco::Data::Session& session) {
        session << "SELECT 1", now;
    })) << "a write failed on a writer connection closed while idle";
}

TEST_F(PostgresConnectionsLost, AConnectionLostUnderARequestIsStoreUnavailable) {
    Database database(_config);
    auto terminateSelf = [](Poco::Data::Session& session) {
        session << "SELECT pg_terminate_backend(pg_backend_pid())", now;
        session << "SELECT 1", now;
    };
    EXPECT_THROW(database.read(terminateSelf), StoreUnavailable);
    EXPECT_THROW(database.snapshot(terminateSelf), StoreUnavailable);
    EXPECT_THROW(database.write(terminateSelf), StoreUnavailable);
    // And the next requests get new connections.
    EXPECT_NO_THROW(
        database.read([](Poco::Data::Session& session) { session << "SELECT 1", now; }));
    EXPECT_NO_THROW(
        database.write([](Poco::Data::Session& session) { session << "SELECT 1", now; }));
}

TEST(DatabaseUnavailable, AServerThatDoesNotAnswerIsStoreUnavailable) {
    DatabaseConfig config;
    config.dialect = SqlDialect::PostgreSQL;
    // A loopback port nothing listens on (the discard port).
    config.connection = "host=127.0.0.1 port=9 dbname=limber user=limber connect_timeout=2";
    EXPECT_THROW(Database database(config), StoreUnavailable);
}

/// A SQLite database whose write lock another process holds past the lock wait: what waited
/// is answered as the database not answering (503, try again), not as an internal error.
TEST(DatabaseUnavailable, ASqliteDatabaseLockedPastTheWaitIsStoreUnavailable) {
    Testing::TestDatabase file{SqlDialect::SQLite};
    DatabaseConfig config = file.config();
    config.lockWaitLimit = std::chrono::milliseconds(200);
    Database database(config);
    database.write(
        [](Poco::Data::Session& session) { session << "CREATE TABLE visits (n INTEGER)", now; });
    auto insert = [](Poco::Data::Session& session) {
        session << "INSERT INTO visits (n) VALUES (1)", now;
    };

    // Another process (here another connection) holds the write lock.
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session other("SQLite", config.connection);
    other << "BEGIN IMMEDIATE", now;
    other << "INSERT INTO visits (n) VALUES (2)", now;
    EXPECT_THROW(database.write(insert), StoreUnavailable) << "a write";
    EXPECT_THROW(database.read(insert), StoreUnavailable) << "a statement on a reader";
    // Two writes waiting together in one batch both fail that way.
    std::atomic<int> unavailable = 0;
    std::vector<std::thread> writers;
    for (int i = 0; i < 2; ++i)
        writers.emplace_back([&] {
            try {
                database.write(insert);
            } catch (const StoreUnavailable&) {
                ++unavailable;
            }
        });
    for (auto& writer : writers)
        writer.join();
    EXPECT_EQ(unavailable, 2);

    // Once the lock is released, the same connections write again.
    other << "COMMIT", now;
    EXPECT_NO_THROW(database.write(insert));
    EXPECT_NO_THROW(database.read(insert));
    int rows = 0;
    database.read([&](Poco::Data::Session& session) {
        session << "SELECT COUNT(*) FROM visits", into(rows), now;
    });
    EXPECT_EQ(rows, 3);
}

/// Errors that are not about the lock keep their own type (a constraint stays a 4xx or 500
/// of its own, decided above the store).
TEST(DatabaseUnavailable, OtherSqliteErrorsAreNotStoreUnavailable) {
    Testing::TestDatabase file{SqlDialect::SQLite};
    Database database(file.config());
    auto bad = [](Poco::Data::Session& session) {
        session << "INSERT INTO nowhere VALUES (1)", now;
    };
    try {
        database.write(bad);
        ADD_FAILURE() << "the write did not fail";
    } catch (const StoreUnavailable& e) {
        ADD_FAILURE() << "a missing table was reported as unavailable: " << e.displayText();
    } catch (const Poco::Exception&) {
    }
    try {
        database.read(bad);
        ADD_FAILURE() << "the read did not fail";
    } catch (const StoreUnavailable& e) {
        ADD_FAILURE() << "a missing table was reported as unavailable: " << e.displayText();
    } catch (const Poco::Exception&) {
    }
}

} // namespace
} // namespace Limber
