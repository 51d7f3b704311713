#include "json/ProgramJson.h"

#include "json/DoseJson.h"
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

namespace {

Dose readDoseText(const std::string& text, const Dose& base = Dose{}) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(text, "body"), "dose", errors);
    auto dose = readDose(reader, base);
    errors.throwIfAny();
    EXPECT_TRUE(dose.has_value());
    return dose.value_or(Dose{});
}

std::vector<FieldError> doseTextErrors(const std::string& text, const Dose& base = Dose{}) {
    try {
        readDoseText(text, base);
    } catch (const ValidationException& error) {
        return error.errors();
    }
    return {};
}

} // namespace

TEST(DoseJson, OneSideFirstRoundTripsAndAlternateStaysUnwritten) {
    Dose dose = readDoseText(R"({"holdSeconds": 30, "reps": 3, "side": "each",
                                 "sideOrder": "one-side-first"})");
    EXPECT_EQ(dose.side, Side::Each);
    EXPECT_EQ(dose.sideOrder, SideOrder::OneSideFirst);
    std::ostringstream json;
    doseToJson(dose)->stringify(json);
    EXPECT_NE(json.str().find(R"("sideOrder":"one-side-first")"), std::string::npos) << json.str();
    EXPECT_EQ(readDoseText(json.str()), dose);

    // A dose written before the option (no sideOrder) keeps alternating, and writing an
    // alternating dose leaves the file as it was.
    Dose old = readDoseText(R"({"holdSeconds": 30, "reps": 3, "side": "each"})");
    EXPECT_EQ(old.sideOrder, SideOrder::Alternate);
    std::ostringstream oldJson;
    doseToJson(old)->stringify(oldJson);
    EXPECT_EQ(oldJson.str().find("sideOrder"), std::string::npos) << oldJson.str();
    EXPECT_EQ(readDoseText(R"({"side": "each", "sideOrder": "alternate"})").sideOrder,
              SideOrder::Alternate);
}

TEST(DoseJson, AnExerciseDefaultOfOneSideFirstGivesWayToAnotherSide) {
    Dose lunge;
    lunge.side = Side::Each;
    lunge.sideOrder = SideOrder::OneSideFirst;
    EXPECT_EQ(readDoseText(R"({"reps": 4})", lunge).sideOrder, SideOrder::OneSideFirst);
    Dose both = readDoseText(R"({"side": "both"})", lunge);
    EXPECT_EQ(both.side, Side::Both);
    EXPECT_EQ(both.sideOrder, SideOrder::Alternate);
    EXPECT_EQ(readDoseText(R"({"sideOrder": "alternate"})", lunge).sideOrder, SideOrder::Alternate);
}

TEST(DoseJson, RefusesUnknownOrdersAndAnOrderWithoutEachSide) {
    EXPECT_EQ(
        doseTextErrors(R"({"side": "each", "sideOrder": "left-first"})"),
        (std::vector<FieldError>{
            {"dose.sideOrder", "must be one of alternate, one-side-first (got \"left-first\")"}}));
    EXPECT_EQ(doseTextErrors(R"({"side": "each", "sideOrder": 1})").size(), 1u);
    for (const char* side : {"both", "left", "right"}) {
        auto errors = doseTextErrors(std::string(R"({"side": ")") + side +
                                     R"(", "sideOrder": "one-side-first"})");
        ASSERT_EQ(errors.size(), 1u) << side;
        EXPECT_EQ(errors[0].field, "dose.sideOrder");
        EXPECT_EQ(errors[0].message,
                  std::string("one side first needs side \"each\" (got \"") + side + "\")");
    }
    // Left out, side defaults to both: one side first alone is refused too.
    EXPECT_EQ(doseTextErrors(R"({"sideOrder": "one-side-first"})").size(), 1u);
}
