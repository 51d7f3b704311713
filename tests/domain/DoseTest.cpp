#include "domain/Dose.h"

#include "domain/DoseText.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

Dose stretch(int holdSeconds) {
    Dose dose;
    dose.holdUnit = HoldUnit::Seconds;
    dose.hold = holdSeconds;
    dose.reps = 2;
    return dose;
}

bool hasError(const std::vector<FieldError>& errors, const std::string& field) {
    for (const auto& error : errors)
        if (error.field == field)
            return true;
    return false;
}

} // namespace

TEST(Dose, AcceptsTheSeedsDoses) {
    EXPECT_TRUE(doseErrors(stretch(30)).empty());
    Dose tree;
    tree.holdUnit = HoldUnit::Breaths;
    tree.hold = 5;
    tree.side = Side::Each;
    EXPECT_TRUE(doseErrors(tree).empty());
}

TEST(Dose, RejectsHoldOverTenMinutes) {
    auto errors = doseErrors(stretch(601));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "holdSeconds");
    EXPECT_EQ(errors[0].message, "must be between 1 and 600 seconds (got 601)");
}

TEST(Dose, RejectsZeroRepsZeroDaysAndNegativeValues) {
    Dose dose = stretch(30);
    dose.reps = 0;
    dose.daysPerWeek = 0;
    dose.sets = -1;
    dose.restSeconds = -5;
    auto errors = doseErrors(dose);
    EXPECT_TRUE(hasError(errors, "reps"));
    EXPECT_TRUE(hasError(errors, "daysPerWeek"));
    EXPECT_TRUE(hasError(errors, "sets"));
    EXPECT_TRUE(hasError(errors, "restSeconds"));
}

TEST(Dose, RejectsAHoldWithoutUnit) {
    Dose dose;
    dose.hold = 10;
    EXPECT_TRUE(hasError(doseErrors(dose), "hold"));
}

TEST(Dose, WarnsOnStretchHoldsOutsideTenToSixtySeconds) {
    auto shortHold = doseWarnings(stretch(5), ExerciseType::Stretch);
    ASSERT_EQ(shortHold.size(), 1u);
    EXPECT_EQ(shortHold[0].code, "hold-short");
    EXPECT_EQ(doseWarnings(stretch(90), ExerciseType::Stretch)[0].code, "hold-long");
    EXPECT_TRUE(doseWarnings(stretch(30), ExerciseType::Stretch).empty());
    // Balance holds are not static stretches.
    EXPECT_TRUE(doseWarnings(stretch(90), ExerciseType::Balance).empty());
}

TEST(Dose, WarnsOnManySetsAndSessions) {
    Dose dose = stretch(30);
    dose.sets = 5;
    dose.sessionsPerDay = 4;
    auto warnings = doseWarnings(dose, ExerciseType::Stretch);
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[0].field, "sets");
    EXPECT_EQ(warnings[1].field, "sessionsPerDay");
}

TEST(DoseText, WritesTheDoseOutForPatients) {
    Dose dose = stretch(30);
    dose.side = Side::Each;
    dose.daysPerWeek = 5;
    EXPECT_EQ(describeDose(dose, "en"),
              "Hold 30 s \u00B7 2 reps \u00B7 each side \u00B7 once a day, 5 days a week");
    EXPECT_EQ(describeDose(dose, "es"), "Mantener 30 s \u00B7 2 repeticiones \u00B7 cada lado "
                                        "\u00B7 una vez al día, 5 días a la semana");
}

TEST(DoseText, WritesBreathsSetsAndDailyPractice) {
    Dose dose;
    dose.holdUnit = HoldUnit::Breaths;
    dose.hold = 5;
    dose.reps = 1;
    dose.sets = 3;
    dose.sessionsPerDay = 2;
    EXPECT_EQ(describeDose(dose, "en"),
              "Hold 5 breaths \u00B7 1 rep \u00B7 3 sets \u00B7 twice a day, every day");
}

TEST(Dose, OneSideFirstIsAnOrderOfEachSideOnly) {
    Dose dose = stretch(30);
    EXPECT_EQ(dose.sideOrder, SideOrder::Alternate) << "a dose alternates unless told";
    dose.side = Side::Each;
    dose.sideOrder = SideOrder::OneSideFirst;
    EXPECT_TRUE(doseErrors(dose).empty());
    for (Side other : {Side::Both, Side::Left, Side::Right}) {
        dose.side = other;
        auto errors = doseErrors(dose);
        ASSERT_EQ(errors.size(), 1u) << toString(other);
        EXPECT_EQ(errors[0].field, "sideOrder");
        EXPECT_EQ(errors[0].message, "one side first needs side \"each\" (got \"" +
                                         std::string(toString(other)) + "\")");
    }
}

TEST(Dose, SideOrdersReadBackFromTheirNames) {
    for (SideOrder order : {SideOrder::Alternate, SideOrder::OneSideFirst})
        EXPECT_EQ(sideOrderFromString(toString(order)), order);
    EXPECT_EQ(toString(SideOrder::OneSideFirst), "one-side-first");
    for (const char* wrong : {"", "Alternate", "one side first", "each", "one-side-first "})
        EXPECT_EQ(sideOrderFromString(wrong), std::nullopt) << wrong;
}

TEST(DoseText, SaysWhenAllRepetitionsGoOnOneSideFirst) {
    Dose dose = stretch(30);
    dose.side = Side::Each;
    dose.sideOrder = SideOrder::OneSideFirst;
    EXPECT_EQ(describeDose(dose, "en"),
              "Hold 30 s \u00B7 2 reps \u00B7 each side: all reps on one side, then switch "
              "\u00B7 once a day, every day");
    EXPECT_EQ(describeDose(dose, "es"),
              "Mantener 30 s \u00B7 2 repeticiones \u00B7 cada lado: todas las repeticiones de "
              "un lado, luego cambie \u00B7 una vez al día, todos los días");
    dose.sideOrder = SideOrder::Alternate;
    EXPECT_EQ(describeDoseParts(dose, "en")[2], "each side");
    EXPECT_EQ(describeDoseParts(dose, "es")[2], "cada lado");
}
