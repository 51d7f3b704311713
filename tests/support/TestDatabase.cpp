#include "TestDatabase.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Exception.h>
#include <Poco/Process.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <string_view>

namespace Limber::Testing {

using Poco::Data::Keywords::now;

namespace {

bool environmentSays(const char* name, std::string_view value) {
    const char* set = std::getenv(name);
    return set && std::string_view(set) == value;
}

/// Marks the running test skipped, or failed when PostgreSQL is required; returns to the caller
/// (a skip or a fatal failure recorded in a fixture's constructor keeps its body from running).
void reportMissingServer() {
    if (postgresRequired())
        FAIL() << "LIMBER_REQUIRE_POSTGRES=1 but LIMBER_TEST_POSTGRES names no PostgreSQL server "
                  "(source tests/start-postgres.sh)";
    GTEST_SKIP() << "LIMBER_TEST_POSTGRES is not set";
}

} // namespace

SqlDialect testEngine() {
    return environmentSays("LIMBER_TEST_ENGINE", "postgresql") ? SqlDialect::PostgreSQL
                                                               : SqlDialect::SQLite;
}

bool postgresRequired() {
    return environmentSays("LIMBER_REQUIRE_POSTGRES", "1");
}

TestDatabase::TestDatabase(SqlDialect dialect) {
    _config.dialect = dialect;
    if (dialect == SqlDialect::SQLite) {
        _config.connection = _dir.file("limber.db");
        return;
    }
    _config.connection = postgresConnection();
    if (_config.connection.empty()) {
        reportMissingServer();
        _config = {SqlDialect::SQLite, _dir.file("limber.db")};
        return;
    }
    Poco::Data::PostgreSQL::Connector::registerConnector();
    static std::atomic<int> counter{0};
    _schema = "test_" + std::to_string(Poco::Process::id()) + "_" + std::to_string(++counter);
    _admin = std::make_unique<Poco::Data::Session>("PostgreSQL", _config.connection);
    *_admin << "SET client_min_messages = warning", now;
    *_admin << "DROP SCHEMA IF EXISTS " + _schema + " CASCADE", now;
    *_admin << "CREATE SCHEMA " + _schema, now;
    _config.connection += " options='-csearch_path=" + _schema + "'";
}

TestDatabase::~TestDatabase() {
    if (!_admin)
        return;
    try {
        *_admin << "DROP SCHEMA IF EXISTS " + _schema + " CASCADE", now;
    } catch (...) {
        // The server went away; the schema's name is unique, so it troubles no later test.
    }
}

} // namespace Limber::Testing
