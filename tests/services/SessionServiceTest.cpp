#include "ServiceFixture.h"

#include <Poco/Exception.h>

using namespace Limber;

class SessionServiceTest : public Testing::ServiceFixture {
protected:
    SessionInput allDone(Date date) {
        SessionInput input;
        input.date = date;
        input.painBefore = 3;
        input.entries = {{"back-flexion-stretch", Side::Both, true},
                         {"tree-pose", Side::Left, true},
                         {"tree-pose", Side::Right, true}};
        return input;
    }
};

TEST_F(SessionServiceTest, LogsASessionAgainstTheVersionInForce) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    Session session =
        sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink).session;
    EXPECT_EQ(session.programVersion, 1);
    EXPECT_EQ(session.doneUnits, 3);
    EXPECT_EQ(session.prescribedUnits, 3);
}

TEST_F(SessionServiceTest, TheSameSubmissionTwiceRecordsOnce) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink);
    sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink);
    EXPECT_EQ(sessions.list(actor, patient.id, clock.today(), clock.today()).size(), 1u);
}

TEST_F(SessionServiceTest, RefusesFutureDatesAndDatesOutsideTheProgram) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    EXPECT_THROW(sessions.log(actor, patient.id, allDone(clock.today().plusDays(1)),
                              SessionSource::PatientLink),
                 ValidationException);
    EXPECT_THROW(sessions.log(actor, patient.id, allDone(clock.today().plusDays(-4)),
                              SessionSource::PatientLink),
                 ValidationException);
    EXPECT_TRUE(
        sessions.list(actor, patient.id, clock.today().plusDays(-30), clock.today()).empty());
}

TEST_F(SessionServiceTest, RefusesPainOutsideZeroToTenAndStoresNothing) {
    Patient patient = addPatient();
    programs.create(actor, patient.id, runnerProgram(clock.today().plusDays(-3)));
    SessionInput input = allDone(clock.today());
    input.painAfter = 11;
    EXPECT_THROW(sessions.log(actor, patient.id, input, SessionSource::PatientLink),
                 ValidationException);
    EXPECT_TRUE(sessions.list(actor, patient.id, clock.today(), clock.today()).empty());
}

TEST_F(SessionServiceTest, APatientWithoutAProgramHasNothingToLog) {
    Patient patient = addPatient();
    EXPECT_THROW(
        sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink),
        Poco::NotFoundException);
    EXPECT_FALSE(sessions.adherence(clinicId, patient.id));
}

TEST_F(SessionServiceTest, TodayCountsOnceSomethingIsLogged) {
    Patient patient = addPatient();
    // Every day, started a week ago (Wednesday to Tuesday), practised each day.
    Prescription p = runnerProgram(clock.today().plusDays(-7));
    for (auto& item : p.items)
        item.dose.daysPerWeek = 7;
    programs.create(actor, patient.id, p);
    for (int day = -7; day < 0; ++day)
        sessions.log(actor, patient.id, allDone(clock.today().plusDays(day)),
                     SessionSource::PatientLink);
    auto before = sessions.adherence(clinicId, patient.id);
    ASSERT_TRUE(before);
    EXPECT_EQ(before->summary.to, clock.today().plusDays(-1));
    EXPECT_DOUBLE_EQ(*before->summary.frequency, 1.0);
    sessions.log(actor, patient.id, allDone(clock.today()), SessionSource::PatientLink);
    auto after = sessions.adherence(clinicId, patient.id);
    EXPECT_EQ(after->summary.to, clock.today());
    EXPECT_DOUBLE_EQ(*after->summary.frequency, 1.0);
    EXPECT_EQ(after->summary.loggedSessions, 8);
}
