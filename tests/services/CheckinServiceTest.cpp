#include "services/CheckinService.h"

#include "ServiceFixture.h"

#include <Poco/Exception.h>

using namespace Limber;

// A check-in page keeps what it read of a link, its patient and their sessions while the
// clinic's data generation stays the same; these tests change each of them between two opens.
class CheckinServiceTest : public Testing::ServiceFixture {
protected:
    CheckinServiceTest() : checkin(store, clock, links, sessions, audit) {}

    SessionInput allDone(Date date) {
        SessionInput input;
        input.date = date;
        input.entries = {{"back-flexion-stretch", Side::Both, true},
                         {"tree-pose", Side::Left, true},
                         {"tree-pose", Side::Right, true}};
        return input;
    }

    CheckinService checkin;
};

TEST_F(CheckinServiceTest, AKeptLinkStopsWorkingTheMomentItIsRevokedOrExpires) {
    Patient patient = addPatient();
    PatientLink expiring = patients.createLink(actor, patient.id, 30);
    PatientLink revokedHere = patients.createLink(actor, patient.id, 0);
    PatientLink revokedElsewhere = patients.createLink(actor, patient.id, 0);
    for (const PatientLink& link : {expiring, revokedHere, revokedElsewhere}) {
        ASSERT_TRUE(checkin.open(links.tokenOf(link), "192.0.2.20"));
        ASSERT_TRUE(checkin.open(links.tokenOf(link), "192.0.2.20")) << "opened again";
    }
    patients.revokeLink(actor, patient.id, revokedHere.id);
    EXPECT_FALSE(checkin.open(links.tokenOf(revokedHere), "192.0.2.20"));
    // By another process: this store's cached reads never hear of it but through the database.
    SqlStore other(database.config());
    ASSERT_TRUE(
        other.revokePatientLink(clinicId, patient.id, revokedElsewhere.id, clock.nowSeconds()));
    EXPECT_FALSE(checkin.open(links.tokenOf(revokedElsewhere), "192.0.2.20"));
    EXPECT_TRUE(checkin.open(links.tokenOf(expiring), "192.0.2.20"));
    clock.advanceSeconds(31 * 86'400);
    EXPECT_FALSE(checkin.open(links.tokenOf(expiring), "192.0.2.20"));
}

TEST_F(CheckinServiceTest, AKeptLinkIsStillRefusedToAnAddressThatGuessedTooOften) {
    Patient patient = addPatient();
    const std::string token = links.tokenOf(patients.createLink(actor, patient.id, 0));
    ASSERT_TRUE(checkin.open(token, "192.0.2.99"));
    for (int i = 0; i < 12; ++i) {
        try {
            checkin.open(std::string(43, 'x'), "192.0.2.99");
        } catch (const TooManyAttemptsException&) {
        }
    }
    EXPECT_THROW(checkin.open(token, "192.0.2.99"), TooManyAttemptsException);
    EXPECT_TRUE(checkin.open(token, "192.0.2.20")) << "another address is not held back";
}

TEST_F(CheckinServiceTest, ThePageShowsEveryChangeSinceItWasLastOpened) {
    Patient patient = addPatient();
    const std::string token = links.tokenOf(patients.createLink(actor, patient.id, 0));
    std::optional<CheckinView> view = checkin.open(token, "192.0.2.20");
    ASSERT_TRUE(view);
    EXPECT_FALSE(view->program);
    Program program = programs.create(actor, patient.id, runnerProgram(clock.today())).program;
    view = checkin.open(token, "192.0.2.20");
    ASSERT_TRUE(view->program);
    EXPECT_EQ(view->program->id, program.id);
    EXPECT_TRUE(view->daySessions.empty());

    checkin.log(token, "192.0.2.20", allDone(clock.today()));
    view = checkin.open(token, "192.0.2.20");
    EXPECT_EQ(view->daySessions.size(), 1u);
    EXPECT_TRUE(view->loggedOn(clock.today()));
    // Another day shown, then the next day.
    EXPECT_TRUE(checkin.open(token, "192.0.2.20", clock.today().plusDays(-1))->daySessions.empty());
    clock.setToday(clock.today().plusDays(1));
    view = checkin.open(token, "192.0.2.20");
    EXPECT_TRUE(view->daySessions.empty());
    EXPECT_TRUE(view->loggedOn(clock.today().plusDays(-1)));
    // The patient renamed by another process.
    SqlStore other(database.config());
    Patient renamed = *other.patient(clinicId, patient.id);
    renamed.name = "José Núñez";
    other.updatePatient(renamed);
    EXPECT_EQ(checkin.open(token, "192.0.2.20")->patient.name, "José Núñez");

    std::size_t views = 0;
    for (const auto& event : store.auditEvents(clinicId, 0, 1LL << 40))
        views += event.action == "checkin.view";
    EXPECT_EQ(views, 6u) << "every open is a view, read or kept";
}
