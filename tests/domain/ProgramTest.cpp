#include "domain/Program.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

Prescription valid() {
    Prescription p;
    p.title = "Runner's back care";
    p.startDate = Date::parse("2026-11-02");
    p.endDate = Date::parse("2026-12-13");
    p.items.push_back({"back-flexion-stretch", Dose{}, ""});
    return p;
}

} // namespace

TEST(Prescription, AValidOneHasNoErrors) {
    EXPECT_TRUE(prescriptionErrors(valid()).empty());
}

TEST(Prescription, NamesEveryBadField) {
    Prescription p = valid();
    p.title.clear();
    p.endDate = p.startDate.plusDays(-1);
    p.items.push_back({"back-flexion-stretch", Dose{}, ""});
    p.items[1].dose.reps = 0;
    auto errors = prescriptionErrors(p);
    ASSERT_EQ(errors.size(), 4u);
    EXPECT_EQ(errors[0].field, "title");
    EXPECT_EQ(errors[1].field, "endDate");
    EXPECT_EQ(errors[2].field, "items[1].exercise"); // listed twice
    EXPECT_EQ(errors[3].field, "items[1].dose.reps");
}

TEST(Prescription, RefusesAnEmptyProgram) {
    Prescription p = valid();
    p.items.clear();
    auto errors = prescriptionErrors(p);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "items");
}

TEST(Program, FindsTheVersionInForceOnEachDay) {
    Program program;
    ProgramVersion first{1, Date::parse("2026-11-02"), valid(), 0, 0};
    ProgramVersion second{2, Date::parse("2026-11-12"), valid(), 0, 0};
    program.versions = {first, second};
    EXPECT_EQ(program.versionOn(Date::parse("2026-11-02"))->number, 1);
    EXPECT_EQ(program.versionOn(Date::parse("2026-11-11"))->number, 1);
    EXPECT_EQ(program.versionOn(Date::parse("2026-11-12"))->number, 2);
    EXPECT_EQ(program.versionOn(Date::parse("2026-11-01")), nullptr); // before the start
    EXPECT_EQ(program.versionOn(Date::parse("2026-12-14")), nullptr); // after the end
}
