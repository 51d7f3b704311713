// One contract, every engine: each test runs against a fresh SQLite file and, when
// LIMBER_TEST_POSTGRES names a server (the test command starts one), a fresh PostgreSQL schema.
#include "domain/PendingWrites.h"
#include "store/Database.h"
#include "store/Migrations.h"
#include "store/SqlStore.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/Process.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace Limber;
using Poco::Data::Keywords::now;

namespace {

class StoreContract : public ::testing::TestWithParam<SqlDialect> {
protected:
    void SetUp() override {
        _config.dialect = GetParam();
        if (GetParam() == SqlDialect::SQLite) {
            _config.connection = _dir.file("limber.db");
        } else {
            _config.connection = Testing::postgresConnection();
            if (_config.connection.empty()) {
                if (Testing::postgresRequired())
                    FAIL() << "LIMBER_REQUIRE_POSTGRES=1 but LIMBER_TEST_POSTGRES names no server";
                GTEST_SKIP() << "LIMBER_TEST_POSTGRES is not set";
            }
            // A schema of its own per test, so test processes running at once never meet.
            Poco::Data::PostgreSQL::Connector::registerConnector();
            static int counter = 0;
            _schema =
                "contract_" + std::to_string(Poco::Process::id()) + "_" + std::to_string(++counter);
            _admin = std::make_unique<Poco::Data::Session>("PostgreSQL", _config.connection);
            *_admin << "SET client_min_messages = warning", now;
            *_admin << "DROP SCHEMA IF EXISTS " + _schema + " CASCADE", now;
            *_admin << "CREATE SCHEMA " + _schema, now;
            _config.connection += " options='-csearch_path=" + _schema + "'";
        }
        _store = std::make_unique<SqlStore>(_config);
        _clinic = _store->createClinic({0, "Bayview Physical Therapy", "1 Harbor St", "555"});
        _other = _store->createClinic({0, "Elsewhere PT", "", ""});
        User user{0,
                  _clinic,
                  "dana@bayview.example",
                  "Dana Whitfield",
                  Role::Therapist,
                  "$argon2id$hash",
                  false};
        _therapist = _store->createUser(user);
    }

    /// Makes the database itself refuse every new audit entry (or only those whose detail is
    /// onlyDetail), as a failing disk or a broken connection would, right between a change and
    /// its entry.
    void refuseAuditEntries(const std::string& onlyDetail = "") {
        const std::string when =
            onlyDetail.empty() ? "" : "WHEN (NEW.detail = '" + onlyDetail + "') ";
        if (GetParam() == SqlDialect::SQLite) {
            Poco::Data::Session raw("SQLite", _config.connection);
            raw << "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events " + when +
                       "BEGIN SELECT RAISE(ABORT, 'audit entries refused'); END",
                now;
            return;
        }
        *_admin << "CREATE FUNCTION " + _schema +
                       ".refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
                       "'audit entries refused'; END $$ LANGUAGE plpgsql",
            now;
        *_admin << "CREATE TRIGGER refuse_audit BEFORE INSERT ON " + _schema +
                       ".audit_events FOR EACH ROW " + when + "EXECUTE FUNCTION " + _schema +
                       ".refuse_audit()",
            now;
    }

    /// An audit entry of a page view in the test's clinic, its detail naming the page.
    AuditEvent viewEntry(const std::string& page) {
        AuditEvent event;
        event.at = 1000;
        event.clinicId = _clinic;
        event.actor = "patient";
        event.patientId = 7;
        event.action = "checkin.view";
        event.detail = page;
        event.address = "192.0.2.1";
        return event;
    }

    /// Runs sql on a connection of its own, as another process would (PostgreSQL: in the
    /// test's schema).
    void sqlFromElsewhere(const std::string& sql) {
        if (GetParam() == SqlDialect::SQLite) {
            Poco::Data::Session raw("SQLite", _config.connection);
            raw << sql, now;
            return;
        }
        *_admin << "SET search_path = " + _schema, now;
        *_admin << sql, now;
        *_admin << "RESET search_path", now;
    }

    /// Each table of the schema with the kinds of change (INSERT, UPDATE, DELETE) that a
    /// trigger counts in clinic_generations.
    std::map<std::string, std::set<std::string>> countedChangesByTable() {
        std::map<std::string, std::set<std::string>> counted;
        std::vector<std::string> tables, triggerTables, triggers;
        if (GetParam() == SqlDialect::SQLite) {
            Poco::Data::Session raw("SQLite", _config.connection);
            raw << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                   "'sqlite_%'",
                Poco::Data::Keywords::into(tables), now;
            raw << "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE "
                   "'%INSERT INTO clinic_generations%'",
                Poco::Data::Keywords::into(triggerTables), Poco::Data::Keywords::into(triggers),
                now;
        } else {
            *_admin << "SELECT table_name FROM information_schema.tables WHERE table_schema = '" +
                           _schema + "'",
                Poco::Data::Keywords::into(tables), now;
            *_admin << "SELECT event_object_table, 'AFTER ' || event_manipulation FROM "
                       "information_schema.triggers WHERE trigger_schema = '" +
                           _schema +
                           "' AND action_timing = 'AFTER' AND action_statement LIKE "
                           "'%count_clinic_change%'",
                Poco::Data::Keywords::into(triggerTables), Poco::Data::Keywords::into(triggers),
                now;
        }
        for (const std::string& table : tables)
            counted[table];
        for (std::size_t i = 0; i < triggers.size(); ++i)
            for (std::string kind : {"INSERT", "UPDATE", "DELETE"})
                if (triggers[i].find("AFTER " + kind) != std::string::npos)
                    counted[triggerTables[i]].insert(kind);
        return counted;
    }

    void TearDown() override {
        _store.reset();
        if (_admin)
            *_admin << "DROP SCHEMA IF EXISTS " + _schema + " CASCADE", now;
    }

    Patient patient(const std::string& record, const std::string& name = "José Núñez-Åberg") {
        Patient p;
        p.clinicId = _clinic;
        p.therapistId = _therapist;
        p.recordNumber = record;
        p.name = name;
        p.firstName = name.substr(0, name.find(' '));
        p.language = "es";
        p.createdAt = 1'800'000'000;
        return p;
    }

    PatientLink link(const std::string& hash) {
        PatientLink l;
        l.salt = "salt-" + hash;
        l.tokenHash = hash;
        l.createdAt = 1'800'000'000;
        return l;
    }

    ProgramVersion version(int daysPerWeek) {
        ProgramVersion v;
        v.effectiveFrom = Date::parse("2026-11-02");
        v.prescription.title = "Runner's back care";
        v.prescription.startDate = Date::parse("2026-11-02");
        v.prescription.endDate = Date::parse("2026-12-13");
        Dose breaths;
        breaths.holdUnit = HoldUnit::Breaths;
        breaths.hold = 5;
        breaths.side = Side::Each;
        breaths.daysPerWeek = daysPerWeek;
        Dose seconds;
        seconds.holdUnit = HoldUnit::Seconds;
        seconds.hold = 30;
        seconds.reps = 2;
        seconds.sets = 3;
        seconds.restSeconds = 15;
        v.prescription.items = {{"tree-pose", breaths, "at a wall"},
                                {"back-flexion-stretch", seconds, ""}};
        v.prescription.educationIds = {"right-shoes", "warm-up"};
        v.prescription.notes = "Warm up first.";
        v.createdAt = 1'800'000'100;
        v.createdBy = _therapist;
        return v;
    }

    Session session(std::int64_t patientId, std::int64_t programId, const std::string& date,
                    int slot = 1) {
        Session s;
        s.clinicId = _clinic;
        s.patientId = patientId;
        s.programId = programId;
        s.date = Date::parse(date);
        s.slot = slot;
        s.painBefore = 4;
        s.difficulty = Difficulty::AboutRight;
        s.note = "Felt good — más o menos";
        s.source = SessionSource::Paper;
        s.entries = {{"tree-pose", Side::Left, true}, {"tree-pose", Side::Right, false}};
        s.recordedAt = 1'800'000'200;
        s.doneUnits = 1;
        s.prescribedUnits = 3;
        return s;
    }

    Testing::TempDir _dir;
    std::string _schema;
    std::unique_ptr<Poco::Data::Session> _admin;
    DatabaseConfig _config;
    std::unique_ptr<SqlStore> _store;
    std::int64_t _clinic = 0;
    std::int64_t _other = 0;
    std::int64_t _therapist = 0;
};

} // namespace

TEST_P(StoreContract, AnswersPingAfterMigrating) {
    EXPECT_NO_THROW(_store->ping());
}

TEST_P(StoreContract, ReopeningKeepsDataAndMigratesNothingTwice) {
    _store.reset();
    SqlStore reopened(_config);
    EXPECT_EQ(reopened.clinics().size(), 2u);
    Database database(_config);
    EXPECT_EQ(migrate(database, builtInMigrations()), 0) << "a migration was applied again";
    std::vector<int> recorded = database.read([](Poco::Data::Session& session) {
        std::vector<int> numbers;
        session << "SELECT number FROM schema_migrations ORDER BY number",
            Poco::Data::Keywords::into(numbers), now;
        return numbers;
    });
    std::vector<int> expected;
    for (const Migration& migration : builtInMigrations())
        expected.push_back(migration.number);
    EXPECT_EQ(recorded, expected) << "each migration is recorded once";
}

TEST_P(StoreContract, KeepsPatientsWithAccentedNamesInTheirClinic) {
    std::int64_t id = _store->createPatient(patient("BV-1"), link("h1"));
    std::optional<Patient> found = _store->patient(_clinic, id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "José Núñez-Åberg");
    EXPECT_EQ(found->firstName, "José");
    EXPECT_EQ(found->language, "es");
    EXPECT_FALSE(_store->patient(_other, id)) << "visible from another clinic";
    EXPECT_EQ(_store->patients(_clinic).size(), 1u);
    EXPECT_TRUE(_store->patients(_other).empty());
}

TEST_P(StoreContract, RefusesADuplicateRecordNumberAndKeepsNothingOfIt) {
    _store->createPatient(patient("BV-1"), link("h1"));
    EXPECT_THROW(_store->createPatient(patient("BV-1", "Other Person"), link("h2")),
                 Poco::ExistsException);
    EXPECT_EQ(_store->patients(_clinic).size(), 1u);
    EXPECT_FALSE(_store->patientLinkByTokenHash("h2")) << "the failed patient's link stayed";
}

TEST_P(StoreContract, RefusesADuplicateEmail) {
    User again{0, _clinic, "dana@bayview.example", "Dana Again", Role::Admin, "x", false};
    EXPECT_THROW(_store->createUser(again), Poco::ExistsException);
}

TEST_P(StoreContract, FindsLinksByTokenHashNewestFirst) {
    std::int64_t id = _store->createPatient(patient("BV-1"), link("first"));
    PatientLink second = link("second");
    second.clinicId = _clinic;
    second.patientId = id;
    _store->createPatientLink(second);
    auto found = _store->patientLinkByTokenHash("first");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->patientId, id);
    EXPECT_EQ(found->salt, "salt-first");
    auto links = _store->patientLinks(_clinic, id);
    ASSERT_EQ(links.size(), 2u);
    EXPECT_EQ(links[0].tokenHash, "second");
    EXPECT_FALSE(links[0].revokedAt);
}

TEST_P(StoreContract, KeepsEveryVersionOfAProgramExactly) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    ProgramVersion first = version(5);
    std::int64_t programId = _store->createProgram(_clinic, patientId, first);
    ProgramVersion second = version(7);
    second.effectiveFrom = Date::parse("2026-11-12");
    second.prescription.items.pop_back();
    second.prescription.items[0].dose.sideOrder = SideOrder::OneSideFirst; // all left, then right
    second.prescription.educationIds = {"warm-up"};
    EXPECT_EQ(_store->addProgramVersion(_clinic, programId, second), 2);

    std::optional<Program> program = _store->program(_clinic, programId);
    ASSERT_TRUE(program);
    ASSERT_EQ(program->versions.size(), 2u);
    EXPECT_EQ(program->patientId, patientId);
    EXPECT_EQ(program->versions[0].prescription, first.prescription);
    EXPECT_EQ(program->versions[1].prescription, second.prescription);
    EXPECT_EQ(program->versions[0].prescription.items[0].dose.sideOrder, SideOrder::Alternate);
    EXPECT_EQ(program->versions[1].prescription.items[0].dose.sideOrder, SideOrder::OneSideFirst);
    EXPECT_EQ(program->versions[1].effectiveFrom, Date::parse("2026-11-12"));
    EXPECT_EQ(program->versions[0].createdBy, _therapist);
    EXPECT_FALSE(_store->program(_other, programId)) << "visible from another clinic";
    EXPECT_EQ(_store->programsOfPatient(_clinic, patientId).size(), 1u);
}

TEST_P(StoreContract, AProgramReadAgainShowsEveryVersionAddedSince) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(5));
    ASSERT_EQ(_store->program(_clinic, programId)->versions.size(), 1u);
    ASSERT_EQ(_store->programsOfPatient(_clinic, patientId).size(), 1u);
    _store->addProgramVersion(_clinic, programId, version(3));
    auto program = _store->program(_clinic, programId);
    ASSERT_EQ(program->versions.size(), 2u);
    EXPECT_EQ(program->current().prescription.items[0].dose.daysPerWeek, 3);
    auto programs = _store->programsOfPatient(_clinic, patientId);
    ASSERT_EQ(programs.size(), 1u);
    EXPECT_EQ(programs[0].versions.size(), 2u);
    EXPECT_FALSE(_store->program(_other, programId)) << "still not visible elsewhere";
}

TEST_P(StoreContract, AProgramReadInsideAWriteThatRolledBackIsNeverServed) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t rolledBack = 0;
    EXPECT_THROW(_store->atomically([&] {
        rolledBack = _store->createProgram(_clinic, patientId, version(5));
        EXPECT_EQ(_store->program(_clinic, rolledBack)->versions.size(), 1u);
        throw Poco::IllegalStateException("changed my mind");
    }),
                 Poco::IllegalStateException);
    EXPECT_FALSE(_store->program(_clinic, rolledBack));
    // The id may be given again (SQLite does after a rollback): the new program must show.
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(2));
    auto program = _store->program(_clinic, programId);
    ASSERT_TRUE(program);
    EXPECT_EQ(program->current().prescription.items[0].dose.daysPerWeek, 2);
}

TEST_P(StoreContract, AFailedWriteLeavesNothingBehind) {
    EXPECT_THROW(_store->createProgram(_clinic, 999, version(5)), Poco::NotFoundException);
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    EXPECT_THROW(_store->addProgramVersion(_other, 1, version(5)), Poco::NotFoundException);
    EXPECT_TRUE(_store->programsOfPatient(_clinic, patientId).empty());
}

TEST_P(StoreContract, LoggingTheSameDayAndSlotAgainReplacesTheSession) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(5));
    _store->saveSession(session(patientId, programId, "2026-11-03"));
    Session again = session(patientId, programId, "2026-11-03");
    again.painBefore.reset();
    again.painAfter = 2;
    again.entries[1].done = true;
    again.doneUnits = 2;
    _store->saveSession(again);
    _store->saveSession(session(patientId, programId, "2026-11-03", 2));

    auto sessions =
        _store->sessions(_clinic, patientId, Date::parse("2026-11-01"), Date::parse("2026-11-30"));
    ASSERT_EQ(sessions.size(), 2u);
    const Session& first = sessions[0];
    EXPECT_EQ(first.slot, 1);
    EXPECT_FALSE(first.painBefore);
    EXPECT_EQ(first.painAfter, 2);
    EXPECT_EQ(first.doneUnits, 2);
    EXPECT_EQ(first.note, "Felt good — más o menos");
    EXPECT_EQ(first.source, SessionSource::Paper);
    EXPECT_EQ(first.difficulty, Difficulty::AboutRight);
    ASSERT_EQ(first.entries.size(), 2u);
    EXPECT_TRUE(first.entries[1].done);
    EXPECT_EQ(sessions[1].slot, 2);
}

TEST_P(StoreContract, ListsSessionsInsideTheDatesOnly) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(5));
    for (const char* date : {"2026-11-02", "2026-11-05", "2026-11-09"})
        _store->saveSession(session(patientId, programId, date));
    auto sessions =
        _store->sessions(_clinic, patientId, Date::parse("2026-11-03"), Date::parse("2026-11-09"));
    ASSERT_EQ(sessions.size(), 2u);
    EXPECT_EQ(sessions[0].date.toString(), "2026-11-05");
    EXPECT_TRUE(
        _store->sessions(_other, patientId, Date::parse("2026-11-01"), Date::parse("2026-11-30"))
            .empty());
}

TEST_P(StoreContract, SessionDaysAreTheProgramsDaysInsideTheDatesEachOnce) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(5));
    std::int64_t otherProgram = _store->createProgram(_clinic, patientId, version(5));
    for (const char* date : {"2026-11-02", "2026-11-05", "2026-11-09"})
        _store->saveSession(session(patientId, programId, date));
    _store->saveSession(session(patientId, programId, "2026-11-05", 2));
    _store->saveSession(session(patientId, otherProgram, "2026-11-06"));
    const Date from = Date::parse("2026-11-03"), to = Date::parse("2026-11-09");
    EXPECT_EQ(_store->sessionDays(_clinic, patientId, programId, from, to),
              (std::vector<Date>{Date::parse("2026-11-05"), Date::parse("2026-11-09")}));
    EXPECT_EQ(_store->sessionDays(_clinic, patientId, otherProgram, from, to),
              std::vector<Date>{Date::parse("2026-11-06")});
    EXPECT_TRUE(_store->sessionDays(_other, patientId, programId, from, to).empty());
}

TEST_P(StoreContract, ConcurrentWritersAllLand) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(7));
    std::vector<std::thread> writers;
    for (int writer = 0; writer < 4; ++writer)
        writers.emplace_back([&, writer] {
            for (int day = 0; day < 10; ++day) {
                Date date = Date::parse("2026-11-02").plusDays(day);
                _store->saveSession(session(patientId, programId, date.toString(), writer + 1));
                _store->sessions(_clinic, patientId, date, date);
            }
        });
    for (auto& writer : writers)
        writer.join();
    EXPECT_EQ(
        _store->sessions(_clinic, patientId, Date::parse("2026-11-01"), Date::parse("2026-11-30"))
            .size(),
        40u);
}

TEST_P(StoreContract, WritersRacingToNewProgramsFirstSessionsBuildOneDayLogOfThemAll) {
    // Every program here has no day log when its writers start: each writer's first session
    // looks for the log, finds none and creates it, while the others do the same.
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    constexpr int PROGRAMS = 4, WRITERS = 4;
    for (int round = 0; round < PROGRAMS; ++round) {
        std::int64_t programId = _store->createProgram(_clinic, patientId, version(7));
        std::atomic<int> ready{0};
        std::vector<std::thread> writers;
        for (int writer = 0; writer < WRITERS; ++writer)
            writers.emplace_back([&, writer] {
                ++ready;
                while (ready < WRITERS)
                    std::this_thread::yield();
                Date date = Date::parse("2026-11-02").plusDays(writer);
                _store->saveSession(session(patientId, programId, date.toString(), 1));
                _store->saveSession(session(patientId, programId, date.toString(), 2));
            });
        for (auto& writer : writers)
            writer.join();
        std::vector<Session> stored = _store->sessions(
            _clinic, patientId, Date::parse("2026-11-01"), Date::parse("2026-11-30"));
        std::erase_if(stored, [&](const Session& s) { return s.programId != programId; });
        ASSERT_EQ(stored.size(), static_cast<std::size_t>(2 * WRITERS)) << "program " << round;
        std::vector<CaseloadEntry> caseload = *_store->caseload(_clinic);
        ASSERT_EQ(caseload.size(), 1u);
        ASSERT_TRUE(caseload[0].program);
        ASSERT_EQ(caseload[0].program->programId, programId) << "the patient's latest program";
        EXPECT_EQ(caseload[0].days.cells(), DayLog::fromSessions(stored).cells())
            << "program " << round;
        for (int writer = 0; writer < WRITERS; ++writer)
            EXPECT_EQ(caseload[0].days.at(Date::parse("2026-11-02").plusDays(writer)).sessions, 2)
                << "program " << round << ", day " << writer;
    }
}

TEST_P(StoreContract, SignInSessionsCanBeTouchedAndDeleted) {
    _store->createLoginSession({"token-hash", _therapist, "csrf", 100, 100});
    _store->touchLoginSession("token-hash", 160);
    auto found = _store->loginSession("token-hash");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->lastSeenAt, 160);
    EXPECT_EQ(found->csrfToken, "csrf");
    _store->deleteLoginSession("token-hash");
    EXPECT_FALSE(_store->loginSession("token-hash"));
}

TEST_P(StoreContract, ASignInSessionIsReadWithItsOwnUser) {
    const std::int64_t admin = _store->createUser(
        {0, _other, "ines@elsewhere.example", "Inés Núñez", Role::Admin, "$argon2id$other", false});
    _store->createLoginSession({"dana-token", _therapist, "csrf-dana", 100, 120});
    _store->createLoginSession({"ines-token", admin, "csrf-ines", 200, 220});
    _store->setUserDisabled(admin, true);

    auto dana = _store->loginSessionOfUser("dana-token");
    ASSERT_TRUE(dana);
    EXPECT_EQ(dana->session.tokenHash, "dana-token");
    EXPECT_EQ(dana->session.userId, _therapist);
    EXPECT_EQ(dana->session.csrfToken, "csrf-dana");
    EXPECT_EQ(dana->session.createdAt, 100);
    EXPECT_EQ(dana->session.lastSeenAt, 120);
    EXPECT_EQ(dana->user.id, _therapist);
    EXPECT_EQ(dana->user.clinicId, _clinic);
    EXPECT_EQ(dana->user.email, "dana@bayview.example");
    EXPECT_EQ(dana->user.name, "Dana Whitfield");
    EXPECT_EQ(dana->user.role, Role::Therapist);
    EXPECT_EQ(dana->user.passwordHash, "$argon2id$hash");
    EXPECT_FALSE(dana->user.disabled);

    auto ines = _store->loginSessionOfUser("ines-token");
    ASSERT_TRUE(ines);
    EXPECT_EQ(ines->user.id, admin);
    EXPECT_EQ(ines->user.clinicId, _other);
    EXPECT_EQ(ines->user.name, "Inés Núñez");
    EXPECT_EQ(ines->user.role, Role::Admin);
    EXPECT_TRUE(ines->user.disabled);

    EXPECT_FALSE(_store->loginSessionOfUser("no-such-token"));
    _store->deleteLoginSession("dana-token");
    EXPECT_FALSE(_store->loginSessionOfUser("dana-token"));
}

TEST_P(StoreContract, PasswordsAndDisablingChangeOnlyTheUser) {
    _store->createLoginSession({"a", _therapist, "csrf", 100, 100});
    _store->createLoginSession({"b", _therapist, "csrf", 100, 100});
    _store->setUserPassword(_therapist, "$argon2id$new");
    _store->setUserDisabled(_therapist, true);
    auto user = _store->user(_therapist);
    ASSERT_TRUE(user);
    EXPECT_EQ(user->passwordHash, "$argon2id$new");
    EXPECT_TRUE(user->disabled);
    _store->deleteLoginSessionsOfUser(_therapist);
    EXPECT_FALSE(_store->loginSession("a"));
    EXPECT_FALSE(_store->loginSession("b"));
    EXPECT_THROW(_store->setUserPassword(9999, "x"), Poco::NotFoundException);
    EXPECT_THROW(_store->setUserDisabled(9999, true), Poco::NotFoundException);
}

TEST_P(StoreContract, FindsLinksByCodeHashAndBackfillsOnlyMissingOnes) {
    PatientLink first = link("token-hash-1");
    first.codeHash = "code-hash-1";
    std::int64_t patientId = _store->createPatient(patient("BV-7"), first);
    PatientLink old = link("token-hash-2");
    old.clinicId = _clinic;
    old.patientId = patientId;
    std::int64_t oldId = _store->createPatientLink(old);
    ASSERT_TRUE(_store->patientLinkByCodeHash("code-hash-1"));
    EXPECT_EQ(_store->patientLinkByCodeHash("code-hash-1")->tokenHash, "token-hash-1");
    EXPECT_FALSE(_store->patientLinkByCodeHash("code-hash-2"));
    _store->setPatientLinkCodeHash(oldId, "code-hash-2");
    EXPECT_EQ(_store->patientLinkByCodeHash("code-hash-2")->id, oldId);
    // A link that has a code keeps it.
    _store->setPatientLinkCodeHash(oldId, "code-hash-3");
    EXPECT_FALSE(_store->patientLinkByCodeHash("code-hash-3"));
}

TEST_P(StoreContract, LinksExpireAndAreRevokedOnlyInTheirClinic) {
    PatientLink first = link("hash-1");
    first.expiresAt = 1'800'086'400;
    std::int64_t patientId = _store->createPatient(patient("BV-1"), first);
    std::int64_t second = _store->createPatientLink(
        {0, _clinic, patientId, "salt-2", "hash-2", 1'800'000'100, std::nullopt, std::nullopt, {}});
    auto stored = _store->patientLinkByTokenHash("hash-1");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->expiresAt, std::optional<std::int64_t>(1'800'086'400));
    EXPECT_FALSE(_store->patientLinkByTokenHash("hash-2")->expiresAt);

    EXPECT_FALSE(_store->revokePatientLink(_other, patientId, second, 5)) << "another clinic";
    EXPECT_FALSE(_store->revokePatientLink(_clinic, patientId + 1, second, 5)) << "another patient";
    EXPECT_FALSE(_store->patientLinkByTokenHash("hash-2")->revokedAt);
    EXPECT_TRUE(_store->revokePatientLink(_clinic, patientId, second, 5));
    EXPECT_TRUE(_store->revokePatientLink(_clinic, patientId, second, 9));
    EXPECT_EQ(_store->patientLinkByTokenHash("hash-2")->revokedAt, std::optional<std::int64_t>(5))
        << "the first revocation stands";
}

TEST_P(StoreContract, ALinksEntryReadsTheLinkItsPatientAndTheThrottleCountAtOnce) {
    PatientLink first = link("entry-hash");
    first.expiresAt = 1'800'086'400;
    std::int64_t patientId = _store->createPatient(patient("BV-9", "Zoë Ångström"), first);
    std::int64_t revokedId = _store->createPatientLink({0,
                                                        _clinic,
                                                        patientId,
                                                        "salt-r",
                                                        "revoked-hash",
                                                        1'800'000'100,
                                                        std::nullopt,
                                                        std::nullopt,
                                                        {}});
    ASSERT_TRUE(_store->revokePatientLink(_clinic, patientId, revokedId, 1'800'000'200));

    auto entry = _store->patientLinkEntry("entry-hash", "address-key");
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->link.patientId, patientId);
    EXPECT_EQ(entry->link.salt, "salt-entry-hash");
    EXPECT_EQ(entry->link.expiresAt, std::optional<std::int64_t>(1'800'086'400));
    EXPECT_FALSE(entry->link.revokedAt);
    EXPECT_EQ(entry->patient.id, patientId);
    EXPECT_EQ(entry->patient.clinicId, _clinic);
    EXPECT_EQ(entry->patient.name, "Zoë Ångström");
    EXPECT_EQ(entry->patient.recordNumber, "BV-9");
    EXPECT_EQ(entry->patient.language, "es");
    EXPECT_FALSE(entry->throttle) << "no count is stored under the key";

    _store->changeThrottleCount("address-key", [](ThrottleCount& count) {
        count.failures = 12;
        count.lastFailure = 1'800'000'300;
        count.engagedAt = 1'800'000'250;
    });
    entry = _store->patientLinkEntry("entry-hash", "address-key");
    ASSERT_TRUE(entry && entry->throttle);
    EXPECT_EQ(entry->throttle->failures, 12);
    EXPECT_EQ(entry->throttle->lastFailure, 1'800'000'300);
    EXPECT_EQ(entry->throttle->engagedAt, 1'800'000'250);
    EXPECT_FALSE(_store->patientLinkEntry("entry-hash", "other-key")->throttle);

    // A revoked link is read as it is (the caller judges it); no link, no entry.
    auto revoked = _store->patientLinkEntry("revoked-hash", "address-key");
    ASSERT_TRUE(revoked);
    EXPECT_EQ(revoked->link.revokedAt, std::optional<std::int64_t>(1'800'000'200));
    EXPECT_FALSE(_store->patientLinkEntry("no-such-hash", "address-key"));
    EXPECT_FALSE(_store->patientLinkEntry("", "address-key"));
}

TEST_P(StoreContract, ApiKeysAreFoundByHashAndRevokedInTheirClinicOnly) {
    std::int64_t id =
        _store->createApiKey({0, _clinic, _therapist, "EHR", "key-hash", 1000, std::nullopt});
    auto found = _store->apiKeyByHash("key-hash");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->name, "EHR");
    EXPECT_EQ(_store->apiKeys(_clinic).size(), 1u);
    EXPECT_TRUE(_store->apiKeys(_other).empty());
    EXPECT_FALSE(_store->revokeApiKey(_other, id, 2000));
    EXPECT_FALSE(_store->apiKeyByHash("key-hash")->revokedAt);
    EXPECT_TRUE(_store->revokeApiKey(_clinic, id, 2000));
    EXPECT_EQ(_store->apiKeyByHash("key-hash")->revokedAt, std::optional<std::int64_t>(2000));
    EXPECT_FALSE(_store->apiKeyByHash("other"));
}

TEST_P(StoreContract, AuditEntriesAreSealedIntoOneChainInIdOrderAndListedByClinicAndTime) {
    AuditEvent event;
    event.at = 1000;
    event.clinicId = _clinic;
    event.userId = _therapist;
    event.actor = "Dana Whitfield (user 1)";
    event.patientId = 7;
    event.action = "patient.view";
    event.address = "192.0.2.1";
    AuditEvent first = _store->appendAuditEvent(event);
    EXPECT_FALSE(first.seal) << "written unsealed";
    EXPECT_TRUE(first.hash.empty());
    event.at = 2000;
    event.clinicId = _other;
    event.userId.reset();
    event.patientId.reset();
    event.detail = "José — ünïcode";
    _store->appendAuditEvent(event);
    EXPECT_TRUE(_store->auditChain(0, 10).empty()) << "nothing sealed yet";
    EXPECT_EQ(_store->auditBacklog(1500).unsealed, 2u);
    EXPECT_EQ(_store->auditBacklog(1500).overdue, 1u) << "only the entry recorded before 1500";

    EXPECT_EQ(_store->sealAuditEvents(100), 2u);
    EXPECT_EQ(_store->sealAuditEvents(100), 0u) << "sealing twice seals nothing more";
    EXPECT_EQ(_store->auditBacklog(5000).unsealed, 0u);
    auto chain = _store->auditChain(0, 10);
    ASSERT_EQ(chain.size(), 2u);
    EXPECT_EQ(chain[0].id, first.id);
    EXPECT_EQ(chain[0].previousHash, AUDIT_CHAIN_START);
    EXPECT_EQ(chain[0].hash, chain[0].expectedHash());
    EXPECT_EQ(chain[1].previousHash, chain[0].hash) << "one chain across clinics";
    EXPECT_EQ(chain[1].detail, "José — ünïcode");
    EXPECT_FALSE(chain[1].userId);
    EXPECT_EQ(chain[1].hash, chain[1].expectedHash()) << "read back exactly";
    EXPECT_EQ(_store->auditChain(*chain[0].seal, 10).size(), 1u);

    auto mine = _store->auditEvents(_clinic, 0, 5000);
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].hash, chain[0].hash);
    EXPECT_EQ(mine[0].patientId, std::optional<std::int64_t>(7));
    EXPECT_TRUE(_store->auditEvents(_clinic, 1001, 5000).empty());
}

TEST_P(StoreContract, SealingContinuesTheChainWhereItEnded) {
    AuditEvent event;
    event.clinicId = _clinic;
    event.actor = "command line";
    event.action = "patient.list";
    event.address = "command line";
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 3; ++i) {
            event.at = 1000 + round * 10 + i;
            _store->appendAuditEvent(event);
        }
        EXPECT_EQ(_store->sealAuditEvents(2), 2u) << "at most the limit";
        EXPECT_EQ(_store->sealAuditEvents(100), 1u);
    }
    auto chain = _store->auditChain(0, 100);
    ASSERT_EQ(chain.size(), 9u);
    std::string previous = AUDIT_CHAIN_START;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        EXPECT_EQ(chain[i].seal, std::optional<std::int64_t>(static_cast<std::int64_t>(i + 1)));
        EXPECT_EQ(chain[i].at, chain[0].at + static_cast<std::int64_t>(i / 3 * 10 + i % 3));
        EXPECT_EQ(chain[i].previousHash, previous);
        previous = chain[i].hash;
    }
}

TEST_P(StoreContract, ConcurrentAppendsAndTwoSealersNeverForkTheChain) {
    // Two stores on one database stand for two server instances, each with its sealer.
    SqlStore second(_config);
    std::atomic<bool> appending{true};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            Store& store = t % 2 == 0 ? static_cast<Store&>(*_store) : second;
            for (int i = 0; i < 25; ++i) {
                AuditEvent event;
                event.at = 1000 + i;
                event.clinicId = _clinic;
                event.actor = "thread " + std::to_string(t);
                event.action = "patient.view";
                event.address = "127.0.0.1";
                store.appendAuditEvent(event);
            }
        });
    std::vector<std::thread> sealers;
    for (Store* store : {static_cast<Store*>(_store.get()), static_cast<Store*>(&second)})
        sealers.emplace_back([&, store] {
            while (appending)
                store->sealAuditEvents(7);
        });
    for (auto& thread : threads)
        thread.join();
    appending = false;
    for (auto& sealer : sealers)
        sealer.join();
    while (_store->sealAuditEvents(1000) > 0) {
    }
    auto chain = _store->auditChain(0, 1000);
    ASSERT_EQ(chain.size(), 100u);
    std::string previous = AUDIT_CHAIN_START;
    std::set<std::int64_t> ids;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        EXPECT_EQ(chain[i].seal, std::optional<std::int64_t>(static_cast<std::int64_t>(i + 1)));
        EXPECT_EQ(chain[i].previousHash, previous);
        EXPECT_EQ(chain[i].hash, chain[i].expectedHash());
        previous = chain[i].hash;
        ids.insert(chain[i].id);
    }
    EXPECT_EQ(ids.size(), 100u) << "every entry sealed once";
}

TEST_P(StoreContract, AChangeAndItsAuditEntryCommitTogether) {
    AuditEvent event;
    event.at = 1000;
    event.clinicId = _clinic;
    event.actor = "Dana";
    event.action = "patient.create";
    event.address = "192.0.2.1";
    std::int64_t patientId = 0;
    _store->atomically([&] {
        patientId = _store->createPatient(patient("BV-1"), link("h1"));
        event.patientId = patientId;
        _store->appendAuditEvent(event);
        EXPECT_TRUE(_store->patient(_clinic, patientId))
            << "a read inside sees the change under way";
    });
    EXPECT_TRUE(_store->patient(_clinic, patientId));
    EXPECT_EQ(_store->auditEvents(_clinic, 0, 5000).size(), 1u);
}

TEST_P(StoreContract, AnEntryWithoutItsChangeIsNeverCommitted) {
    AuditEvent event;
    event.at = 1000;
    event.clinicId = _clinic;
    event.actor = "Dana";
    event.action = "program.create";
    event.address = "192.0.2.1";
    // The entry is written, then the change fails: the database refuses a missing patient.
    EXPECT_THROW(_store->atomically([&] {
        _store->appendAuditEvent(event);
        _store->createProgram(_clinic, 999, version(5));
    }),
                 Poco::NotFoundException);
    EXPECT_TRUE(_store->auditEvents(_clinic, 0, 5000).empty());
    EXPECT_EQ(_store->auditBacklog(5000).unsealed, 0u);
}

TEST_P(StoreContract, AChangeWithoutItsEntryIsNeverCommitted) {
    refuseAuditEntries();
    AuditEvent event;
    event.at = 1000;
    event.clinicId = _clinic;
    event.actor = "Dana";
    event.action = "patient.create";
    event.address = "192.0.2.1";
    EXPECT_ANY_THROW(_store->atomically([&] {
        _store->createPatient(patient("BV-1"), link("h1"));
        _store->appendAuditEvent(event);
    }));
    EXPECT_TRUE(_store->patients(_clinic).empty());
    EXPECT_FALSE(_store->patientLinkByTokenHash("h1"));
}

TEST_P(StoreContract, AFailedWriteInABatchLeavesTheOthersCommitted) {
    // Many writers at once share batches; every other one fails after writing.
    std::vector<std::thread> writers;
    std::atomic<int> failures{0};
    for (int writer = 0; writer < 16; ++writer)
        writers.emplace_back([&, writer] {
            for (int i = 0; i < 10; ++i) {
                std::string record = "W" + std::to_string(writer) + "-" + std::to_string(i);
                try {
                    _store->atomically([&] {
                        _store->createPatient(patient(record), link("h" + record));
                        if (writer % 2 == 1)
                            throw Poco::IllegalStateException("refused " + record);
                    });
                } catch (const Poco::IllegalStateException&) {
                    ++failures;
                }
            }
        });
    for (auto& writer : writers)
        writer.join();
    EXPECT_EQ(failures.load(), 80);
    auto stored = _store->patients(_clinic);
    ASSERT_EQ(stored.size(), 80u);
    for (const auto& p : stored) {
        int writer = std::stoi(p.recordNumber.substr(1, p.recordNumber.find('-') - 1));
        EXPECT_EQ(writer % 2, 0) << p.recordNumber << " was refused but stored";
    }
}

TEST_P(StoreContract, ANestedWriteThatFailsIsUndoneAloneWhenCaught) {
    _store->atomically([&] {
        _store->createPatient(patient("BV-1"), link("h1"));
        EXPECT_THROW(_store->createPatient(patient("BV-1"), link("h2")), Poco::ExistsException);
        _store->createPatient(patient("BV-2"), link("h3"));
    });
    EXPECT_EQ(_store->patients(_clinic).size(), 2u);
    EXPECT_FALSE(_store->patientLinkByTokenHash("h2"));
}

// --- a request's audit entries, appended before its answer --------------------------------

TEST_P(StoreContract, AppendsWaitingTogetherCommitTogetherAndARefusedOneIsUndoneAlone) {
    refuseAuditEntries("refused");
    // Every writer is kept busy by a write of its own while a request appends ten entries, so
    // that all ten wait at once.
    const GroupCommitWriter& writer = *_store->database().writerIfOpen();
    const std::size_t writers = writer.writerCount();
    const Histogram& batchSizes = writer.batchSizes();
    const Histogram::Snapshot before = batchSizes.snapshot();
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t busy = 0;
    bool released = false;
    std::vector<std::thread> blockers;
    for (std::size_t i = 0; i < writers; ++i)
        blockers.emplace_back([&] {
            _store->atomically([&] {
                std::unique_lock lock(mutex);
                ++busy;
                changed.notify_all();
                changed.wait(lock, [&] { return released; });
            });
        });
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return busy == writers; });
    }
    PendingWrites writes;
    {
        PendingWrites::Scope scope(writes);
        for (int page = 0; page < 10; ++page)
            _store->appendAuditEventBeforeAnswer(
                viewEntry(page == 4 ? "refused" : "page " + std::to_string(page)));
    }
    {
        std::lock_guard lock(mutex);
        released = true;
    }
    changed.notify_all();
    for (auto& blocker : blockers)
        blocker.join();

    std::exception_ptr failure = writes.settle();
    ASSERT_TRUE(failure) << "the refused entry was acknowledged";
    try {
        std::rethrow_exception(failure);
    } catch (const Poco::Exception& e) {
        EXPECT_NE(e.displayText().find("refused"), std::string::npos) << e.displayText();
    }
    std::vector<AuditEvent> stored = _store->auditEvents(_clinic, 0, 5000);
    ASSERT_EQ(stored.size(), 9u);
    for (const auto& entry : stored)
        EXPECT_NE(entry.detail, "refused");
    // Each blocking write was a batch of its own; the ten appends, refused one and all, one.
    const Histogram::Snapshot after = batchSizes.snapshot();
    EXPECT_EQ(after.count - before.count, writers + 1);
    EXPECT_EQ(after.sum - before.sum, static_cast<double>(writers + 10));
}

TEST_P(StoreContract, AnAppendWaitsForNoRowAnotherTransactionHasLocked) {
    if (GetParam() == SqlDialect::SQLite)
        GTEST_SKIP() << "SQLite writes one transaction at a time";
    // Another connection changes the clinic an entry refers to and keeps its transaction open.
    *_admin << "SET search_path = " + _schema, now;
    _admin->begin();
    *_admin << "UPDATE clinics SET paper = 'a4' WHERE id = " + std::to_string(_clinic), now;
    PendingWrites writes;
    {
        PendingWrites::Scope scope(writes);
        for (int page = 0; page < 3; ++page)
            _store->appendAuditEventBeforeAnswer(viewEntry("page " + std::to_string(page)));
    }
    auto settled = std::async(std::launch::async, [&] { return writes.settle(); });
    const bool committed = settled.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    _admin->rollback();
    *_admin << "RESET search_path", now;
    ASSERT_TRUE(committed) << "the appends waited for the other transaction's lock";
    EXPECT_FALSE(settled.get());
    EXPECT_EQ(_store->auditEvents(_clinic, 0, 5000).size(), 3u);
}

// --- a clinic's own exercises -----------------------------------------------------------

TEST_P(StoreContract, KeepsEveryRevisionOfAClinicsExerciseInItsClinicOnly) {
    ClinicExerciseRevision first{_clinic,       "wall-sit", 1, R"({"id":"wall-sit","v":1})",
                                 1'800'000'000, _therapist};
    _store->addClinicExerciseRevision(first);
    ClinicExerciseRevision second = first;
    second.revision = 2;
    second.entry = R"({"id":"wall-sit","v":"ñandú"})";
    _store->addClinicExerciseRevision(second);
    _store->addClinicExerciseRevision({_clinic, "chair-yoga", 1, "{}", 1'800'000'001, _therapist});

    auto current = _store->clinicExercises(_clinic);
    ASSERT_EQ(current.size(), 2u);
    EXPECT_EQ(current[0].exerciseId, "chair-yoga");
    EXPECT_EQ(current[1].exerciseId, "wall-sit");
    EXPECT_EQ(current[1].revision, 2);
    EXPECT_EQ(current[1].entry, second.entry);
    auto history = _store->clinicExerciseRevisions(_clinic, "wall-sit");
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].entry, first.entry);
    EXPECT_EQ(history[0].createdBy, _therapist);
    EXPECT_EQ(_store->clinicExerciseRevision(_clinic, "wall-sit", 1)->entry, first.entry);
    EXPECT_FALSE(_store->clinicExerciseRevision(_clinic, "wall-sit", 3));

    EXPECT_TRUE(_store->clinicExercises(_other).empty()) << "visible from another clinic";
    EXPECT_TRUE(_store->clinicExerciseRevisions(_other, "wall-sit").empty());
    EXPECT_FALSE(_store->clinicExerciseRevision(_other, "wall-sit", 1));
}

TEST_P(StoreContract, RefusesARevisionThatIsNotTheNextOne) {
    ClinicExerciseRevision first{_clinic, "wall-sit", 1, "{}", 1'800'000'000, _therapist};
    _store->addClinicExerciseRevision(first);
    EXPECT_THROW(_store->addClinicExerciseRevision(first), Poco::ExistsException); // id taken
    ClinicExerciseRevision skipped = first;
    skipped.revision = 3;
    EXPECT_THROW(_store->addClinicExerciseRevision(skipped), Poco::ExistsException);
    EXPECT_EQ(_store->clinicExerciseRevisions(_clinic, "wall-sit").size(), 1u);
    // Another clinic may use the same id: each clinic has its own.
    _store->addClinicExerciseRevision({_other, "wall-sit", 1, "{}", 1'800'000'000, _therapist});
}

TEST_P(StoreContract, AProgramItemKeepsTheRevisionItPrescribed) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    ProgramVersion v = version(5);
    v.prescription.items[0].exerciseRevision = 3;
    std::int64_t programId = _store->createProgram(_clinic, patientId, v);
    auto program = _store->program(_clinic, programId);
    ASSERT_TRUE(program);
    EXPECT_EQ(program->current().prescription.items[0].exerciseRevision, 3);
    EXPECT_EQ(program->current().prescription.items[1].exerciseRevision, 0);
}

// --- sessions and adherence --------------------------------------------------------------

TEST_P(StoreContract, ASubmissionSeenBeforeChangesNothing) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(5));
    Session first = session(patientId, programId, "2026-11-03");
    first.submissionId = "form-7f3a";
    SavedSession saved = _store->saveSession(first);
    EXPECT_FALSE(saved.repeated);
    Session retry = first;
    retry.painBefore = 9; // a changed body under the same id is still the same submission
    SavedSession again = _store->saveSession(retry);
    EXPECT_TRUE(again.repeated);
    EXPECT_EQ(again.id, saved.id);
    auto sessions =
        _store->sessions(_clinic, patientId, Date::parse("2026-11-01"), Date::parse("2026-11-30"));
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(sessions[0].painBefore, 4);
    Session edit = first;
    edit.submissionId = "form-99";
    edit.painBefore = 2;
    EXPECT_FALSE(_store->saveSession(edit).repeated) << "a new submission replaces the day";
    EXPECT_EQ(_store->sessions(_clinic, patientId, edit.date, edit.date).at(0).painBefore, 2);
}

TEST_P(StoreContract, ASubmissionSeenBeforeIsAnsweredWhileAnotherWriteHoldsItsProgramsDayLog) {
    if (GetParam() == SqlDialect::SQLite)
        GTEST_SKIP() << "SQLite writes one transaction at a time";
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(5));
    Session first = session(patientId, programId, "2026-11-03");
    first.submissionId = "form-7f3a";
    const SavedSession saved = _store->saveSession(first);
    // Another connection locks the program's day log, as a session write under way does until
    // its COMMIT, and keeps its transaction open.
    *_admin << "SET search_path = " + _schema, now;
    _admin->begin();
    *_admin << "SELECT cells FROM adherence_days WHERE program_id = " + std::to_string(programId) +
                   " FOR UPDATE",
        now;
    // The patient's phone sends the same check-in again: it writes nothing, so it waits for
    // nothing.
    auto retried = std::async(std::launch::async, [&] { return _store->saveSession(first); });
    const bool answered = retried.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    _admin->rollback();
    *_admin << "RESET search_path", now;
    ASSERT_TRUE(answered) << "the repeat waited for the other write's lock on the day log";
    const SavedSession again = retried.get();
    EXPECT_TRUE(again.repeated);
    EXPECT_EQ(again.id, saved.id);
}

TEST_P(StoreContract, TheDayLogFollowsEverySessionWritten) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(5));
    _store->saveSession(session(patientId, programId, "2026-11-03"));
    Session second = session(patientId, programId, "2026-11-03", 2);
    second.painAfter = 7;
    second.doneUnits = 3;
    std::vector<Session> week = {second, session(patientId, programId, "2026-11-05"),
                                 session(patientId, programId, "2026-11-06")};
    EXPECT_EQ(_store->saveSessions(week, {{programId, Date::parse("2026-11-06"), 1}}), 3u);
    _store->saveSessions({}, {{programId, Date::parse("2026-11-05"), 1}});

    auto stored =
        _store->sessions(_clinic, patientId, Date::parse("2026-11-01"), Date::parse("2026-11-30"));
    ASSERT_EQ(stored.size(), 3u) << "Nov 5 removed; Nov 6 saved after its removal";
    std::vector<CaseloadEntry> caseload = *_store->caseload(_clinic);
    ASSERT_EQ(caseload.size(), 1u);
    const DayLog& days = caseload[0].days;
    EXPECT_EQ(days.cells(), DayLog::fromSessions(stored).cells());
    DayRecord tuesday = days.at(Date::parse("2026-11-03"));
    EXPECT_EQ(tuesday.sessions, 2);
    EXPECT_EQ(tuesday.doneUnits, 4);
    EXPECT_EQ(tuesday.painAfter, 7);
    EXPECT_FALSE(days.hasData(Date::parse("2026-11-05")));
    EXPECT_TRUE(days.logged(Date::parse("2026-11-06")));
}

TEST_P(StoreContract, SavingSessionsIsAllOrNothing) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(5));
    std::vector<Session> batch = {session(patientId, programId, "2026-11-03"),
                                  session(patientId, 999999, "2026-11-04")};
    EXPECT_ANY_THROW(_store->saveSessions(batch, {}));
    EXPECT_TRUE(
        _store->sessions(_clinic, patientId, Date::parse("2026-11-01"), Date::parse("2026-11-30"))
            .empty());
    EXPECT_FALSE(_store->caseload(_clinic)->at(0).days.hasData(Date::parse("2026-11-03")));
}

TEST_P(StoreContract, TheCaseloadHasEveryPatientWithTheNewestProgramsSchedule) {
    std::int64_t first = _store->createPatient(patient("BV-1", "Zoë Adams"), link("h1"));
    std::int64_t second = _store->createPatient(patient("BV-2", "Ana Brooks"), link("h2"));
    std::int64_t old = _store->createProgram(_clinic, first, version(3));
    std::int64_t current = _store->createProgram(_clinic, first, version(5));
    ProgramVersion daily = version(7);
    daily.effectiveFrom = Date::parse("2026-11-16");
    daily.prescription.title = "Every day now";
    daily.prescription.items[0].dose.sessionsPerDay = 2;
    _store->addProgramVersion(_clinic, current, daily);
    _store->saveSession(session(first, old, "2026-11-03"));
    _store->saveSession(session(first, current, "2026-11-04"));
    Patient elsewhere = patient("X-1", "Other Clinic");
    elsewhere.clinicId = _other;
    _store->createPatient(elsewhere, link("h3"));

    std::vector<CaseloadEntry> caseload = *_store->caseload(_clinic);
    ASSERT_EQ(caseload.size(), 2u);
    EXPECT_EQ(caseload[0].patient.id, second) << "ordered by name";
    EXPECT_FALSE(caseload[0].program);
    EXPECT_EQ(caseload[0].therapistName, "Dana Whitfield");
    const CaseloadEntry& zoe = caseload[1];
    ASSERT_TRUE(zoe.program);
    EXPECT_EQ(zoe.program->programId, current);
    EXPECT_EQ(zoe.programTitle, "Every day now");
    ASSERT_EQ(zoe.program->versions.size(), 2u);
    EXPECT_EQ(zoe.program->versions[0].daysPerWeek, 7) << "the most demanding item's";
    EXPECT_EQ(zoe.program->versions[0].sessionsPerDay, 1);
    EXPECT_EQ(zoe.program->versions[1].effectiveFrom, Date::parse("2026-11-16"));
    EXPECT_EQ(zoe.program->versions[1].sessionsPerDay, 2);
    EXPECT_EQ(zoe.program->versions[1].startDate, Date::parse("2026-11-02"));
    EXPECT_TRUE(zoe.days.logged(Date::parse("2026-11-04")));
    EXPECT_FALSE(zoe.days.hasData(Date::parse("2026-11-03"))) << "the old program's session";
}

TEST_P(StoreContract, EachClinicKeepsItsOwnFlagRules) {
    EXPECT_EQ(_store->flagRules(_clinic), FlagRules{});
    FlagRules strict{90, 21, 3, 7, 1};
    _store->setFlagRules(_clinic, strict);
    _store->setFlagRules(_clinic, strict);
    EXPECT_EQ(_store->flagRules(_clinic), strict);
    EXPECT_EQ(_store->flagRules(_other), FlagRules{});
}

TEST_P(StoreContract, AnEditedPatientKeepsEveryFieldAndTheRecordNumberStaysUnique) {
    Patient first = patient("BV-1");
    first.birthDate = "1956-03-14";
    first.phone = "+1 555 010 2030";
    first.email = "jose@example.com";
    std::int64_t id = _store->createPatient(first, link("h1"));
    std::int64_t otherId = _store->createPatient(patient("BV-2", "Ana Ortega"), link("h2"));
    std::optional<Patient> stored = _store->patient(_clinic, id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->birthDate, "1956-03-14");
    EXPECT_EQ(stored->phone, "+1 555 010 2030");
    EXPECT_EQ(stored->email, "jose@example.com");
    EXPECT_EQ(stored->episode, 1);
    EXPECT_EQ(stored->admittedAt, 1'800'000'000) << "admitted when created";
    EXPECT_FALSE(stored->discharged());

    Patient edited = *stored;
    edited.name = "Josefa Núñez";
    edited.firstName = "Josefa";
    edited.recordNumber = "BV-10";
    edited.language = "en";
    edited.birthDate = "";
    edited.phone = "555 0199";
    edited.email = "";
    edited.episode = 2;
    edited.admittedAt = 1'800'000'500;
    edited.dischargedAt = 1'800'000'900;
    _store->updatePatient(edited);
    stored = _store->patient(_clinic, id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->name, "Josefa Núñez");
    EXPECT_EQ(stored->firstName, "Josefa");
    EXPECT_EQ(stored->recordNumber, "BV-10");
    EXPECT_EQ(stored->language, "en");
    EXPECT_EQ(stored->birthDate, "");
    EXPECT_EQ(stored->phone, "555 0199");
    EXPECT_EQ(stored->email, "");
    EXPECT_EQ(stored->episode, 2);
    EXPECT_EQ(stored->admittedAt, 1'800'000'500);
    ASSERT_TRUE(stored->dischargedAt);
    EXPECT_EQ(*stored->dischargedAt, 1'800'000'900);
    EXPECT_EQ(stored->therapistId, _therapist) << "the therapist never changes";
    EXPECT_EQ(stored->createdAt, 1'800'000'000);

    stored->dischargedAt.reset();
    _store->updatePatient(*stored);
    EXPECT_FALSE(_store->patient(_clinic, id)->discharged()) << "the discharge was not undone";

    Patient taken = *_store->patient(_clinic, id);
    taken.recordNumber = "BV-2";
    EXPECT_THROW(_store->updatePatient(taken), Poco::ExistsException);
    EXPECT_EQ(_store->patient(_clinic, id)->recordNumber, "BV-10") << "the refused edit stayed";
    EXPECT_EQ(_store->patient(_clinic, otherId)->recordNumber, "BV-2");

    Patient elsewhere = *_store->patient(_clinic, id);
    elsewhere.clinicId = _other;
    elsewhere.name = "Changed From Elsewhere";
    EXPECT_THROW(_store->updatePatient(elsewhere), Poco::NotFoundException);
    EXPECT_EQ(_store->patient(_clinic, id)->name, "Josefa Núñez");
}

TEST_P(StoreContract, AProgramBelongsToTheEpisodeItWasStartedIn) {
    std::int64_t patientId = _store->createPatient(patient("BV-1"), link("h1"));
    std::int64_t firstProgram = _store->createProgram(_clinic, patientId, version(5));
    ASSERT_EQ(_store->programsOfPatient(_clinic, patientId).size(), 1u);
    EXPECT_EQ(_store->program(_clinic, firstProgram)->episode, 1);
    ASSERT_TRUE(_store->caseload(_clinic)->at(0).program);

    Patient readmitted = *_store->patient(_clinic, patientId);
    readmitted.episode = 2;
    _store->updatePatient(readmitted);
    EXPECT_TRUE(_store->programsOfPatient(_clinic, patientId).empty())
        << "the earlier episode's program is not the new episode's";
    EXPECT_TRUE(_store->program(_clinic, firstProgram)) << "it is still found by id";
    std::vector<CaseloadEntry> caseload = *_store->caseload(_clinic);
    ASSERT_EQ(caseload.size(), 1u) << "a patient without a program stays in the caseload";
    EXPECT_FALSE(caseload[0].program);
    EXPECT_EQ(caseload[0].patient.episode, 2);

    std::int64_t secondProgram = _store->createProgram(_clinic, patientId, version(3));
    std::vector<Program> programs = _store->programsOfPatient(_clinic, patientId);
    ASSERT_EQ(programs.size(), 1u);
    EXPECT_EQ(programs[0].id, secondProgram);
    EXPECT_EQ(programs[0].episode, 2);
    caseload = *_store->caseload(_clinic);
    ASSERT_TRUE(caseload[0].program);
    EXPECT_EQ(caseload[0].program->programId, secondProgram);
}

TEST_P(StoreContract, EveryTableOfAClinicsDataCountsEachOfItsChanges) {
    // The store keeps a clinic's caseload while the clinic's generation stays the same, so a
    // change that no trigger counts would leave a stale caseload on the therapist's page.
    // Tables whose changes nothing kept depends on:
    const std::set<std::string> notCounted = {
        "audit_events",      // every page view writes one; nothing kept shows them
        "login_sessions",    // sign-ins and their last-seen times
        "password_resets",   // one-time reset links
        "throttle_counts",   // failed sign-ins
        "outbox",            // deliveries to plugins
        "instance_settings", // the key fingerprint
        "schema_migrations",
        "clinic_generations", // the counts themselves
    };
    const std::set<std::string> everyKind = {"DELETE", "INSERT", "UPDATE"};
    std::map<std::string, std::set<std::string>> counted = countedChangesByTable();
    ASSERT_GE(counted.size(), 20u);
    for (const auto& [table, kinds] : counted) {
        if (notCounted.count(table))
            EXPECT_TRUE(kinds.empty()) << table << " is counted after all: take it off the list";
        else
            EXPECT_EQ(kinds, everyKind) << table << ": the changes a trigger counts";
    }
}

TEST_P(StoreContract, TheCaseloadShowsEveryCommittedChangeWhoeverMadeIt) {
    std::int64_t patientId = _store->createPatient(patient("BV-1", "Ana Brooks"), link("h1"));
    std::int64_t programId = _store->createProgram(_clinic, patientId, version(5));
    auto read = _store->caseload(_clinic);
    ASSERT_EQ(read->at(0).patient.name, "Ana Brooks");
    EXPECT_EQ(_store->caseload(_clinic), read) << "no change: the same caseload again";

    // Through the store: a session, a new version.
    _store->saveSession(session(patientId, programId, "2026-11-03"));
    EXPECT_NE(_store->caseload(_clinic), read);
    EXPECT_TRUE(_store->caseload(_clinic)->at(0).days.logged(Date::parse("2026-11-03")));
    ProgramVersion revised = version(7);
    revised.effectiveFrom = Date::parse("2026-11-09");
    revised.prescription.title = "Revised";
    _store->addProgramVersion(_clinic, programId, revised);
    EXPECT_EQ(_store->caseload(_clinic)->at(0).programTitle, "Revised");

    // By another process, straight into the tables the caseload reads.
    sqlFromElsewhere("UPDATE patients SET name = 'Ana Brooks-Lee' WHERE id = " +
                     std::to_string(patientId));
    EXPECT_EQ(_store->caseload(_clinic)->at(0).patient.name, "Ana Brooks-Lee");
    sqlFromElsewhere("UPDATE users SET name = 'Dana W.' WHERE id = " + std::to_string(_therapist));
    EXPECT_EQ(_store->caseload(_clinic)->at(0).therapistName, "Dana W.");
    sqlFromElsewhere("UPDATE program_versions SET title = 'Edited' WHERE program_id = " +
                     std::to_string(programId) + " AND number = 2");
    EXPECT_EQ(_store->caseload(_clinic)->at(0).programTitle, "Edited");
    sqlFromElsewhere("DELETE FROM sessions WHERE patient_id = " + std::to_string(patientId));
    sqlFromElsewhere("DELETE FROM adherence_days WHERE patient_id = " + std::to_string(patientId));
    EXPECT_FALSE(_store->caseload(_clinic)->at(0).days.hasData(Date::parse("2026-11-03")));

    // Another clinic's change leaves this clinic's caseload as it is.
    Patient elsewhere = patient("X-1", "Other Clinic");
    elsewhere.clinicId = _other;
    read = _store->caseload(_clinic);
    _store->createPatient(elsewhere, link("h2"));
    EXPECT_EQ(_store->caseload(_clinic), read);

    // What a change rolled back showed is never kept: inside it the caseload shows the
    // change, after it not.
    Patient renamed = *_store->patient(_clinic, patientId);
    renamed.name = "Rolled Back";
    EXPECT_THROW(_store->atomically([&] {
        _store->updatePatient(renamed);
        EXPECT_EQ(_store->caseload(_clinic)->at(0).patient.name, "Rolled Back");
        throw Poco::IOException("the change fails after the read");
    }),
                 Poco::IOException);
    // The next committed change of the same kind (counted as often as the rolled back one
    // was) shows what was committed, not what was read inside the rolled back change.
    Patient phoned = *_store->patient(_clinic, patientId);
    phoned.phone = "555 0100";
    _store->updatePatient(phoned);
    EXPECT_EQ(_store->caseload(_clinic)->at(0).patient.name, "Ana Brooks-Lee");
    EXPECT_EQ(_store->caseload(_clinic)->at(0).patient.phone, "555 0100");
}

TEST_P(StoreContract, AChangeAfterARolledBackOneInTheSameTransactionIsStillSeen) {
    // A transaction counts each clinic once: what it counted inside a savepoint that rolled
    // back must not keep its later changes from counting.
    std::int64_t patientId = _store->createPatient(patient("BV-1", "Ana Brooks"), link("h1"));
    Patient elsewhere = patient("X-1", "Other Clinic");
    elsewhere.clinicId = _other;
    std::int64_t otherId = _store->createPatient(elsewhere, link("h2"));
    auto read = _store->caseload(_clinic);
    ASSERT_EQ(read->at(0).patient.name, "Ana Brooks");

    _store->atomically([&] {
        Patient renamed = *_store->patient(_clinic, patientId);
        renamed.name = "Rolled Back";
        EXPECT_THROW(_store->atomically([&] {
            _store->updatePatient(renamed);
            throw Poco::IOException("the nested change fails");
        }),
                     Poco::IOException);
        renamed.name = "Ana Brooks-Lee";
        _store->updatePatient(renamed);
    });
    EXPECT_EQ(_store->caseload(_clinic)->at(0).patient.name, "Ana Brooks-Lee");

    // One transaction changing two clinics counts both.
    auto otherRead = _store->caseload(_other);
    ASSERT_EQ(otherRead->at(0).patient.name, "Other Clinic");
    sqlFromElsewhere("UPDATE patients SET name = name || ' Jr' WHERE id IN (" +
                     std::to_string(patientId) + ", " + std::to_string(otherId) + ")");
    EXPECT_EQ(_store->caseload(_clinic)->at(0).patient.name, "Ana Brooks-Lee Jr");
    EXPECT_EQ(_store->caseload(_other)->at(0).patient.name, "Other Clinic Jr");
}

TEST_P(StoreContract, OpeningFoldsTheCountsOfWritersThatEnded) {
    _store->createPatient(patient("BV-1"), link("h1"));
    auto count = [&](const std::string& query) {
        std::int64_t value = -1;
        if (GetParam() == SqlDialect::SQLite) {
            Poco::Data::Session raw("SQLite", _config.connection);
            raw << query, Poco::Data::Keywords::into(value), now;
        } else {
            *_admin << "SET search_path = " + _schema, now;
            *_admin << query, Poco::Data::Keywords::into(value), now;
            *_admin << "RESET search_path", now;
        }
        return value;
    };
    auto generationOf = [&](std::int64_t clinic) {
        return count("SELECT COALESCE(SUM(generation), 0) FROM clinic_generations WHERE "
                     "clinic_id IN (0, " +
                     std::to_string(clinic) + ")");
    };
    // A writer that ended long ago (no PostgreSQL backend has this id: theirs are below 2^22).
    sqlFromElsewhere("INSERT INTO clinic_generations VALUES (" + std::to_string(_clinic) +
                     ", 2147483000, 40)");
    const std::int64_t before = generationOf(_clinic);
    const std::int64_t otherBefore = generationOf(_other);
    _store = std::make_unique<SqlStore>(_config);
    EXPECT_EQ(generationOf(_clinic), before) << "folding keeps each clinic's sum";
    EXPECT_EQ(generationOf(_other), otherBefore);
    EXPECT_EQ(count("SELECT COUNT(*) FROM clinic_generations WHERE writer = 2147483000"), 0);
    EXPECT_EQ(_store->caseload(_clinic)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContract,
                         ::testing::Values(SqlDialect::SQLite, SqlDialect::PostgreSQL),
                         [](const auto& info) {
                             return info.param == SqlDialect::SQLite ? std::string("SQLite")
                                                                     : std::string("PostgreSQL");
                         });

TEST_P(StoreContract, TheLastSignInIsEachUsersNewestSignInEntryInTheClinic) {
    std::int64_t neverSignedIn = _store->createUser(
        {0, _clinic, "lukasz@bayview.example", "Łukasz", Role::Therapist, "hash", false});
    std::int64_t elsewhere =
        _store->createUser({0, _other, "olga@harbour.example", "Olga", Role::Admin, "hash", false});
    auto entry = [&](std::int64_t clinic, std::optional<std::int64_t> user, std::int64_t at,
                     const std::string& action) {
        AuditEvent event;
        event.at = at;
        event.clinicId = clinic;
        event.userId = user;
        event.actor = "someone";
        event.action = action;
        event.address = "192.0.2.1";
        _store->appendAuditEvent(event);
    };
    entry(_clinic, _therapist, 5000, "user.signin");
    entry(_clinic, _therapist, 9000, "user.signin");
    entry(_clinic, _therapist, 7000, "user.signin");
    entry(_clinic, _therapist, 9500, "user.signin-failed");
    entry(_clinic, _therapist, 9600, "patient.view");
    entry(_clinic, neverSignedIn, 9700, "user.signin-failed");
    entry(_clinic, std::nullopt, 9800, "user.signin");
    entry(_other, elsewhere, 9900, "user.signin");
    entry(_other, _therapist, 9950, "user.signin");

    std::map<std::int64_t, std::int64_t> expected{{_therapist, 9000}};
    EXPECT_EQ(_store->lastSignIns(_clinic), expected);
    std::map<std::int64_t, std::int64_t> other{{elsewhere, 9900}, {_therapist, 9950}};
    EXPECT_EQ(_store->lastSignIns(_other), other);
    EXPECT_TRUE(_store->lastSignIns(_other + 1000).empty());
}

TEST_P(StoreContract, APasswordResetLinkIsUsedOnceAndEndedByANewerOneOrAPasswordChange) {
    std::int64_t other = _store->createUser(
        {0, _clinic, "lukasz@bayview.example", "Łukasz", Role::Therapist, "hash", false});
    PasswordReset first{0, _therapist, "hash-1", other, 1000, 2000, std::nullopt};
    first.id = _store->createPasswordReset(first);
    std::optional<PasswordReset> found = _store->passwordResetByHash("hash-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, first.id);
    EXPECT_EQ(found->userId, _therapist);
    EXPECT_EQ(found->createdBy, other);
    EXPECT_EQ(found->createdAt, 1000);
    EXPECT_EQ(found->expiresAt, 2000);
    EXPECT_FALSE(found->usedAt);
    EXPECT_FALSE(_store->passwordResetByHash("hash-2"));
    EXPECT_THROW(_store->createPasswordReset({0, other, "hash-1", other, 1, 2, std::nullopt}),
                 Poco::ExistsException);

    // A newer link removes the user's unused one; another user's stays.
    std::int64_t othersLink =
        _store->createPasswordReset({0, other, "hash-other", _therapist, 1100, 2100, std::nullopt});
    std::int64_t second =
        _store->createPasswordReset({0, _therapist, "hash-2", other, 1200, 2200, std::nullopt});
    EXPECT_FALSE(_store->passwordResetByHash("hash-1"));
    ASSERT_TRUE(_store->passwordResetByHash("hash-other"));

    // Used once: the second use changes nothing.
    EXPECT_TRUE(_store->usePasswordReset(second, 1300));
    EXPECT_FALSE(_store->usePasswordReset(second, 1400));
    EXPECT_EQ(_store->passwordResetByHash("hash-2")->usedAt, std::optional<std::int64_t>(1300));
    EXPECT_FALSE(_store->usePasswordReset(first.id, 1400)) << "a removed link";

    // A password change removes the user's unused links and keeps the used ones.
    _store->setUserPassword(other, "new hash");
    EXPECT_FALSE(_store->passwordResetByHash("hash-other"));
    EXPECT_FALSE(_store->usePasswordReset(othersLink, 1500));
    _store->setUserPassword(_therapist, "new hash");
    EXPECT_TRUE(_store->passwordResetByHash("hash-2")) << "a used link is kept";
}

TEST_P(StoreContract, EarlierEpisodesKeepTheirDatesAndTheirProgramsWithEveryVersion) {
    Patient ana = patient("BV-1", "Ana Ortega");
    ana.id = _store->createPatient(ana, link("h1"));
    std::int64_t other = _store->createPatient(patient("BV-2", "Bob Other"), link("h2"));
    // Episode 1: two programs, the second with two versions; Bob has one program of his own.
    std::int64_t first = _store->createProgram(_clinic, ana.id, version(5));
    std::int64_t second = _store->createProgram(_clinic, ana.id, version(3));
    _store->addProgramVersion(_clinic, second, version(4));
    std::int64_t bobs = _store->createProgram(_clinic, other, version(2));
    EXPECT_TRUE(_store->programsOfEarlierEpisodes(_clinic, ana.id).empty()) << "episode 1";

    // Re-admitted twice: episode 2 has one program, episode 3 (current) one.
    _store->addPastEpisode({_clinic, ana.id, 1, 1'000, 2'000});
    ana.episode = 2;
    _store->updatePatient(ana);
    std::int64_t third = _store->createProgram(_clinic, ana.id, version(6));
    _store->addPastEpisode({_clinic, ana.id, 2, 3'000, 4'000});
    ana.episode = 3;
    _store->updatePatient(ana);
    std::int64_t current = _store->createProgram(_clinic, ana.id, version(7));

    std::vector<Program> earlier = _store->programsOfEarlierEpisodes(_clinic, ana.id);
    ASSERT_EQ(earlier.size(), 3u);
    EXPECT_EQ(earlier[0].id, first);
    EXPECT_EQ(earlier[0].episode, 1);
    EXPECT_EQ(earlier[1].id, second);
    EXPECT_EQ(earlier[1].versions.size(), 2u);
    EXPECT_EQ(earlier[1].versions[0].prescription.items[0].dose.daysPerWeek, 3);
    EXPECT_EQ(earlier[1].versions[1].prescription.items[0].dose.daysPerWeek, 4);
    EXPECT_EQ(earlier[2].id, third);
    EXPECT_EQ(earlier[2].episode, 2);
    std::vector<Program> inCare = _store->programsOfPatient(_clinic, ana.id);
    ASSERT_EQ(inCare.size(), 1u);
    EXPECT_EQ(inCare[0].id, current) << "the current episode's programs are not earlier ones";
    EXPECT_TRUE(_store->programsOfEarlierEpisodes(_clinic, other).empty());
    EXPECT_TRUE(_store->programsOfEarlierEpisodes(_other, ana.id).empty()) << "another clinic";
    EXPECT_EQ(_store->programsOfPatient(_clinic, other).front().id, bobs);

    std::vector<PastEpisode> episodes = _store->pastEpisodes(_clinic, ana.id);
    ASSERT_EQ(episodes.size(), 2u);
    EXPECT_EQ(episodes[0].episode, 1);
    EXPECT_EQ(episodes[0].admittedAt, 1'000);
    EXPECT_EQ(episodes[0].dischargedAt, 2'000);
    EXPECT_EQ(episodes[1].episode, 2);
    EXPECT_EQ(episodes[1].admittedAt, 3'000);
    EXPECT_EQ(episodes[1].dischargedAt, 4'000);
    EXPECT_TRUE(_store->pastEpisodes(_other, ana.id).empty()) << "another clinic";
    EXPECT_TRUE(_store->pastEpisodes(_clinic, other).empty());
    EXPECT_THROW(_store->addPastEpisode({_clinic, ana.id, 2, 5'000, 6'000}), Poco::ExistsException);
    EXPECT_EQ(_store->pastEpisodes(_clinic, ana.id)[1].admittedAt, 3'000) << "kept as it was";
}

TEST_P(StoreContract, EpisodesEndedBeforeTheirDatesWereRecordedAreReadFromTheAuditTrail) {
    Patient ana = patient("BV-1", "Ana Ortega");
    ana.createdAt = 500;
    ana.id = _store->createPatient(ana, link("h1"));
    Patient bob = patient("BV-2", "Bob Other");
    bob.id = _store->createPatient(bob, link("h2"));
    auto entry = [&](std::int64_t patientId, std::int64_t at, const std::string& action,
                     const std::string& detail) {
        AuditEvent event;
        event.at = at;
        event.clinicId = _clinic;
        event.userId = _therapist;
        event.patientId = patientId;
        event.actor = "Dana Whitfield";
        event.action = action;
        event.detail = detail;
        event.address = "192.0.2.1";
        _store->appendAuditEvent(event);
    };
    // Ana: discharged and re-admitted twice, now in episode 3. Bob: discharged, not re-admitted
    // (his episode 1 is still his current one).
    entry(ana.id, 1'000, "patient.discharge", "episode 1");
    entry(ana.id, 1'500, "patient.readmit", "episode 2, link 7");
    entry(ana.id, 1'600, "patient.view", "");
    entry(ana.id, 2'000, "patient.discharge", "episode 2");
    entry(ana.id, 2'500, "patient.readmit", "episode 3, link 8");
    entry(bob.id, 1'200, "patient.discharge", "episode 1");
    ana.episode = 3;
    _store->updatePatient(ana);

    // The database as it was before the table: the migration runs again on opening.
    _store.reset();
    {
        Database database(_config);
        database.write([](Poco::Data::Session& session) {
            session << "DROP TABLE patient_episodes", now;
            session << "DELETE FROM schema_migrations WHERE number = 13", now;
        });
    }
    _store = std::make_unique<SqlStore>(_config);

    std::vector<PastEpisode> episodes = _store->pastEpisodes(_clinic, ana.id);
    ASSERT_EQ(episodes.size(), 2u);
    EXPECT_EQ(episodes[0].episode, 1);
    EXPECT_EQ(episodes[0].admittedAt, 500) << "the first episode began when she was added";
    EXPECT_EQ(episodes[0].dischargedAt, 1'000);
    EXPECT_EQ(episodes[1].episode, 2);
    EXPECT_EQ(episodes[1].admittedAt, 1'500);
    EXPECT_EQ(episodes[1].dischargedAt, 2'000);
    EXPECT_TRUE(_store->pastEpisodes(_clinic, bob.id).empty()) << "a current episode";
}

TEST(SqliteStore, UsesWriteAheadLogging) {
    Testing::TempDir dir;
    DatabaseConfig config{SqlDialect::SQLite, dir.file("limber.db")};
    SqlStore store(config);
    Database database(config);
    std::string mode = database.read([](Poco::Data::Session& session) {
        std::string journal;
        session << "PRAGMA journal_mode", Poco::Data::Keywords::into(journal), now;
        return journal;
    });
    EXPECT_EQ(mode, "wal");
}

TEST(SqliteStore, EveryTableReadByClinicFindsAClinicsRowsByAnIndex) {
    // A clinic group keeps many clinics in one database: reading one clinic's rows must not
    // scan every clinic's. The planner's own answer, for every table with a clinic_id.
    Testing::TempDir dir;
    DatabaseConfig config{SqlDialect::SQLite, dir.file("limber.db")};
    SqlStore store(config);
    Database database(config);
    // Tables that are only ever read through a narrower key than the clinic.
    const std::set<std::string> readByNarrowerKey = {
        "sessions",         // by patient or program (sessions_patient_date, the primary key)
        "outbox",           // by recipient and state, or by event
        "patient_episodes", // by patient (the primary key)
    };
    std::vector<std::string> tables = database.read([](Poco::Data::Session& session) {
        std::vector<std::string> names;
        session << "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c "
                   "WHERE m.type = 'table' AND c.name = 'clinic_id' ORDER BY m.name",
            Poco::Data::Keywords::into(names), now;
        return names;
    });
    ASSERT_GE(tables.size(), 10u);
    for (const std::string& table : tables) {
        if (readByNarrowerKey.count(table))
            continue;
        std::vector<std::string> plan = database.read([&](Poco::Data::Session& session) {
            std::vector<int> ids, parents, unused;
            std::vector<std::string> steps;
            session << "EXPLAIN QUERY PLAN SELECT * FROM " + table + " WHERE clinic_id = 1",
                Poco::Data::Keywords::into(ids), Poco::Data::Keywords::into(parents),
                Poco::Data::Keywords::into(unused), Poco::Data::Keywords::into(steps), now;
            return steps;
        });
        ASSERT_FALSE(plan.empty()) << table;
        EXPECT_EQ(plan[0].rfind("SEARCH", 0), 0u) << table << ": " << plan[0];
    }
}
