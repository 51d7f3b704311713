#include "ServiceFixture.h"

#include <Poco/Exception.h>

using namespace Limber;

class ProgramServiceTest : public Testing::ServiceFixture {};

TEST_F(ProgramServiceTest, SavingTwiceMakesASecondVersionInForceFromToday) {
    Patient patient = addPatient();
    SavedProgram first =
        programs.save(actor, patient.id, runnerProgram(clock.today().plusDays(-7)));
    EXPECT_EQ(first.program.versions.size(), 1u);
    Prescription changed = runnerProgram(clock.today().plusDays(-7));
    changed.items[0].dose.hold = 20;
    SavedProgram second = programs.save(actor, patient.id, changed);
    EXPECT_EQ(second.program.id, first.program.id);
    ASSERT_EQ(second.program.versions.size(), 2u);
    EXPECT_EQ(second.program.current().effectiveFrom, clock.today());
    EXPECT_EQ(second.program.current().prescription.items[0].dose.hold, 20);
    EXPECT_EQ(second.program.versions[0].prescription.items[0].dose.hold, 30) << "history kept";
}

TEST_F(ProgramServiceTest, RefusesUnknownExercisesAndNamesTheField) {
    Patient patient = addPatient();
    Prescription p = runnerProgram(clock.today());
    p.items[1].exerciseId = "moonwalk";
    p.educationIds.push_back("astrology");
    try {
        programs.create(actor, patient.id, p);
        FAIL() << "accepted";
    } catch (const ValidationException& error) {
        ASSERT_EQ(error.errors().size(), 2u);
        EXPECT_EQ(error.errors()[0].field, "items[1].exercise");
        EXPECT_EQ(error.errors()[1].field, "education[1]");
    }
    EXPECT_FALSE(programs.current(actor, patient.id));
}

TEST_F(ProgramServiceTest, RefusesAnImpossibleDose) {
    Patient patient = addPatient();
    Prescription p = runnerProgram(clock.today());
    p.items[0].dose.hold = 900;
    EXPECT_THROW(programs.create(actor, patient.id, p), ValidationException);
}

TEST_F(ProgramServiceTest, AnotherClinicCannotSeeOrReviseTheProgram) {
    Patient patient = addPatient();
    SavedProgram saved = programs.create(actor, patient.id, runnerProgram(clock.today()));
    EXPECT_THROW(programs.get(outsider, saved.program.id), Poco::NotFoundException);
    EXPECT_THROW(programs.revise(outsider, saved.program.id, runnerProgram(clock.today())),
                 Poco::NotFoundException);
    EXPECT_THROW(programs.create(outsider, patient.id, runnerProgram(clock.today())),
                 Poco::NotFoundException);
    EXPECT_EQ(programs.get(actor, saved.program.id).versions.size(), 1u);
}

TEST_F(ProgramServiceTest, ShowsGuardrailWarnings) {
    Patient patient = addPatient();
    Prescription p = runnerProgram(clock.today());
    p.items[0].dose.hold = 90;
    SavedProgram saved = programs.create(actor, patient.id, p);
    ASSERT_EQ(saved.warnings.size(), 1u);
    EXPECT_EQ(saved.warnings[0].field, "items[0].dose.holdSeconds");
}
