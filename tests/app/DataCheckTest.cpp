// `limber data check`: text that earlier versions of Limber stored, checked against today's
// text rule, on SQLite and on PostgreSQL. The bad values are written straight into the
// database, as an older Limber (or a hand edit) left them.
#include "app/Application.h"
#include "store/Database.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"

#include <Poco/File.h>
#include <gtest/gtest.h>

using namespace Limber;
using Testing::contains;

namespace {

/// A demo clinic on the test engine, in a data folder whose configuration names the engine.
class StoredClinic {
public:
    StoredClinic() {
        Settings settings;
        settings.dataDir = _dir.path();
        settings.fonts = defaultFonts();
        std::string properties = "data.dir = " + _dir.path() + "\n";
        if (_database.dialect() == SqlDialect::PostgreSQL) {
            settings.storeDriver = "postgresql";
            settings.postgresConnection = _database.config().connection;
            properties +=
                "store.driver = postgresql\nstore.postgresql = " + _database.config().connection +
                "\n";
        }
        Testing::writeFile(_dir.file("limber.properties"), properties);
        // The application's own database: the data folder's file, or the test's schema.
        _config = _database.dialect() == SqlDialect::PostgreSQL
                      ? _database.config()
                      : DatabaseConfig{SqlDialect::SQLite, settings.databasePath()};
        Application application(settings);
        application.seedDemo();
    }

    Testing::ProcessResult check() {
        return Testing::runProcess(LIMBER_BINARY,
                                   {"data", "check", "--config", _dir.file("limber.properties")});
    }

    SqlDialect dialect() const { return _database.dialect(); }

    /// Runs SQL with one text bound (byte for byte: NUL and malformed UTF-8 included).
    void execute(const std::string& sql, const std::string& text) {
        Database database(_config);
        database.write([&](Poco::Data::Session& session) {
            std::string value = text;
            session << database.sql(sql), Poco::Data::Keywords::use(value),
                Poco::Data::Keywords::now;
        });
    }

    void execute(const std::string& sql) {
        Database database(_config);
        database.write([&](Poco::Data::Session& session) {
            session << database.sql(sql), Poco::Data::Keywords::now;
        });
    }

    std::string text(const std::string& sql) {
        Database database(_config);
        return database.read([&](Poco::Data::Session& session) {
            std::string value;
            session << sql, Poco::Data::Keywords::into(value), Poco::Data::Keywords::now;
            return value;
        });
    }

private:
    Testing::TempDir _dir;
    Testing::TestDatabase _database;
    DatabaseConfig _config;
};

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(text.substr(start, end - start));
    return lines;
}

/// The line of output that starts with prefix, or empty.
std::string lineStarting(const std::string& out, const std::string& prefix) {
    for (const auto& line : linesOf(out))
        if (line.rfind(prefix, 0) == 0)
            return line;
    return {};
}

} // namespace

TEST(DataCheck, ADemoClinicPassesAndEveryKindOfBadStoredTextIsNamed) {
    StoredClinic clinic;
    if (::testing::Test::IsSkipped())
        return;
    Testing::ProcessResult clean = clinic.check();
    EXPECT_EQ(clean.exitCode, 0) << clean.out << clean.err;
    EXPECT_TRUE(contains(clean.out, "Every stored text passes today's text rule")) << clean.out;

    const std::string patient = clinic.text("SELECT CAST(MIN(id) AS TEXT) FROM patients");
    const std::string other = clinic.text("SELECT CAST(MAX(id) AS TEXT) FROM patients");
    const std::string user = clinic.text("SELECT CAST(MIN(id) AS TEXT) FROM users");
    const std::string clinicId = clinic.text("SELECT CAST(MIN(id) AS TEXT) FROM clinics");
    const std::string version =
        clinic.text("SELECT CAST(program_id AS TEXT) || '/' || CAST(number AS TEXT) FROM "
                    "program_versions ORDER BY program_id, number LIMIT 1");
    const std::string item = clinic.text(
        "SELECT CAST(program_id AS TEXT) || '/' || CAST(version AS TEXT) || '/' || "
        "CAST(position AS TEXT) FROM program_items ORDER BY program_id, version, position LIMIT 1");
    const std::string session = clinic.text("SELECT CAST(MIN(id) AS TEXT) FROM sessions");
    ASSERT_NE(patient, other);

    // Rules every engine can hold a breach of: controls, bidi controls, another normal form,
    // length, characters no font prints, and the same in a clinic exercise's entry.
    clinic.execute("UPDATE patients SET record_number = ? WHERE id = " + patient,
                   "R1\r\nX-Injected: yes");
    clinic.execute("UPDATE users SET name = ? WHERE id = " + user, "Eve\u202EliveE");
    clinic.execute("UPDATE program_versions SET title = ? WHERE program_id || '/' || number = '" +
                       version + "'",
                   "Zoe\u0308's program");
    clinic.execute("UPDATE program_items SET note = ? WHERE program_id || '/' || version || '/' "
                   "|| position = '" +
                       item + "'",
                   std::string(1001, 'a'));
    clinic.execute("UPDATE sessions SET note = ? WHERE id = " + session, "\x1b[31mred");
    clinic.execute("INSERT INTO api_keys (clinic_id, user_id, name, key_hash, created_at) VALUES "
                   "(" +
                       clinicId + ", " + user + ", ?, 'hash-of-a-key', 0)",
                   "EHR \U0001F600");
    clinic.execute("INSERT INTO clinic_exercise_revisions (clinic_id, exercise_id, revision, "
                   "entry, created_at, created_by) VALUES (" +
                       clinicId + ", 'own-bridge', 1, ?, 0, " + user + ")",
                   R"({"id": "own-bridge", "source": "Our clinic", "text": {"en": {"name": )"
                   R"("Bridge\u200d", "steps": ["Lie on your back."]}}})");
    // Hebrew is accepted today: a name in it is not reported.
    clinic.execute("UPDATE patients SET name = ? WHERE id = " + other,
                   "\u05DE\u05E8\u05D9\u05DD \u05DB\u05D4\u05DF");
    std::vector<std::string> expected = {
        "patients " + patient + " record_number: ",
        "users " + user + " name: ",
        "program_versions " + version + " title: is not stored the way Limber stores text today",
        "program_items " + item + " note: ",
        "sessions " + session + " note: ",
        "api_keys ",
        "clinic_exercise_revisions " + clinicId + "/own-bridge/1 entry text.en.name: ",
    };
    // Bytes only SQLite keeps: PostgreSQL refuses them in text itself.
    if (clinic.dialect() == SqlDialect::SQLite) {
        clinic.execute("UPDATE patients SET name = ? WHERE id = " + patient,
                       std::string("Ann\0Evil", 8));
        clinic.execute("UPDATE patients SET phone = ? WHERE id = " + patient, "555 \xFF\xFE");
        expected.push_back("patients " + patient + " name: ");
        expected.push_back("patients " + patient + " phone: is not valid UTF-8");
    }

    Testing::ProcessResult found = clinic.check();
    EXPECT_EQ(found.exitCode, 1) << found.out << found.err;
    for (const auto& prefix : expected)
        EXPECT_FALSE(lineStarting(found.out, prefix).empty())
            << "no line starts with \"" << prefix << "\" in:\n"
            << found.out;
    EXPECT_EQ(linesOf(found.out).size(), expected.size()) << found.out;
    EXPECT_TRUE(contains(found.err, std::to_string(expected.size()) + " stored texts break"))
        << found.err;
    // Each reason is the text rule's own.
    EXPECT_TRUE(contains(lineStarting(found.out, "users "), "invisible formatting characters"))
        << found.out;
    EXPECT_TRUE(contains(lineStarting(found.out, "program_items "), "1000")) << found.out;
    EXPECT_TRUE(contains(lineStarting(found.out, "api_keys "), "U+1F600")) << found.out;

    // The check reads only: the bad values are still there.
    EXPECT_EQ(clinic.text("SELECT record_number FROM patients WHERE id = " + patient),
              "R1\r\nX-Injected: yes");
    EXPECT_EQ(clinic.check().out, found.out);
}

TEST(DataCheck, ADatabaseBehindTheSchemaIsSentToMigrateFirst) {
    StoredClinic clinic;
    if (::testing::Test::IsSkipped())
        return;
    clinic.execute("DELETE FROM schema_migrations WHERE number = (SELECT MAX(number) FROM "
                   "schema_migrations)");
    Testing::ProcessResult result = clinic.check();
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(contains(result.err, "run limber migrate first")) << result.err;
}

TEST(DataCheck, AMissingDatabaseIsNotCreated) {
    Testing::TempDir dir;
    Testing::ProcessResult result =
        Testing::runProcess(LIMBER_BINARY, {"data", "check", "--data-dir", dir.path()});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(contains(result.err, "there is no database at")) << result.err;
    EXPECT_FALSE(Poco::File(dir.file("limber.db")).exists());
}
