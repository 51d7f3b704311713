#include "catalog/Catalog.h"

#include "catalog/PackLoader.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

using namespace Limber;

TEST(Catalog, TheBuiltInPackHoldsTheSeedsEntries) {
    Catalog catalog = loadBuiltInCatalog();
    for (const char* id : {"back-flexion-stretch", "single-knee-to-chest",
                           "kneeling-hip-flexor-stretch", "tree-pose"})
        EXPECT_NE(catalog.exercise(id), nullptr) << id;
    for (const char* id : {"right-shoes", "warm-up"})
        EXPECT_NE(catalog.educationItem(id), nullptr) << id;
}

TEST(Catalog, TheSeedsDosesAreAsTheArticleGivesThem) {
    Catalog catalog = loadBuiltInCatalog();
    const Exercise* lunge = catalog.exercise("kneeling-hip-flexor-stretch");
    EXPECT_EQ(lunge->defaultDose.holdUnit, HoldUnit::Seconds);
    EXPECT_GE(lunge->defaultDose.hold, 15);
    EXPECT_LE(lunge->defaultDose.hold, 30);
    EXPECT_EQ(lunge->defaultDose.side, Side::Each);
    const Exercise* tree = catalog.exercise("tree-pose");
    EXPECT_EQ(tree->defaultDose.holdUnit, HoldUnit::Breaths);
    EXPECT_EQ(tree->defaultDose.hold, 5);
    EXPECT_EQ(tree->defaultDose.side, Side::Each);
    const Exercise* knees = catalog.exercise("back-flexion-stretch");
    EXPECT_FALSE(knees->textIn("en").precautions.empty()); // osteoporosis
}

TEST(Catalog, RefusesAPackWhoseIdsAreTaken) {
    Catalog catalog = loadBuiltInCatalog();
    Pack copy = *catalog.packs().front();
    copy.id = "clinic.copy";
    EXPECT_THROW(catalog.addPack(copy), Poco::ExistsException);
}

TEST(Catalog, FindsUnknownIdsInAPrescription) {
    Catalog catalog = loadBuiltInCatalog();
    Prescription p;
    p.items.push_back({"tree-pose", Dose{}, ""});
    p.items.push_back({"moonwalk", Dose{}, ""});
    p.educationIds = {"warm-up", "tree-pose"};
    auto errors = catalog.prescriptionErrors(p);
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].field, "items[1].exercise");
    EXPECT_EQ(errors[1].field, "education[1]");
}

TEST(Catalog, WarnsAboveEightExercisesAndOnShortStretches) {
    Catalog catalog = loadBuiltInCatalog();
    Prescription p;
    Dose shortHold = catalog.defaultDose("back-flexion-stretch").value();
    shortHold.hold = 5;
    p.items.push_back({"back-flexion-stretch", shortHold, ""});
    for (int i = 0; i < 8; ++i)
        p.items.push_back({"tree-pose", Dose{}, ""});
    auto warnings = catalog.warnings(p);
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[0].code, "items-many");
    EXPECT_EQ(warnings[1].field, "items[0].dose.holdSeconds");
}
