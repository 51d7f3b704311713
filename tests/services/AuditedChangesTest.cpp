// Every audited change and its audit entry are written together or not at all, on both
// engines: the database is made to refuse audit entries (as a failing disk or a dropped
// connection would, between the change and its entry) and each use case must then leave no
// trace of its change. Runs on the test engine (support/TestDatabase.h): CTest registers the
// suite once on SQLite and once, named PostgreSQL/..., on a fresh PostgreSQL schema.
#include "catalog/Catalog.h"
#include "domain/PendingWrites.h"
#include "domain/StoreUnavailable.h"
#include "services/AccountService.h"
#include "services/AuditTrail.h"
#include "services/CheckinService.h"
#include "services/PatientLinks.h"
#include "services/PatientService.h"
#include "services/ProgramService.h"
#include "services/Secrets.h"
#include "services/SessionService.h"
#include "store/SqlStore.h"
#include "support/TestDatabase.h"
#include "support/TestFiles.h"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

using namespace Limber;
using Poco::Data::Keywords::now;

namespace {

class AuditedChanges : public ::testing::Test {
protected:
    void SetUp() override {
        // No PostgreSQL server: the database's constructor marked the test skipped or failed.
        if (IsSkipped() || HasFatalFailure())
            return;
        _store = std::make_unique<SqlStore>(_database.config());
        _links = std::make_unique<PatientLinks>(*_store, _clock, std::string(32, 'k'),
                                                "http://127.0.0.1:8080");
        _audit = std::make_unique<AuditTrail>(*_store, _clock);
        _accounts = std::make_unique<AccountService>(*_store, _clock, *_audit);
        _patients = std::make_unique<PatientService>(*_store, _clock, *_links, *_audit);
        _programs = std::make_unique<ProgramService>(*_store, _clock, _catalog, *_audit);
        _sessions = std::make_unique<SessionService>(*_store, _clock, *_audit);

        _clinicId = _store->createClinic({0, "Bayview Physical Therapy", "", ""});
        User admin = _accounts->createUser(_clinicId, "olga@bayview.example", "Olga", Role::Admin,
                                           "a long password");
        _adminActor = {_clinicId, admin.id, Role::Admin, "Olga", "192.0.2.1", {}};
        User therapist = _accounts->createUser(_clinicId, "dana@bayview.example", "Dana",
                                               Role::Therapist, "a long password");
        _therapist = therapist;
        _actor = {_clinicId, therapist.id, Role::Therapist, "Dana", "192.0.2.10", {}};
        _patient = _patients->create(_actor, {"José Núñez-Åberg", "", "BV-1", "en"});
        _program = _programs->create(_actor, _patient.id, runnerProgram()).program;
        _link = _patients->createLink(_actor, _patient.id, std::nullopt);
        _bare = _patients->create(_actor, {"Ana Ruiz", "", "BV-2", "es"});
    }

    void TearDown() override {
        _sessions.reset();
        _programs.reset();
        _patients.reset();
        _accounts.reset();
        _audit.reset();
        _links.reset();
        _store.reset();
    }

    Prescription runnerProgram() {
        Prescription p;
        p.title = "Runner's back care";
        p.startDate = _clock.today().plusDays(-3);
        p.endDate = p.startDate.plusDays(41);
        for (const char* id : {"back-flexion-stretch", "tree-pose"})
            p.items.push_back({id, _catalog.defaultDose(id).value(), ""});
        return p;
    }

    SessionInput allDone() {
        SessionInput input;
        input.date = _clock.today();
        input.painBefore = 3;
        input.entries = {{"back-flexion-stretch", Side::Both, true},
                         {"tree-pose", Side::Left, true},
                         {"tree-pose", Side::Right, true}};
        return input;
    }

    /// The database refuses every new audit entry from now on; with an action, only the
    /// entries of that action.
    void refuseAuditEntries(const std::string& action = {}) {
        const DatabaseConfig& config = _database.config();
        const std::string only = action.empty() ? "" : "WHEN (NEW.action = '" + action + "') ";
        if (config.dialect == SqlDialect::SQLite) {
            Poco::Data::Session raw("SQLite", config.connection);
            raw << "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events " + only +
                       "BEGIN SELECT RAISE(ABORT, 'audit entries refused'); END",
                now;
            return;
        }
        // The connection's search path is the test's own schema: both land there.
        Poco::Data::Session raw("PostgreSQL", config.connection);
        raw << "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
               "'audit entries refused'; END $$ LANGUAGE plpgsql",
            now;
        raw << "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW " + only +
                   "EXECUTE FUNCTION refuse_audit()",
            now;
    }

    std::size_t auditEntries() { return _store->auditEvents(_clinicId, 0, 1LL << 40).size(); }

    Testing::TestDatabase _database;
    Testing::FixedClock _clock{Date::parse("2026-11-25")};
    Catalog _catalog = loadBuiltInCatalog();
    std::unique_ptr<SqlStore> _store;
    std::unique_ptr<PatientLinks> _links;
    std::unique_ptr<AuditTrail> _audit;
    std::unique_ptr<AccountService> _accounts;
    std::unique_ptr<PatientService> _patients;
    std::unique_ptr<ProgramService> _programs;
    std::unique_ptr<SessionService> _sessions;
    std::int64_t _clinicId = 0;
    Actor _adminActor;
    Actor _actor;
    User _therapist;
    Patient _patient;
    Program _program;
    PatientLink _link;
    Patient _bare;
};

/// A store on the same database whose reads of a day's sessions fail, as they do when the
/// database goes away in the middle of a page.
class SessionsUnreadable : public SqlStore {
public:
    using SqlStore::SqlStore;
    std::vector<Session> sessions(std::int64_t, std::int64_t, Date, Date) override {
        throw StoreUnavailable("the database does not answer");
    }
};

} // namespace

TEST_F(AuditedChanges, EachChangeWritesExactlyOneEntryWithIt) {
    std::size_t before = auditEntries();
    _sessions->log(_actor, _patient.id, allDone(), SessionSource::PatientLink);
    EXPECT_EQ(auditEntries(), before + 1);
    _programs->revise(_actor, _program.id, runnerProgram());
    EXPECT_EQ(auditEntries(), before + 2);
    _patients->revokeLink(_actor, _patient.id, _link.id);
    EXPECT_EQ(auditEntries(), before + 3);
    _accounts->setDisabled(_adminActor, _therapist.id, true);
    EXPECT_EQ(auditEntries(), before + 4);
}

TEST_F(AuditedChanges, ASessionIsNotStoredWhenItsEntryCannotBe) {
    refuseAuditEntries();
    EXPECT_ANY_THROW(_sessions->log(_actor, _patient.id, allDone(), SessionSource::PatientLink));
    PaperWeekInput week;
    week.weekStart = _program.current().prescription.startDate;
    week.daysDone = {1, 1, 1, 0, 0, 0, 0};
    EXPECT_ANY_THROW(_sessions->logPaperWeek(_actor, _patient.id, week));
    EXPECT_TRUE(
        _store->sessions(_clinicId, _patient.id, _clock.today().plusDays(-30), _clock.today())
            .empty());
}

TEST_F(AuditedChanges, AProgramIsNotCreatedOrRevisedWhenItsEntryCannotBe) {
    refuseAuditEntries();
    EXPECT_ANY_THROW(_programs->create(_actor, _bare.id, runnerProgram()));
    EXPECT_TRUE(_store->programsOfPatient(_clinicId, _bare.id).empty());
    EXPECT_ANY_THROW(_programs->revise(_actor, _program.id, runnerProgram()));
    EXPECT_EQ(_store->program(_clinicId, _program.id)->versions.size(), 1u);
}

TEST_F(AuditedChanges, PatientsAndLinksDoNotChangeWhenTheirEntryCannotBe) {
    std::size_t links = _store->patientLinks(_clinicId, _patient.id).size();
    refuseAuditEntries();
    EXPECT_ANY_THROW(_patients->create(_actor, {"Lee Park", "", "BV-3", "en"}));
    EXPECT_EQ(_store->patients(_clinicId).size(), 2u);
    EXPECT_ANY_THROW(_patients->createLink(_actor, _patient.id, 30));
    EXPECT_EQ(_store->patientLinks(_clinicId, _patient.id).size(), links);
    EXPECT_ANY_THROW(_patients->revokeLink(_actor, _patient.id, _link.id));
    for (const auto& link : _store->patientLinks(_clinicId, _patient.id))
        EXPECT_FALSE(link.revokedAt) << "link " << link.id;
}

TEST_F(AuditedChanges, UsersAndKeysDoNotChangeWhenTheirEntryCannotBe) {
    refuseAuditEntries();
    EXPECT_ANY_THROW(_accounts->addUser(_adminActor, "lee@bayview.example", "Lee", Role::Therapist,
                                        "a long password"));
    EXPECT_FALSE(_store->userByEmail("lee@bayview.example"));
    EXPECT_ANY_THROW(_accounts->changePassword(_adminActor, _therapist.id, "another password"));
    EXPECT_TRUE(
        PasswordHasher::verify(_store->user(_therapist.id)->passwordHash, "a long password"));
    EXPECT_ANY_THROW(_accounts->setDisabled(_adminActor, _therapist.id, true));
    EXPECT_FALSE(_store->user(_therapist.id)->disabled);
    EXPECT_ANY_THROW(_accounts->createApiKey(_adminActor, "EHR"));
    EXPECT_TRUE(_store->apiKeys(_clinicId).empty());
    EXPECT_ANY_THROW(_accounts->signIn("dana@bayview.example", "a long password", "192.0.2.10"));
}

TEST_F(AuditedChanges, DataThatCannotBeAuditedIsNotShown) {
    refuseAuditEntries();
    EXPECT_ANY_THROW(_patients->get(_actor, _patient.id));
    EXPECT_ANY_THROW(_patients->list(_actor));
    EXPECT_ANY_THROW(_programs->get(_actor, _program.id));
}

// Within a request (a PendingWrites scope, as the web server opens for each), a view's entry
// is committed while the request goes on, and the request waits for it at its end.

TEST_F(AuditedChanges, WithinARequestAViewGoesOnAndTheRequestFailsAtItsEndWhenItsEntryCannotBe) {
    refuseAuditEntries("patient.view");
    PendingWrites request;
    {
        PendingWrites::Scope scope(request);
        EXPECT_EQ(_patients->get(_actor, _patient.id).id, _patient.id);
    }
    EXPECT_ANY_THROW(request.waitAll()) << "the request was not told its entry failed";
    EXPECT_ANY_THROW(request.waitAll()) << "a failed entry is not forgotten";
}

TEST_F(AuditedChanges, WithinARequestNothingChangesAfterAViewWhoseEntryFailed) {
    std::size_t links = _store->patientLinks(_clinicId, _patient.id).size();
    std::size_t before = auditEntries();
    refuseAuditEntries("patient.view");
    PendingWrites request;
    PendingWrites::Scope scope(request);
    _patients->get(_actor, _patient.id);
    EXPECT_ANY_THROW(_patients->createLink(_actor, _patient.id, 30));
    EXPECT_EQ(_store->patientLinks(_clinicId, _patient.id).size(), links);
    EXPECT_ANY_THROW(auditEntries()) << "the request read on past its failed entry";
    EXPECT_ANY_THROW(request.waitAll());
    PendingWrites next;
    PendingWrites::Scope nextScope(next);
    EXPECT_EQ(auditEntries(), before) << "an entry of the failed request was stored";
}

TEST_F(AuditedChanges, WithinARequestItsViewsEntriesAreDurableWhenItEndsAndItReadsThemBack) {
    std::size_t before = auditEntries();
    PendingWrites request;
    {
        PendingWrites::Scope scope(request);
        _patients->get(_actor, _patient.id);
        _programs->get(_actor, _program.id);
        EXPECT_EQ(auditEntries(), before + 2);
        _patients->list(_actor);
    }
    request.waitAll();
    // Read outside the request, on a connection of its own.
    SqlStore other(_database.config());
    EXPECT_EQ(other.auditEvents(_clinicId, 0, 1LL << 40).size(), before + 3);
}

TEST_F(AuditedChanges, ACheckinPageRecordsItsViewOnlyOnceEverythingItShowsWasRead) {
    SessionsUnreadable failing(_database.config());
    PatientLinks links(failing, _clock, std::string(32, 'k'), "http://127.0.0.1:8080");
    AuditTrail audit(failing, _clock);
    SessionService sessions(failing, _clock, audit);
    CheckinService checkin(failing, _clock, links, sessions, audit);
    const std::string token = _links->tokenOf(_link);
    std::size_t before = auditEntries();
    EXPECT_THROW(checkin.open(token, "192.0.2.20", std::nullopt), StoreUnavailable);
    EXPECT_EQ(auditEntries(), before) << "a view that failed was recorded";

    CheckinService working(*_store, _clock, *_links, *_sessions, *_audit);
    ASSERT_TRUE(working.open(token, "192.0.2.20", std::nullopt));
    std::vector<AuditEvent> events = _store->auditEvents(_clinicId, 0, 1LL << 40);
    ASSERT_EQ(events.size(), before + 1);
    EXPECT_EQ(events.back().action, "checkin.view");
    EXPECT_EQ(events.back().patientId, _patient.id);
}
