#include "domain/Session.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

Prescription twoItems() {
    Prescription p;
    p.title = "t";
    p.startDate = Date::parse("2026-11-02");
    p.endDate = Date::parse("2026-12-13");
    Dose each;
    each.side = Side::Each;
    p.items.push_back({"single-knee-to-chest", each, ""});
    p.items.push_back({"back-flexion-stretch", Dose{}, ""});
    return p;
}

} // namespace

TEST(Session, CountsEachSideAsItsOwnUnit) {
    Session session;
    session.entries = {{"single-knee-to-chest", Side::Left, true},
                       {"single-knee-to-chest", Side::Right, false},
                       {"back-flexion-stretch", Side::Both, true}};
    completeSession(session, twoItems());
    EXPECT_EQ(session.prescribedUnits, 3);
    EXPECT_EQ(session.doneUnits, 2);
}

TEST(Session, RefusesPainOutsideZeroToTen) {
    Session session;
    session.painBefore = 11;
    try {
        completeSession(session, twoItems());
        FAIL() << "pain 11 was accepted";
    } catch (const ValidationException& error) {
        ASSERT_EQ(error.errors().size(), 1u);
        EXPECT_EQ(error.errors()[0].field, "painBefore");
    }
}

TEST(Session, RefusesExercisesAndSidesTheProgramDoesNotHave) {
    Session session;
    session.entries = {{"tree-pose", Side::Left, true}, {"back-flexion-stretch", Side::Left, true}};
    try {
        completeSession(session, twoItems());
        FAIL() << "unknown entries were accepted";
    } catch (const ValidationException& error) {
        ASSERT_EQ(error.errors().size(), 2u);
        EXPECT_EQ(error.errors()[0].field, "entries[0].exercise");
        EXPECT_EQ(error.errors()[1].field, "entries[1].side");
    }
}

TEST(Session, RefusesASlotBeyondSessionsPerDay) {
    Session session;
    session.slot = 2;
    EXPECT_THROW(completeSession(session, twoItems()), ValidationException);
}
