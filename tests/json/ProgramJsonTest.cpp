#include "json/ProgramJson.h"

#include "support/TestFiles.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

std::optional<Dose> defaults(const std::string& id) {
    if (id != "tree-pose" && id != "back-flexion-stretch")
        return std::nullopt;
    Dose dose;
    dose.holdUnit = HoldUnit::Breaths;
    dose.hold = 5;
    dose.side = Side::Each;
    return dose;
}

const char* PROGRAM = R"({
  "language": "es",
  "clinic": {"name": "Bayview"}, "therapist": {"name": "Dana"},
  "patient": {"name": "José Núñez-Åberg"},
  "title": "Balance", "startDate": "2026-11-02", "endDate": "2026-12-13",
  "items": [{"exercise": "tree-pose", "dose": {"reps": 2}, "note": "at a wall"}],
  "education": ["warm-up"]
})";

std::vector<std::string> fieldsOf(const ValidationException& error) {
    std::vector<std::string> fields;
    for (const auto& each : error.errors())
        fields.push_back(each.field);
    return fields;
}

} // namespace

TEST(ProgramJson, ReadsADocumentAndFillsDosesFromTheCatalog) {
    ProgramDocument document = readProgramDocument(PROGRAM, defaults, true);
    EXPECT_EQ(document.language, "es");
    EXPECT_EQ(document.patient.name, "José Núñez-Åberg");
    ASSERT_EQ(document.prescription.items.size(), 1u);
    const Dose& dose = document.prescription.items[0].dose;
    EXPECT_EQ(dose.holdUnit, HoldUnit::Breaths); // from the default
    EXPECT_EQ(dose.hold, 5);
    EXPECT_EQ(dose.reps, 2); // from the file
    EXPECT_EQ(document.prescription.items[0].note, "at a wall");
}

TEST(ProgramJson, RoundTripsThroughItsOwnOutput) {
    ProgramDocument document = readProgramDocument(PROGRAM, defaults, true);
    std::ostringstream json;
    programDocumentToJson(document)->stringify(json);
    ProgramDocument again = readProgramDocument(json.str(), defaults, true);
    EXPECT_EQ(again.prescription, document.prescription);
    EXPECT_EQ(again.patient.name, document.patient.name);
}

TEST(ProgramJson, TheExampleProgramReads) {
    auto lookup = [](const std::string&) { return std::optional<Dose>(Dose{}); };
    ProgramDocument document = readProgramDocument(
        Testing::readFile(Testing::sourcePath("examples/programs/runner-back-care.json")), lookup,
        true);
    EXPECT_EQ(document.patient.name, "José Núñez-Åberg");
    EXPECT_EQ(document.prescription.items.size(), 4u);
}

TEST(ProgramJson, NamesUnknownExercisesAndImpossibleDoses) {
    const char* bad = R"({"clinic": {"name": "c"}, "therapist": {"name": "t"},
        "patient": {"name": "p"}, "title": "x", "startDate": "2026-11-02",
        "endDate": "2026-11-30",
        "items": [{"exercise": "moonwalk"},
                  {"exercise": "tree-pose", "dose": {"holdSeconds": 900, "side": "up"}}]})";
    try {
        readProgramDocument(bad, defaults, true);
        FAIL() << "accepted";
    } catch (const ValidationException& error) {
        EXPECT_EQ(fieldsOf(error),
                  (std::vector<std::string>{"items[0].exercise", "items[1].dose.holdSeconds",
                                            "items[1].dose.side"}));
    }
}

TEST(ProgramJson, RequiresThePeopleOnlyForTheOfflineHandout) {
    const char* bare = R"({"title": "x", "startDate": "2026-11-02", "endDate": "2026-11-30",
                           "items": [{"exercise": "tree-pose"}]})";
    EXPECT_NO_THROW(readProgramDocument(bare, defaults, false));
    try {
        readProgramDocument(bare, defaults, true);
        FAIL() << "accepted";
    } catch (const ValidationException& error) {
        EXPECT_EQ(fieldsOf(error), (std::vector<std::string>{"clinic", "therapist", "patient"}));
    }
}

TEST(ProgramJson, RejectsBrokenJsonAndWrongDates) {
    EXPECT_THROW(readProgramDocument("{\"title\": ", defaults, false), ValidationException);
    const char* dates = R"({"title": "x", "startDate": "2026-02-30", "endDate": "soon",
                            "items": [{"exercise": "tree-pose"}]})";
    try {
        readProgramDocument(dates, defaults, false);
        FAIL() << "accepted";
    } catch (const ValidationException& error) {
        EXPECT_EQ(fieldsOf(error), (std::vector<std::string>{"startDate", "endDate"}));
    }
}
