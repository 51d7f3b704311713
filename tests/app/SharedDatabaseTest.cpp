// Several Limber processes on one SQLite file at once, as a clinic runs them: the server
// answering the portal while `limber demo` fills the database, `limber user add` adds people
// and `limber report` reads. None may fail with "database is locked", and nothing is lost.
#include "app/Application.h"
#include "services/DemoClinic.h"
#include "store/Database.h"
#include "store/SqlStore.h"
#include "support/HttpTestClient.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"

#include <Poco/File.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <regex>
#include <thread>

using namespace Limber;
using Testing::contains;

namespace {

/// `limber serve` on a data folder, in a process of its own; stopped (SIGINT) on destruction.
class ServerProcess {
public:
    explicit ServerProcess(const std::string& dataDir, const std::vector<std::string>& more = {})
        : _process(Poco::Process::launch(LIMBER_BINARY, serveArguments(dataDir, more), nullptr,
                                         &_out, &_err)),
          _lines(_out) {
        std::string first;
        std::getline(_lines, first);
        std::smatch match;
        if (std::regex_search(first, match, std::regex("http://127\\.0\\.0\\.1:(\\d+)/")))
            _port = static_cast<unsigned short>(std::stoi(match[1]));
        _errors = std::async(std::launch::async, [this] {
            Poco::PipeInputStream err(_err);
            std::string text;
            Poco::StreamCopier::copyToString(err, text);
            return text;
        });
    }

    static std::vector<std::string> serveArguments(const std::string& dataDir,
                                                   const std::vector<std::string>& more) {
        std::vector<std::string> args = {"serve", "--port", "0", "--data-dir", dataDir};
        args.insert(args.end(), more.begin(), more.end());
        return args;
    }

    ~ServerProcess() {
        if (!_stopped)
            stop();
    }

    unsigned short port() const { return _port; }

    /// Stops the server; returns its exit code.
    int stop() {
        _stopped = true;
        Poco::Process::requestTermination(_process.id());
        int code = _process.wait();
        std::string rest;
        Poco::StreamCopier::copyToString(_lines, rest);
        return code;
    }

    /// What the server wrote on stderr (after stop()).
    std::string errors() { return _errors.get(); }

private:
    Poco::Pipe _out;
    Poco::Pipe _err;
    Poco::ProcessHandle _process;
    Poco::PipeInputStream _lines;
    std::future<std::string> _errors;
    unsigned short _port = 0;
    bool _stopped = false;
};

bool demoUserExists(Database& database) {
    return database.read([](Poco::Data::Session& session) {
        int count = 0;
        std::string email = DemoLogin::EMAIL;
        session << "SELECT COUNT(*) FROM users WHERE email = ?", Poco::Data::Keywords::into(count),
            Poco::Data::Keywords::use(email), Poco::Data::Keywords::now;
        return count > 0;
    });
}

std::string patientJson(int i) {
    return R"({"name": "Walk-in )" + std::to_string(i) + R"(", "recordNumber": "WALK-)" +
           std::to_string(i) + R"(", "language": "es"})";
}

} // namespace

TEST(SharedDatabase, TheServerAndTheCommandsWriteOneSqliteFileAtOnceAndLoseNothing) {
    Testing::TempDir dir;
    ServerProcess server(dir.path());
    ASSERT_NE(server.port(), 0) << "the server printed no address";

    // The demo fills the database the server serves; sign in as soon as it made its user.
    auto demo = std::async(std::launch::async, [&] {
        return Testing::runProcess(LIMBER_BINARY, {"demo", "--data-dir", dir.path(), "--patients",
                                                   "400", "--days", "120"});
    });
    {
        // Watched from the file, not by signing in: failed sign-ins would be throttled.
        Database watcher(DatabaseConfig{SqlDialect::SQLite, dir.file("limber.db")});
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!demoUserExists(watcher) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    Testing::HttpTestClient portal(server.port());
    ASSERT_EQ(portal.signIn(DemoLogin::EMAIL, DemoLogin::PASSWORD).status, 200);
    ASSERT_EQ(demo.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
        << "the demo was over before the server wrote anything: nothing ran at once";

    // While the demo writes: the server adds patients, `limber user add` adds therapists and
    // `limber report` reads, all at once.
    constexpr int PATIENTS = 30;
    constexpr int USERS = 6;
    auto users = std::async(std::launch::async, [&] {
        std::vector<Testing::ProcessResult> results;
        for (int i = 0; i < USERS; ++i)
            results.push_back(Testing::runProcess(
                LIMBER_BINARY,
                {"user", "add", "therapist" + std::to_string(i) + "@bayview.example", "--name",
                 "Therapist " + std::to_string(i), "--data-dir", dir.path()},
                "a long enough password\n"));
        return results;
    });
    auto reports = std::async(std::launch::async, [&] {
        std::vector<Testing::ProcessResult> results;
        for (int i = 0; i < 3; ++i)
            results.push_back(Testing::runProcess(
                LIMBER_BINARY, {"report", "clinic", "--data-dir", dir.path(), "--format", "csv"}));
        return results;
    });
    std::vector<int> statuses;
    for (int i = 0; i < PATIENTS; ++i) {
        Testing::HttpReply created = portal.postJson("/api/v1/patients", patientJson(i));
        statuses.push_back(created.status);
        EXPECT_EQ(created.status, 201) << created.body;
    }

    Testing::ProcessResult demoResult = demo.get();
    EXPECT_EQ(demoResult.exitCode, 0) << demoResult.err;
    EXPECT_FALSE(contains(demoResult.err, "locked")) << demoResult.err;
    for (const Testing::ProcessResult& added : users.get()) {
        EXPECT_EQ(added.exitCode, 0) << added.err;
        EXPECT_FALSE(contains(added.err, "locked")) << added.err;
    }
    for (const Testing::ProcessResult& report : reports.get()) {
        EXPECT_EQ(report.exitCode, 0) << report.err;
        EXPECT_FALSE(contains(report.err, "locked")) << report.err;
    }
    EXPECT_EQ(server.stop(), 0);
    std::string serverErrors = server.errors();
    EXPECT_FALSE(contains(serverErrors, "locked")) << serverErrors;

    // Nothing lost: every patient the demo said it made, every one the server answered 201
    // for, every user added.
    std::smatch made;
    ASSERT_TRUE(std::regex_search(demoResult.out, made, std::regex(", (\\d+) patients, ")))
        << demoResult.out;
    Settings settings = loadSettings({{"data.dir", dir.path()}}, std::nullopt);
    Application application(settings);
    Store& store = application.store();
    ASSERT_EQ(store.clinics().size(), 1u);
    std::int64_t clinicId = store.clinics().front().id;
    std::vector<Patient> patients = store.patients(clinicId);
    EXPECT_EQ(patients.size(), std::stoul(made[1]) + PATIENTS);
    for (int i = 0; i < PATIENTS; ++i)
        EXPECT_TRUE(std::any_of(
            patients.begin(), patients.end(),
            [&](const Patient& p) { return p.recordNumber == "WALK-" + std::to_string(i); }))
            << "WALK-" << i;
    for (int i = 0; i < USERS; ++i)
        EXPECT_TRUE(store.userByEmail("therapist" + std::to_string(i) + "@bayview.example")) << i;
}

namespace {

/// Starts processes at the same moment on a new data folder whose database is on engine, in
/// rounds; each round's processes must all succeed and leave their users and nothing else.
void startTogether(SqlDialect engine, int rounds) {
    constexpr int PROCESSES = 5;
    constexpr int ADDING = 2; // the others verify the audit trail: opening is what they race for
    for (int round = 0; round < rounds; ++round) {
        Testing::TempDir dir;
        Testing::TestDatabase database(engine);
        if (::testing::Test::IsSkipped() || ::testing::Test::HasFailure())
            return; // no PostgreSQL server is named: skipped, or failed when one is required
        std::vector<std::string> where = {"--data-dir", dir.path()};
        if (engine == SqlDialect::PostgreSQL) {
            Testing::writeFile(dir.file("limber.properties"),
                               "store.driver = postgresql\nstore.postgresql = " +
                                   database.config().connection + "\n");
            where.insert(where.end(), {"--config", dir.file("limber.properties")});
        }
        std::vector<std::future<Testing::ProcessResult>> started;
        for (int i = 0; i < PROCESSES; ++i)
            started.push_back(std::async(std::launch::async, [&where, i] {
                std::vector<std::string> args = {"audit", "verify"};
                if (i < ADDING)
                    args = {
                        "user",   "add",          "admin" + std::to_string(i) + "@clinic.example",
                        "--name", "Admin",        "--role",
                        "admin",  "--new-clinic", "Clinic " + std::to_string(i)};
                args.insert(args.end(), where.begin(), where.end());
                return Testing::runProcess(LIMBER_BINARY, args, "a long enough password\n");
            }));
        for (auto& process : started) {
            Testing::ProcessResult result = process.get();
            EXPECT_EQ(result.exitCode, 0) << "round " << round << ": " << result.err;
        }
        std::vector<std::string> files;
        Poco::File(dir.path()).list(files);
        for (const std::string& file : files)
            EXPECT_FALSE(contains(file, ".part")) << "left behind: " << file;
        SqlStore store(engine == SqlDialect::SQLite
                           ? DatabaseConfig{SqlDialect::SQLite, dir.file("limber.db")}
                           : database.config());
        EXPECT_EQ(store.clinics().size(), static_cast<std::size_t>(ADDING));
        for (int i = 0; i < ADDING; ++i)
            EXPECT_TRUE(store.userByEmail("admin" + std::to_string(i) + "@clinic.example"));
    }
}

} // namespace

TEST(SharedDatabase, CommandsStartedTogetherOnANewDataFolderAllSucceed) {
    // Each start creates the database, migrates it and makes the server key if they are not
    // there yet: processes starting at the same moment must agree, not trip over each other.
    // A race, so several rounds: before migrations were asked for again under the write lock,
    // about three runs in four failed ("table clinics already exists").
    startTogether(SqlDialect::SQLite, 8);
}

TEST(SharedDatabase, CommandsStartedTogetherOnANewPostgresqlDatabaseAllSucceed) {
    // Before the advisory lock, every round failed: "duplicate key value violates unique
    // constraint pg_type_typname_nsp_index" (two CREATE TABLE IF NOT EXISTS at once).
    startTogether(SqlDialect::PostgreSQL, 3);
}

namespace {

/// Two `limber serve --demo` started at the same moment on a new database, in rounds: both
/// serve, neither fails, and the database holds one demo clinic.
void demoTogether(SqlDialect engine, int rounds) {
    for (int round = 0; round < rounds; ++round) {
        Testing::TempDir dir;
        Testing::TestDatabase database(engine);
        if (::testing::Test::IsSkipped() || ::testing::Test::HasFailure())
            return; // no PostgreSQL server is named: skipped, or failed when one is required
        std::vector<std::string> more = {"--demo"};
        DatabaseConfig config{SqlDialect::SQLite, dir.file("limber.db")};
        if (engine == SqlDialect::PostgreSQL) {
            Testing::writeFile(dir.file("limber.properties"),
                               "store.driver = postgresql\nstore.postgresql = " +
                                   database.config().connection + "\n");
            more.insert(more.end(), {"--config", dir.file("limber.properties")});
            config = database.config();
        }
        auto start = [&] { return std::make_unique<ServerProcess>(dir.path(), more); };
        auto first = std::async(std::launch::async, start);
        auto second = std::async(std::launch::async, start);
        std::vector<std::unique_ptr<ServerProcess>> servers;
        servers.push_back(first.get());
        servers.push_back(second.get());
        for (auto& server : servers) {
            EXPECT_NE(server->port(), 0) << "round " << round << ": a server did not start";
            EXPECT_EQ(server->stop(), 0) << "round " << round;
            EXPECT_EQ(server->errors(), "") << "round " << round;
        }
        SqlStore store(config);
        EXPECT_EQ(store.clinics().size(), 1u) << "round " << round;
    }
}

} // namespace

TEST(SharedDatabase, TwoDemoServersStartedTogetherSeedOneClinic) {
    // Before seeding ran under the database-wide lock, both saw an empty database: one
    // failed ("a user with the email ... already exists") or an empty clinic was left.
    demoTogether(SqlDialect::SQLite, 3);
}

TEST(SharedDatabase, TwoDemoServersStartedTogetherOnPostgresqlSeedOneClinic) {
    demoTogether(SqlDialect::PostgreSQL, 3);
}

TEST(SharedDatabase, WritersWaitForAnotherProcesssLongTransactionInsteadOfFailing) {
    // Another process holds the write lock longer than a pool's wait (5 s) — a bulk load, a
    // slow disk: the server's write and a command's write wait for it, then succeed.
    Testing::TempDir dir;
    ASSERT_EQ(Testing::runProcess(LIMBER_BINARY,
                                  {"user", "add", "dana@bayview.example", "--name", "Dana",
                                   "--new-clinic", "Bayview PT", "--data-dir", dir.path()},
                                  "a long enough password\n")
                  .exitCode,
              0);
    ServerProcess server(dir.path());
    ASSERT_NE(server.port(), 0);
    Testing::HttpTestClient portal(server.port());
    ASSERT_EQ(portal.signIn("dana@bayview.example", "a long enough password").status, 200);

    constexpr auto HELD = std::chrono::milliseconds(6500);
    Database other(DatabaseConfig{SqlDialect::SQLite, dir.file("limber.db")});
    std::promise<void> locked;
    auto holder = std::async(std::launch::async, [&] {
        other.write([&](Poco::Data::Session& session) {
            session << "INSERT INTO clinics (name, address, phone) VALUES ('Held', '', '')",
                Poco::Data::Keywords::now;
            locked.set_value();
            std::this_thread::sleep_for(HELD);
        });
    });
    locked.get_future().wait();
    auto started = std::chrono::steady_clock::now();
    auto added = std::async(std::launch::async, [&] {
        return Testing::runProcess(LIMBER_BINARY,
                                   {"user", "add", "eve@bayview.example", "--name", "Eve",
                                    "--clinic", "1", "--data-dir", dir.path()},
                                   "a long enough password\n");
    });
    Testing::HttpReply created = portal.postJson("/api/v1/patients", patientJson(1));
    auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(created.status, 201) << created.body;
    EXPECT_GE(waited, HELD - std::chrono::milliseconds(1000)) << "it did not wait for the lock";
    Testing::ProcessResult user = added.get();
    EXPECT_EQ(user.exitCode, 0) << user.err;
    holder.get();
    EXPECT_EQ(server.stop(), 0);
    EXPECT_FALSE(contains(server.errors(), "locked"));

    Settings settings = loadSettings({{"data.dir", dir.path()}}, std::nullopt);
    Application application(settings);
    EXPECT_EQ(application.store().clinics().size(), 2u) << "the held transaction's clinic";
    EXPECT_TRUE(application.store().userByEmail("eve@bayview.example"));
    EXPECT_EQ(application.store().patients(1).size(), 1u);
}
