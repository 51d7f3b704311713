#pragma once

#include "app/Application.h"
#include "support/HttpTestClient.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"
#include "web/WebServer.h"

#include <Poco/Data/Session.h>

#include <functional>
#include <memory>
#include <string>

namespace Limber::Testing {

/// A whole Limber (application and HTTP server) on a free port over a fresh database on the test
/// engine (a SQLite file in its data folder, or a PostgreSQL schema: see TestDatabase), with a
/// clinic and a therapist who can sign in. The clock is fixed on 2026-11-25.
class TestServer {
public:
    static constexpr const char* EMAIL = "dana@bayview.example";
    static constexpr const char* PASSWORD = "a long enough password";

    /// configure: changes to the settings (server limits, proxies) before the server starts.
    explicit TestServer(std::size_t maxBodyBytes = 64 * 1024,
                        const std::function<void(Settings&)>& configure = {}) {
        Settings settings;
        settings.dataDir = _dir.path();
        settings.server.port = 0;
        settings.server.threads = 4;
        settings.maxBodyBytes = maxBodyBytes;
        settings.fonts = defaultFonts();
        if (_database.dialect() == SqlDialect::PostgreSQL) {
            settings.storeDriver = "postgresql";
            settings.postgresConnection = _database.config().connection;
        }
        if (configure)
            configure(settings);
        auto clock = std::make_unique<FixedClock>(Date::parse("2026-11-25"));
        _clock = clock.get();
        _application =
            std::make_unique<Application>(settings, std::move(clock), ApplicationRole::Server);
        _clinicId = _application->accounts().createClinic({0, "Bayview Physical Therapy", "", ""});
        _application->accounts().createUser(_clinicId, EMAIL, "Dana Whitfield", Role::Therapist,
                                            PASSWORD);
        _server = std::make_unique<WebServer>(_application->webContext(), settings.server);
        _application->links().setPublicUrl("http://127.0.0.1:" + std::to_string(port()));
        _server->start();
    }

    ~TestServer() { _server->stop(); }

    unsigned short port() const { return _server->port(); }
    HttpTestClient client() const { return HttpTestClient(port()); }
    /// A client already signed in as the clinic's therapist.
    HttpTestClient signedIn() const {
        HttpTestClient client(port());
        client.signIn(EMAIL, PASSWORD);
        return client;
    }
    Application& application() { return *_application; }
    SqlDialect dialect() const { return _database.dialect(); }
    /// Runs sql on the server's database on a connection of the test's own (to change what the
    /// database accepts under the server, say).
    void runSql(const std::string& sql) {
        Poco::Data::Session raw =
            _database.dialect() == SqlDialect::PostgreSQL
                ? Poco::Data::Session("PostgreSQL", _database.config().connection)
                : Poco::Data::Session("SQLite", _dir.path() + "/limber.db");
        raw << sql, Poco::Data::Keywords::now;
    }
    FixedClock& clock() { return *_clock; }
    std::int64_t clinicId() const { return _clinicId; }

private:
    TempDir _dir;
    TestDatabase _database;
    FixedClock* _clock = nullptr;
    std::unique_ptr<Application> _application;
    std::unique_ptr<WebServer> _server;
    std::int64_t _clinicId = 0;
};

/// A program body for the API: the seed's four strategies, starting on start.
inline std::string programJson(const std::string& start = "2026-11-16",
                               const std::string& firstExercise = "back-flexion-stretch",
                               const std::string& firstDose = R"({"holdSeconds": 30})") {
    return R"({"title": "Runner's back care", "startDate": ")" + start +
           R"(", "endDate": "2026-12-27", "items": [{"exercise": ")" + firstExercise +
           R"(", "dose": )" + firstDose +
           R"(}, {"exercise": "tree-pose"}], "education": ["right-shoes", "warm-up"]})";
}

} // namespace Limber::Testing
