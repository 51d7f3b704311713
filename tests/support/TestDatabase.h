#pragma once

#include "store/Database.h"
#include "support/TestFiles.h"

#include <Poco/Data/Session.h>

#include <memory>
#include <string>

namespace Limber::Testing {

/// The engine the suites above the store run on: SQLite, or PostgreSQL when the environment
/// says LIMBER_TEST_ENGINE=postgresql. CTest registers the service and web suites twice, the
/// second time with that setting, so that the same fixtures run on both engines.
SqlDialect testEngine();

/// Whether a missing PostgreSQL server fails the tests that need one instead of skipping them
/// (LIMBER_REQUIRE_POSTGRES=1: bash tests/run.sh sets it, as CI runs it).
bool postgresRequired();

/// A fresh, empty database of its own on an engine: a SQLite file in a temporary folder, or a
/// PostgreSQL schema of its own on the server named by LIMBER_TEST_POSTGRES (so that test
/// processes running at once never meet), dropped with everything in it on destruction.
/// When PostgreSQL is asked for and no server is named, the running test is marked skipped
/// (failed under LIMBER_REQUIRE_POSTGRES=1) and the database is a SQLite file after all, so
/// that what holds it can still be built. A fixture's body then does not run; a test that
/// makes a TestServer in its body goes on, on SQLite, and is reported skipped (or failed).
class TestDatabase {
public:
    explicit TestDatabase(SqlDialect dialect = testEngine());
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const DatabaseConfig& config() const { return _config; }
    SqlDialect dialect() const { return _config.dialect; }

private:
    TempDir _dir;
    std::string _schema;
    std::unique_ptr<Poco::Data::Session> _admin;
    DatabaseConfig _config;
};

} // namespace Limber::Testing
