// PostgreSQL sessions that keep their prepared statements: a text is prepared once per
// connection; a statement survives its connection being lost (no double free); values,
// errors and container bindings behave as with Poco's PostgreSQL statements; deferred commands
// travel with the next statement.
#include "store/PostgresSession.h"

#include "support/TestDatabase.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/LOB.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/Statement.h>
#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/Nullable.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <libpq-fe.h>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace Limber {
namespace {

using namespace Poco::Data::Keywords;

class PostgresSession : public ::testing::Test {
protected:
    Testing::TestDatabase database{SqlDialect::PostgreSQL};
    std::unique_ptr<Poco::Data::Session> session;

    void SetUp() override {
        ASSERT_EQ(database.dialect(), SqlDialect::PostgreSQL);
        session = std::make_unique<Poco::Data::Session>(
            openPostgresSession(database.config().connection));
        *session << "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)", now;
        for (int i = 1; i <= 5; ++i) {
            std::string name = "item " + std::to_string(i);
            *session << "INSERT INTO items (id, name) VALUES ($1, $2)", bind(i), bind(name), now;
        }
    }

    std::string nameOf(int id) {
        std::vector<std::string> names;
        *session << "SELECT name FROM items WHERE id = $1", bind(id), into(names), now;
        return names.empty() ? std::string("(none)") : names.front();
    }

    /// Ends the session's connection from the server's side, as a restart does.
    void terminateConnection() {
        int pid = 0;
        *session << "SELECT pg_backend_pid()", into(pid), now;
        Poco::Data::Session admin = openPostgresSession(database.config().connection);
        bool ended = false;
        admin << "SELECT pg_terminate_backend($1)", bind(pid), into(ended), now;
        ASSERT_TRUE(ended);
    }

    std::int64_t preparedOnServer() {
        std::int64_t count = 0;
        *session << "SELECT count(*) FROM pg_prepared_statements", into(count), now;
        return count;
    }
};

TEST_F(PostgresSession, AQueryRunAgainIsNotPreparedAgain) {
    EXPECT_EQ(nameOf(1), "item 1");
    const PostgresStatementCounts before = postgresStatementCounts(*session);
    for (int round = 0; round < 20; ++round)
        for (int id = 1; id <= 5; ++id)
            EXPECT_EQ(nameOf(id), "item " + std::to_string(id));
    const PostgresStatementCounts after = postgresStatementCounts(*session);
    EXPECT_EQ(after.prepared - before.prepared, 0u);
    EXPECT_EQ(after.reused - before.reused, 100u);
    // Poco's statements deallocated theirs after each run; these stay, one per text.
    EXPECT_EQ(preparedOnServer(), static_cast<std::int64_t>(after.kept + 1));
}

TEST_F(PostgresSession, AStatementRunAgainAfterItsConnectionWasLostFailsAndIsDestroyedCleanly) {
    // Poco's own statements freed their last result twice here and brought the process down.
    int id = 1;
    std::vector<std::string> names;
    auto select = std::make_unique<Poco::Data::Statement>(*session);
    *select << "SELECT name FROM items WHERE id = $1", use(id), into(names);
    select->execute();
    ASSERT_EQ(names, std::vector<std::string>{"item 1"});

    terminateConnection();
    id = 2;
    EXPECT_THROW(select->execute(), Poco::Data::DataException);
    EXPECT_FALSE(session->isConnected());
    EXPECT_THROW(select->execute(), Poco::Exception);
    select.reset();
    EXPECT_THROW(nameOf(3), Poco::Data::DataException);

    // A new connection prepares its texts afresh.
    session =
        std::make_unique<Poco::Data::Session>(openPostgresSession(database.config().connection));
    EXPECT_EQ(nameOf(3), "item 3");
}

TEST_F(PostgresSession, AStatementObjectRunsAgainWithItsBindingsCurrentValues) {
    int id = 1;
    std::vector<std::string> names;
    Poco::Data::Statement select(*session);
    select << "SELECT name FROM items WHERE id = $1", use(id), into(names);
    for (id = 1; id <= 5; ++id) {
        names.clear();
        select.execute();
        EXPECT_EQ(names, std::vector<std::string>{"item " + std::to_string(id)});
    }
}

TEST_F(PostgresSession, ContainerBindingsRunTheStatementOncePerRow) {
    std::vector<int> ids{10, 11, 12};
    std::vector<std::string> names{"ten", "eleven", "twelve"};
    *session << "INSERT INTO items (id, name) VALUES ($1, $2)", use(ids), use(names), now;
    EXPECT_EQ(nameOf(11), "eleven");
    EXPECT_EQ(nameOf(12), "twelve");

    // A row that fails stops the rest with the server's reason; the statement is destroyed
    // cleanly after a run that succeeded and one that failed.
    std::vector<int> more{20, 21, 22};
    std::vector<std::string> clashing{"twenty", "item 1", "twenty-two"};
    try {
        *session << "INSERT INTO items (id, name) VALUES ($1, $2)", use(more), use(clashing), now;
        FAIL() << "a duplicate name was stored";
    } catch (const Poco::Data::PostgreSQL::StatementException& e) {
        EXPECT_NE(e.displayText().find("duplicate key value"), std::string::npos)
            << e.displayText();
        EXPECT_NE(e.displayText().find("State: 23505"), std::string::npos) << e.displayText();
    }
    EXPECT_EQ(nameOf(20), "twenty");
    EXPECT_EQ(nameOf(22), "(none)");
}

TEST_F(PostgresSession, ValuesReadBackAsTheyWereWritten) {
    *session << "CREATE TABLE kinds (big BIGINT, small SMALLINT, flag BOOLEAN, ratio DOUBLE "
                "PRECISION, label TEXT, maybe TEXT, bytes BYTEA, day DATE, stamp TIMESTAMPTZ)",
        now;
    std::int64_t big = std::numeric_limits<std::int64_t>::min();
    std::int16_t small = -32768;
    bool flag = true;
    double ratio = 0.1 + 0.2;
    std::string label = "Zoë's \"hip\" stretch, 90°\nsecond line";
    Poco::Nullable<std::string> none;
    Poco::Data::BLOB bytes(std::vector<unsigned char>{0, 1, 0x7f, 0x80, 0xff, 0});
    *session << "INSERT INTO kinds VALUES ($1, $2, $3, $4, $5, $6, $7, '2026-03-29', "
                "'2026-03-29 01:30:00+00')",
        use(big), use(small), use(flag), use(ratio), use(label), use(none), use(bytes), now;

    std::int64_t bigOut = 0;
    std::int16_t smallOut = 0;
    bool flagOut = false;
    double ratioOut = 0;
    std::string labelOut;
    Poco::Nullable<std::string> maybeOut("not null");
    Poco::Data::BLOB bytesOut;
    Poco::Data::Date dayOut;
    Poco::DateTime stampOut;
    *session << "SELECT big, small, flag, ratio, label, maybe, bytes, day, stamp FROM kinds",
        into(bigOut), into(smallOut), into(flagOut), into(ratioOut), into(labelOut), into(maybeOut),
        into(bytesOut), into(dayOut), into(stampOut), now;
    EXPECT_EQ(bigOut, big);
    EXPECT_EQ(smallOut, small);
    EXPECT_TRUE(flagOut);
    EXPECT_NEAR(ratioOut, ratio, 1e-12);
    EXPECT_EQ(labelOut, label);
    EXPECT_TRUE(maybeOut.isNull());
    EXPECT_EQ(bytesOut.content(), bytes.content());
    EXPECT_EQ(dayOut, Poco::Data::Date(2026, 3, 29));
    EXPECT_EQ(stampOut, Poco::DateTime(2026, 3, 29, 1, 30, 0));

    // Dynamic values take the column's type.
    Poco::Dynamic::Var number, text, day, missing;
    *session << "SELECT 7::int8, 'x'::text, DATE '2026-03-29', NULL::int", into(number), into(text),
        into(day), into(missing), now;
    EXPECT_EQ(number.convert<Poco::Int64>(), 7);
    EXPECT_EQ(text.toString(), "x");
    EXPECT_EQ(day.extract<Poco::Data::Date>(), Poco::Data::Date(2026, 3, 29));
    EXPECT_TRUE(missing.isEmpty());

    // Integers read as the smaller type they were asked for; a text is no number.
    std::int32_t wide = 0;
    *session << "SELECT 2147483647", into(wide), now;
    EXPECT_EQ(wide, 2147483647);
    std::vector<std::string> many;
    *session << "SELECT name FROM items ORDER BY id", into(many), now;
    EXPECT_EQ(many.size(), 5u);
}

TEST_F(PostgresSession, AFailedTransactionRollsBackAndTheKeptStatementsStillRun) {
    EXPECT_EQ(nameOf(1), "item 1");
    *session << "BEGIN", now;
    std::string clash = "item 2";
    EXPECT_THROW((*session << "UPDATE items SET name = $1 WHERE id = 1", bind(clash), now),
                 Poco::Data::PostgreSQL::StatementException);
    // Nothing runs in an aborted transaction, prepared before or not.
    EXPECT_THROW(nameOf(1), Poco::Data::PostgreSQL::StatementException);
    EXPECT_THROW((*session << "SELECT 42", now), Poco::Data::PostgreSQL::StatementException);
    *session << "ROLLBACK", now;
    EXPECT_EQ(nameOf(1), "item 1");
    int answer = 0;
    *session << "SELECT 42", into(answer), now;
    EXPECT_EQ(answer, 42);
}

TEST_F(PostgresSession, TextsBeyondTheKeptNumberAreDeallocatedLeastRecentlyUsedFirst) {
    int id = 4;
    std::vector<std::string> names;
    Poco::Data::Statement held(*session);
    held << "SELECT name FROM items WHERE id = $1", use(id), into(names);
    held.execute();

    const std::size_t texts = POSTGRES_STATEMENTS_KEPT + 40;
    for (std::size_t i = 0; i < texts; ++i) {
        std::int64_t value = 0;
        *session << "SELECT " + std::to_string(i) + "::bigint", into(value), now;
        ASSERT_EQ(value, static_cast<std::int64_t>(i));
    }
    const PostgresStatementCounts counts = postgresStatementCounts(*session);
    EXPECT_LE(counts.kept, POSTGRES_STATEMENTS_KEPT);
    EXPECT_LE(preparedOnServer(), static_cast<std::int64_t>(POSTGRES_STATEMENTS_KEPT + 1));

    // The held statement's text was pushed out; it is prepared again when it runs again.
    names.clear();
    held.execute();
    EXPECT_EQ(names, std::vector<std::string>{"item 4"});
}

TEST_F(PostgresSession, TextsPreparedInsideTransactionsAreDeallocatedOnceOutside) {
    for (int round = 0; round < 3; ++round) {
        *session << "BEGIN", now;
        for (std::size_t i = 0; i < POSTGRES_STATEMENTS_KEPT; ++i) {
            std::int64_t value = 0;
            *session << "SELECT " + std::to_string(round) + " + " + std::to_string(i) + "::bigint",
                into(value), now;
            ASSERT_EQ(value, static_cast<std::int64_t>(round + i));
        }
        *session << "COMMIT", now;
    }
    EXPECT_EQ(nameOf(2), "item 2");
    EXPECT_LE(postgresStatementCounts(*session).kept, POSTGRES_STATEMENTS_KEPT);
    EXPECT_LE(preparedOnServer(), static_cast<std::int64_t>(POSTGRES_STATEMENTS_KEPT + 1));
}

TEST_F(PostgresSession, AStatementKeepsItsSessionAlive) {
    std::vector<std::string> names;
    int id = 3;
    auto select = std::make_unique<Poco::Data::Statement>(*session);
    *select << "SELECT name FROM items WHERE id = $1", use(id), into(names);
    session.reset();
    select->execute();
    EXPECT_EQ(names, std::vector<std::string>{"item 3"});
}

TEST_F(PostgresSession, ThePasswordIsNotInTheSessionsConnectionString) {
    Poco::Data::Session other =
        openPostgresSession(database.config().connection + " password='secret word'");
    EXPECT_EQ(other.uri().find("secret"), std::string::npos) << other.uri();
    EXPECT_NE(other.uri().find("search_path"), std::string::npos) << other.uri();
}

TEST_F(PostgresSession, NumbersThatDoNotFitTheTypeAskedAreAnErrorNotAZero) {
    Poco::Int8 small = 0;
    EXPECT_THROW((*session << "SELECT 300", into(small), now), Poco::Data::ExtractException);
    int whole = 0;
    EXPECT_THROW((*session << "SELECT 2.5::numeric", into(whole), now),
                 Poco::Data::ExtractException);
    bool flag = false;
    *session << "SELECT 2", into(flag), now;
    EXPECT_TRUE(flag);
    *session << "SELECT false", into(flag), now;
    EXPECT_FALSE(flag);
    *session << "SELECT -1", into(flag), now;
    EXPECT_TRUE(flag);
}

TEST_F(PostgresSession, AStatementWhoseTableChangedItsColumnsRunsAgain) {
    std::vector<std::string> names;
    *session << "SELECT * FROM items ORDER BY id LIMIT 1", into(names), now;
    *session << "ALTER TABLE items ADD COLUMN note TEXT", now;
    std::vector<int> ids;
    std::vector<std::string> again;
    std::vector<Poco::Nullable<std::string>> notes;
    *session << "SELECT * FROM items ORDER BY id LIMIT 1", into(ids), into(again), into(notes), now;
    EXPECT_EQ(ids, std::vector<int>{1});
    EXPECT_EQ(again, std::vector<std::string>{"item 1"});
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_TRUE(notes.front().isNull());
}

TEST_F(PostgresSession, ATextWithANulByteIsRefusedNotCut) {
    int id = 30;
    std::string name("before", 6);
    name += '\0';
    name += "after";
    try {
        *session << "INSERT INTO items (id, name) VALUES ($1, $2)", use(id), use(name), now;
        FAIL() << "a text with a NUL byte was stored";
    } catch (const Poco::Data::BindingException& e) {
        EXPECT_NE(e.message().find("parameter 2"), std::string::npos) << e.message();
    }
    EXPECT_EQ(nameOf(30), "(none)");
}

TEST_F(PostgresSession, TheTransactionStateIsTheServers) {
    EXPECT_FALSE(session->isTransaction());
    *session << "BEGIN", now;
    EXPECT_TRUE(session->isTransaction());
    std::string renamed = "renamed";
    *session << "UPDATE items SET name = $1 WHERE id = 1", bind(renamed), now;
    *session << "ROLLBACK", now;
    EXPECT_FALSE(session->isTransaction());
    EXPECT_EQ(nameOf(1), "item 1");

    // Poco's transaction calls.
    session->begin();
    EXPECT_TRUE(session->isTransaction());
    *session << "UPDATE items SET name = $1 WHERE id = 1", bind(renamed), now;
    session->commit();
    EXPECT_FALSE(session->isTransaction());
    EXPECT_EQ(nameOf(1), "renamed");
    session->begin();
    *session << "DELETE FROM items WHERE id = 1", now;
    session->rollback();
    EXPECT_EQ(nameOf(1), "renamed");

    // A failed statement leaves the transaction open (and failed) until it is ended.
    *session << "BEGIN", now;
    EXPECT_THROW((*session << "SELEKT", now), Poco::Data::PostgreSQL::StatementException);
    EXPECT_TRUE(session->isTransaction());
    session->rollback();
    EXPECT_FALSE(session->isTransaction());
}

TEST_F(PostgresSession, AServerThatDoesNotAnswerIsAConnectionFailureWithLibpqsReason) {
    try {
        openPostgresSession("host=127.0.0.1 port=1 dbname=none user=none connect_timeout=2");
        FAIL() << "connected to port 1";
    } catch (const Poco::Data::ConnectionFailedException& e) {
        EXPECT_NE(e.message().find("127.0.0.1"), std::string::npos) << e.message();
        EXPECT_EQ(e.message().find('\n'), std::string::npos) << e.message();
    }
}

TEST_F(PostgresSession, AClosedSessionSaysSoAndRunsNothing) {
    EXPECT_NE(postgresConnection(*session), nullptr);
    session->close();
    EXPECT_FALSE(session->isConnected());
    EXPECT_EQ(postgresConnection(*session), nullptr);
    EXPECT_THROW(nameOf(1), Poco::Exception);
}

TEST_F(PostgresSession, ASyntaxErrorNamesTheText) {
    try {
        *session << "SELEKT 1", now;
        FAIL() << "the text ran";
    } catch (const Poco::Data::PostgreSQL::StatementException& e) {
        EXPECT_NE(e.displayText().find("syntax error"), std::string::npos) << e.displayText();
        EXPECT_NE(e.displayText().find("State: 42601"), std::string::npos) << e.displayText();
        EXPECT_NE(e.displayText().find("SELEKT 1"), std::string::npos) << e.displayText();
    }
    EXPECT_EQ(nameOf(5), "item 5");
}

/// Counts the round trips a session's connection makes while it is alive: each one ends with
/// the client's Sync message, which libpq's trace shows.
class RoundTrips {
public:
    explicit RoundTrips(Poco::Data::Session& session)
        : _connection(postgresConnection(session)), _trace(std::tmpfile()) {
        PQtrace(_connection, _trace);
        PQsetTraceFlags(_connection, PQTRACE_SUPPRESS_TIMESTAMPS);
    }
    ~RoundTrips() {
        PQuntrace(_connection);
        std::fclose(_trace);
    }
    RoundTrips(const RoundTrips&) = delete;
    RoundTrips& operator=(const RoundTrips&) = delete;

    /// Round trips since the last call.
    int sinceLast() {
        std::fflush(_trace);
        std::rewind(_trace);
        int syncs = 0;
        char line[4096];
        while (std::fgets(line, sizeof line, _trace) != nullptr) {
            const std::string text(line);
            if (text.starts_with("F\t") && text.find("\tSync") != std::string::npos)
                ++syncs;
        }
        const int since = syncs - _counted;
        _counted = syncs;
        return since;
    }

private:
    PGconn* _connection;
    std::FILE* _trace;
    int _counted = 0;
};

TEST_F(PostgresSession, DeferredCommandsRunFirstInTheNextStatementsRoundTrip) {
    EXPECT_EQ(nameOf(1), "item 1"); // prepared before counting
    std::string renamed = "renamed";
    *session << "BEGIN", now;
    *session << "UPDATE items SET name = $1 WHERE id = 1", bind(renamed), now;
    *session << "COMMIT", now; // each text prepared before counting
    RoundTrips trips(*session);

    deferPostgresCommand(*session, "BEGIN");
    deferPostgresCommand(*session, "SAVEPOINT step");
    EXPECT_FALSE(session->isTransaction()) << "nothing is sent before the next statement";
    std::string changed = "changed";
    *session << "UPDATE items SET name = $1 WHERE id = 1", bind(changed), now;
    EXPECT_EQ(trips.sinceLast(), 1);
    EXPECT_TRUE(session->isTransaction());

    deferPostgresCommand(*session, "RELEASE SAVEPOINT step");
    *session << "COMMIT", now;
    EXPECT_EQ(trips.sinceLast(), 1);
    EXPECT_FALSE(session->isTransaction());
    EXPECT_EQ(nameOf(1), "changed");

    // Poco's own transaction calls take them along too.
    deferPostgresCommand(*session, "BEGIN");
    deferPostgresCommand(*session, "DELETE FROM items WHERE id = 2");
    session->rollback();
    EXPECT_FALSE(session->isTransaction());
    EXPECT_EQ(nameOf(2), "item 2");
}

TEST_F(PostgresSession, AFailedDeferredCommandIsTheNextStatementsFailureAndNothingAfterItRuns) {
    deferPostgresCommand(*session, "BEGIN");
    deferPostgresCommand(*session, "RELEASE SAVEPOINT never_made");
    std::string lost = "lost";
    try {
        *session << "UPDATE items SET name = $1 WHERE id = 2", bind(lost), now;
        FAIL() << "the statement after a failed command ran";
    } catch (const Poco::Data::PostgreSQL::StatementException& e) {
        EXPECT_NE(e.displayText().find("never_made"), std::string::npos) << e.displayText();
    }
    EXPECT_TRUE(session->isTransaction()) << "BEGIN ran, and its transaction failed";
    session->rollback();
    EXPECT_EQ(nameOf(2), "item 2");

    // A failure of the statement itself is its own, after the commands ran.
    deferPostgresCommand(*session, "BEGIN");
    std::string duplicate = "item 3";
    EXPECT_THROW((*session << "UPDATE items SET name = $1 WHERE id = 4", bind(duplicate), now),
                 Poco::Data::PostgreSQL::StatementException);
    EXPECT_TRUE(session->isTransaction());
    session->rollback();
    EXPECT_EQ(nameOf(4), "item 4");
}

TEST_F(PostgresSession, DeferredCommandsOnALostConnectionFailTheStatementWithoutHanging) {
    EXPECT_EQ(nameOf(1), "item 1"); // prepared: the pipeline is what meets the lost connection
    terminateConnection();
    deferPostgresCommand(*session, "BEGIN");
    EXPECT_THROW(nameOf(1), Poco::Exception);
    EXPECT_FALSE(session->isConnected());
    EXPECT_THROW(deferPostgresCommand(*session, "BEGIN"), Poco::Data::NotConnectedException);
}

} // namespace
} // namespace Limber
