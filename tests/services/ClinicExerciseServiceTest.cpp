#include "services/ClinicExerciseService.h"

#include "ServiceFixture.h"
#include "services/ClinicCatalog.h"
#include "services/HandoutService.h"

#include <Poco/Exception.h>

using namespace Limber;

namespace {

class ClinicExerciseServiceTest : public Testing::ServiceFixture {
protected:
    ClinicExerciseServiceTest() : exercises(store, clock, catalog, audit) {
        User user{0, clinicId, "ana@bayview.example", "Ana Admin", Role::Admin, "x", false};
        admin = {clinicId, store.createUser(user), Role::Admin, "Ana Admin", "192.0.2.11", {}};
        User other{0, otherClinicId, "olga@elsewhere.example", "Olga", Role::Admin, "x", false};
        otherAdmin = {otherClinicId, store.createUser(other), Role::Admin, "Olga", "", {}};
    }

    /// A clinic's version of the wall sit, written as a therapist would.
    Exercise wallSit(const std::string& firstStep = "Stand with your back against a wall.") {
        Exercise e;
        e.id = "wall-sit";
        e.strategy = "strengthen-trunk";
        e.type = ExerciseType::Strength;
        e.regions = {"thigh", "buttock"};
        e.position = "standing";
        e.equipment = {"wall"};
        e.defaultDose.holdUnit = HoldUnit::Seconds;
        e.defaultDose.hold = 20;
        e.defaultDose.reps = 3;
        e.doseRange = {10, 45, 2, 5};
        e.regressionId = "sit-to-stand";
        e.figureId = "sit-to-stand";
        e.source = "Bayview protocol";
        e.text["en"] = {"Wall sit",
                        {"wall squat"},
                        {firstStep, "Slide down until your knees "
                                    "are bent halfway."},
                        {"Keep your back flat on the wall."},
                        {},
                        {},
                        "",
                        ""};
        e.text["es"] = {"Sentadilla en la pared",
                        {"silla en la pared"},
                        {"Apoye la espalda en una pared.", "Baje hasta doblar las rodillas a "
                                                           "medias."},
                        {"Mantenga la espalda pegada a la pared."},
                        {},
                        {},
                        "",
                        ""};
        return e;
    }

    std::vector<std::string> auditActions() {
        std::vector<std::string> actions;
        for (const auto& event : store.auditEvents(clinicId, 0, 4'000'000'000))
            actions.push_back(event.action);
        return actions;
    }

    ClinicExerciseService exercises;
    Actor admin;
    Actor otherAdmin;
};

std::vector<std::string> fieldsOf(const ValidationException& error) {
    std::vector<std::string> fields;
    for (const auto& each : error.errors())
        fields.push_back(each.field);
    return fields;
}

} // namespace

TEST_F(ClinicExerciseServiceTest, AnAdminsExerciseIsInEveryCatalogOfTheClinicAndNoOther) {
    SavedExercise saved = exercises.create(admin, wallSit());
    EXPECT_EQ(saved.exercise.revision, 1);
    EXPECT_TRUE(saved.warnings.empty());
    Catalog mine = exercises.catalog(actor); // a therapist of the same clinic
    ASSERT_NE(mine.exercise("wall-sit"), nullptr);
    EXPECT_EQ(mine.exercise("wall-sit")->textIn("es").name, "Sentadilla en la pared");
    EXPECT_EQ(mine.exercise("wall-sit")->figureId, "sit-to-stand");
    EXPECT_EQ(exercises.catalog(outsider).exercise("wall-sit"), nullptr);
    EXPECT_THROW(exercises.history(outsider, "wall-sit"), Poco::NotFoundException);
    // Another clinic may have its own exercise of the same id.
    Exercise theirs = wallSit("Their own words.");
    EXPECT_EQ(exercises.create(otherAdmin, theirs).exercise.revision, 1);
    EXPECT_EQ(exercises.catalog(actor).exercise("wall-sit")->textIn("en").steps[0],
              "Stand with your back against a wall.");
}

TEST_F(ClinicExerciseServiceTest, OnlyAdminsAddOrEditAndNeverThroughAnApiKey) {
    EXPECT_THROW(exercises.create(actor, wallSit()), Poco::NoPermissionException);
    Actor key = admin;
    key.via = "API key 3";
    EXPECT_THROW(exercises.create(key, wallSit()), Poco::NoPermissionException);
    exercises.create(admin, wallSit());
    EXPECT_THROW(exercises.update(actor, "wall-sit", wallSit(), 1), Poco::NoPermissionException);
    EXPECT_EQ(exercises.history(admin, "wall-sit").size(), 1u);
}

TEST_F(ClinicExerciseServiceTest, RefusesWhatThePackLoaderRefusesNamingEachField) {
    Exercise bad = wallSit();
    bad.defaultDose.reps = 0;
    bad.regions.push_back("elbow");
    bad.text["en"].steps.clear();
    bad.regressionId = "moonwalk";
    try {
        exercises.create(admin, bad);
        FAIL() << "accepted";
    } catch (const ValidationException& error) {
        EXPECT_EQ(fieldsOf(error), (std::vector<std::string>{"regions[2]", "defaultDose.reps",
                                                             "text.en.steps", "regressionId"}));
    }
    EXPECT_TRUE(store.clinicExercises(clinicId).empty()) << "nothing half-saved";
    EXPECT_TRUE(auditActions().empty());
}

TEST_F(ClinicExerciseServiceTest, AMissingSpanishTextIsAWarningNotARefusal) {
    Exercise english = wallSit();
    english.text.erase("es");
    SavedExercise saved = exercises.create(admin, english);
    ASSERT_EQ(saved.warnings.size(), 1u);
    EXPECT_EQ(saved.warnings[0].field, "text.es");
    EXPECT_EQ(saved.warnings[0].message, "translation is missing");
    // Spanish readers get the English words rather than nothing.
    EXPECT_EQ(exercises.catalog(actor).exercise("wall-sit")->textIn("es").name, "Wall sit");
}

TEST_F(ClinicExerciseServiceTest, BuiltInExercisesAreReadOnly) {
    Exercise tree = *catalog.exercise("tree-pose");
    tree.text["en"].name = "Our tree pose";
    EXPECT_THROW(exercises.update(admin, "tree-pose", tree, 0), Poco::NoPermissionException);
    try {
        exercises.create(admin, tree);
        FAIL() << "accepted";
    } catch (const ValidationException& error) {
        EXPECT_EQ(fieldsOf(error), std::vector<std::string>{"id"});
    }
    EXPECT_EQ(exercises.catalog(actor).exercise("tree-pose")->textIn("en").name, "Tree pose");
}

TEST_F(ClinicExerciseServiceTest, ACopyOfABuiltInKeepsItsDrawingAndSaysWhereItCameFrom) {
    Exercise copy = exercises.copyOf(admin, "tree-pose", "tree-pose-at-the-wall");
    EXPECT_EQ(copy.figureId, "tree-pose");
    EXPECT_EQ(copy.revision, 0);
    EXPECT_EQ(copy.source.rfind("Adapted from \"Tree pose\" (tree-pose).", 0), 0u);
    copy.text["en"].name = "Tree pose at the wall";
    SavedExercise saved = exercises.create(admin, copy);
    EXPECT_EQ(saved.exercise.textIn("es").steps, catalog.exercise("tree-pose")->textIn("es").steps);
    EXPECT_THROW(exercises.copyOf(admin, "moonwalk", "x"), Poco::NotFoundException);
}

TEST_F(ClinicExerciseServiceTest, EditsKeepEveryRevisionAndAStaleEditIsRefused) {
    exercises.create(admin, wallSit());
    SavedExercise second = exercises.update(admin, "wall-sit", wallSit("Lean on a wall."), 1);
    EXPECT_EQ(second.exercise.revision, 2);
    EXPECT_THROW(exercises.update(admin, "wall-sit", wallSit("Someone else's edit."), 1),
                 Poco::ExistsException);
    auto history = exercises.history(actor, "wall-sit");
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].exercise.textIn("en").steps[0], "Stand with your back against a wall.");
    EXPECT_EQ(history[1].exercise.textIn("en").steps[0], "Lean on a wall.");
    EXPECT_EQ(history[1].createdByName, "Ana Admin");
    Exercise renamed = wallSit();
    renamed.id = "chair-sit";
    EXPECT_THROW(exercises.update(admin, "wall-sit", renamed, 2), ValidationException);
    EXPECT_EQ(auditActions(), (std::vector<std::string>{"exercise.create", "exercise.revise"}));
}

TEST_F(ClinicExerciseServiceTest, AnOldProgramVersionPrintsTheRevisionItPrescribed) {
    exercises.create(admin, wallSit("Old words: stand against the wall."));
    Patient patient = addPatient();
    Prescription p = runnerProgram(clock.today());
    p.items.push_back({"wall-sit", exercises.catalog(actor).defaultDose("wall-sit").value(), ""});
    SavedProgram first = programs.save(actor, patient.id, p);
    EXPECT_EQ(first.program.current().prescription.items.back().exerciseRevision, 1);

    exercises.update(admin, "wall-sit", wallSit("New words: lean on the wall."), 1);
    SavedProgram second = programs.save(actor, patient.id, p);
    EXPECT_EQ(second.program.current().prescription.items.back().exerciseRevision, 2);

    FontLibrary fonts;
    HandoutReport report(fonts);
    HandoutService handouts(store, clock, catalog, links, audit, report);
    auto textOf = [&](int version) {
        std::string path = dir.file("v" + std::to_string(version) + ".pdf");
        Testing::writeFile(path, handouts.render(actor, first.program.id, version, {}));
        return Testing::runProcess("pdftotext", {path, "-"}).out;
    };
    std::string old = textOf(1);
    EXPECT_NE(old.find("Old words"), std::string::npos);
    EXPECT_EQ(old.find("New words"), std::string::npos);
    std::string current = textOf(2);
    EXPECT_NE(current.find("New words"), std::string::npos);
    EXPECT_EQ(current.find("Old words"), std::string::npos);
}

TEST_F(ClinicExerciseServiceTest, ProgramWarningsCoverTheClinicsOwnExercises) {
    exercises.create(admin, wallSit());
    Patient patient = addPatient();
    Prescription p = runnerProgram(clock.today());
    Dose dose = exercises.catalog(actor).defaultDose("wall-sit").value();
    dose.hold = 60; // the clinic's range for it is 10-45 s
    p.items.push_back({"wall-sit", dose, ""});
    SavedProgram saved = programs.save(actor, patient.id, p);
    ASSERT_EQ(saved.warnings.size(), 1u);
    EXPECT_EQ(saved.warnings[0].code, "hold-outside-range");
    EXPECT_EQ(saved.warnings[0].field, "items[2].dose.holdSeconds");
    EXPECT_EQ(programs.warnings(actor, saved.program.current().prescription).size(), 1u);
}

TEST_F(ClinicExerciseServiceTest, AnotherClinicsExerciseCannotBePrescribed) {
    exercises.create(otherAdmin, wallSit());
    Patient patient = addPatient();
    Prescription p = runnerProgram(clock.today());
    p.items.push_back({"wall-sit", Dose{}, ""});
    try {
        programs.save(actor, patient.id, p);
        FAIL() << "accepted";
    } catch (const ValidationException& error) {
        EXPECT_EQ(fieldsOf(error), std::vector<std::string>{"items[2].exercise"});
    }
}

TEST_F(ClinicExerciseServiceTest, ADrawingMustBeOneOfTheFigureLibraryOrNone) {
    Exercise unknown = wallSit();
    unknown.figureId = "wall-sit";
    try {
        exercises.create(admin, unknown);
        FAIL() << "accepted";
    } catch (const ValidationException& error) {
        EXPECT_EQ(fieldsOf(error), std::vector<std::string>{"figure"});
    }
    Exercise none = wallSit();
    none.figureId.clear();
    EXPECT_EQ(exercises.create(admin, none).exercise.figureId, "");
}
