#include "catalog/Catalog.h"

#include "catalog/PackLoader.h"

#include <Poco/Exception.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <regex>

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

namespace {

const Catalog& builtIn() {
    static const Catalog catalog = loadBuiltInCatalog();
    return catalog;
}

std::vector<std::string> idsOf(const std::vector<const Exercise*>& exercises) {
    std::vector<std::string> ids;
    for (const Exercise* exercise : exercises)
        ids.push_back(exercise->id);
    return ids;
}

bool hasId(const std::vector<const Exercise*>& exercises, const std::string& id) {
    auto ids = idsOf(exercises);
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

} // namespace

TEST(Catalog, TheBuiltInPackHasEveryEntryTheFiguresAreDrawnFor) {
    // The fixed list shared with the figure library: renaming one breaks its drawing.
    const char* exercises[] = {"back-flexion-stretch",
                               "single-knee-to-chest",
                               "pelvic-tilt",
                               "lower-trunk-rotation",
                               "cat-cow",
                               "childs-pose",
                               "prone-press-up",
                               "seated-thoracic-extension",
                               "kneeling-hip-flexor-stretch",
                               "standing-hip-flexor-stretch",
                               "figure-four-stretch",
                               "supine-hamstring-stretch",
                               "calf-stretch",
                               "glute-bridge",
                               "dead-bug",
                               "bird-dog",
                               "side-lying-clam",
                               "modified-plank",
                               "forearm-plank",
                               "modified-side-plank",
                               "hip-hinge-drill",
                               "sit-to-stand",
                               "doorway-chest-stretch",
                               "chin-tuck",
                               "tree-pose",
                               "single-leg-stance",
                               "tandem-stance",
                               "heel-raises",
                               "marching-in-place",
                               "leg-swings",
                               "standing-back-extension",
                               "hip-circles"};
    for (const char* id : exercises) {
        const Exercise* exercise = builtIn().exercise(id);
        ASSERT_NE(exercise, nullptr) << id;
        EXPECT_EQ(exercise->figureId, id);
    }
    EXPECT_EQ(builtIn().exercises().size(), std::size(exercises));
    for (const char* id : {"right-shoes", "warm-up", "hurt-versus-harm", "desk-breaks",
                           "lifting-safely", "stay-active"})
        EXPECT_NE(builtIn().educationItem(id), nullptr) << id;
    EXPECT_GE(builtIn().exercises().size() + builtIn().educationItems().size(), 30u);
}

TEST(Catalog, EveryBuiltInTextIsInEnglishAndSpanishWithTheSameShape) {
    for (const Exercise* exercise : builtIn().exercises()) {
        ASSERT_EQ(exercise->text.count("en"), 1u) << exercise->id;
        ASSERT_EQ(exercise->text.count("es"), 1u) << exercise->id;
        const ExerciseText& en = exercise->text.at("en");
        const ExerciseText& es = exercise->text.at("es");
        EXPECT_NE(en.name, es.name) << exercise->id;
        EXPECT_EQ(en.steps.size(), es.steps.size()) << exercise->id;
        EXPECT_EQ(en.cues.size(), es.cues.size()) << exercise->id;
        EXPECT_EQ(en.mistakes.size(), es.mistakes.size()) << exercise->id;
        EXPECT_EQ(en.precautions.size(), es.precautions.size()) << exercise->id;
        EXPECT_EQ(en.regression.empty(), es.regression.empty()) << exercise->id;
        EXPECT_EQ(en.progression.empty(), es.progression.empty()) << exercise->id;
        EXPECT_FALSE(en.aliases.empty()) << exercise->id;
        EXPECT_FALSE(es.aliases.empty()) << exercise->id;
        EXPECT_GE(en.steps.size(), 3u) << exercise->id;
        EXPECT_FALSE(en.cues.empty()) << exercise->id;
        EXPECT_FALSE(en.mistakes.empty()) << exercise->id;
        EXPECT_FALSE(en.precautions.empty()) << exercise->id;
        EXPECT_FALSE(exercise->source.empty()) << exercise->id;
    }
    for (const EducationItem* item : builtIn().educationItems()) {
        ASSERT_EQ(item->text.count("es"), 1u) << item->id;
        EXPECT_EQ(item->text.at("en").points.size(), item->text.at("es").points.size()) << item->id;
    }
    for (TermKind kind : TERM_KINDS)
        for (const Term* term : builtIn().terms(kind))
            EXPECT_EQ(term->label.count("es"), 1u) << term->id;
    for (const ProgramTemplate* each : builtIn().templates())
        EXPECT_EQ(each->text.count("es"), 1u) << each->id;
}

TEST(Catalog, EveryBuiltInExerciseHasAnEasierOrHarderWayLinkedWhereOneExists) {
    for (const Exercise* exercise : builtIn().exercises()) {
        const ExerciseText& en = exercise->textIn("en");
        EXPECT_FALSE(en.regression.empty() && en.progression.empty()) << exercise->id;
        for (const std::string* link : {&exercise->regressionId, &exercise->progressionId}) {
            if (!link->empty()) {
                EXPECT_NE(builtIn().exercise(*link), nullptr) << exercise->id << " -> " << *link;
            }
        }
    }
    EXPECT_EQ(builtIn().exercise("tree-pose")->regressionId, "single-leg-stance");
    EXPECT_EQ(builtIn().exercise("back-flexion-stretch")->progressionId, "single-knee-to-chest");
    EXPECT_EQ(builtIn().exercise("kneeling-hip-flexor-stretch")->regressionId,
              "standing-hip-flexor-stretch");
}

TEST(Catalog, TheSeedsStrategiesAndWarmUpAreAsTheArticleGivesThem) {
    std::vector<std::string> strategies;
    for (const Term* term : builtIn().terms(TermKind::Strategy))
        strategies.push_back(term->labelIn("en"));
    ASSERT_GE(strategies.size(), 5u);
    EXPECT_EQ(std::vector<std::string>(strategies.begin(), strategies.begin() + 4),
              (std::vector<std::string>{"Relax your back", "Stretch your hip flexors",
                                        "Wear the right shoes", "Build your balance"}));
    const auto& knees = builtIn().exercise("back-flexion-stretch")->textIn("en").steps;
    EXPECT_EQ(knees.at(1),
              "Pull both knees to your chest as far as possible, holding them with your hands.");
    EXPECT_EQ(knees.back(),
              "Tighten your stomach muscles as you lower each leg to the ground, one at a time.");
    const auto& tree = builtIn().exercise("tree-pose")->textIn("en");
    EXPECT_EQ(tree.regression,
              "If you cannot get into the pose by yourself, start with one hand on a wall.");
    EXPECT_EQ(tree.progression, "Raise your arms toward the sky.");
    EXPECT_EQ(builtIn().educationItem("warm-up")->textIn("en").points.at(0),
              "Every workout, HIIT included, inside or outside, should begin with a warm-up.");
    EXPECT_EQ(builtIn().educationItem("right-shoes")->strategy, "right-shoes");
}

TEST(Catalog, KneeToChestWarnsPatientsWithOsteoporosis) {
    for (const char* id : {"back-flexion-stretch", "single-knee-to-chest"})
        for (const char* language : {"en", "es"}) {
            const auto& precautions = builtIn().exercise(id)->textIn(language).precautions;
            ASSERT_FALSE(precautions.empty());
            EXPECT_NE(precautions[0].find("osteopor"), std::string::npos) << id << language;
        }
}

TEST(Catalog, EveryBuiltInStretchHoldsWithinTheClinicalNorm) {
    for (const Exercise* exercise : builtIn().exercises()) {
        EXPECT_TRUE(doseWarnings(exercise->defaultDose, exercise->type).empty()) << exercise->id;
        if (exercise->type == ExerciseType::Stretch) {
            EXPECT_EQ(exercise->defaultDose.holdUnit, HoldUnit::Seconds) << exercise->id;
            EXPECT_GE(exercise->defaultDose.hold, 15) << exercise->id;
            EXPECT_LE(exercise->defaultDose.hold, 60) << exercise->id;
            EXPECT_GE(exercise->defaultDose.reps, 2) << exercise->id;
            EXPECT_LE(exercise->defaultDose.reps, 4) << exercise->id;
        }
    }
}

TEST(Catalog, EveryTemplateIsAValidProgramWithoutWarnings) {
    std::vector<std::string> ids;
    for (const ProgramTemplate* each : builtIn().templates()) {
        ids.push_back(each->id);
        for (const char* language : {"en", "es"}) {
            Prescription p = each->prescription(language, Date::parse("2026-11-23"));
            EXPECT_TRUE(prescriptionErrors(p).empty()) << each->id;
            EXPECT_TRUE(builtIn().prescriptionErrors(p).empty()) << each->id;
            EXPECT_TRUE(builtIn().warnings(p).empty()) << each->id;
        }
    }
    EXPECT_GE(ids.size(), 4u);
    for (const char* id : {"runners-back-care", "desk-worker", "older-adult-balance", "after-hiit"})
        EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
}

TEST(Catalog, TheRunnersTemplateIsTheSeedsProgram) {
    const ProgramTemplate* runners = builtIn().programTemplate("runners-back-care");
    ASSERT_NE(runners, nullptr);
    Prescription p = runners->prescription("en", Date::parse("2026-11-23"));
    EXPECT_EQ(p.title, "Runner's back care: the four strategies");
    std::vector<std::string> exercises;
    for (const auto& item : p.items)
        exercises.push_back(item.exerciseId);
    EXPECT_EQ(exercises, (std::vector<std::string>{"back-flexion-stretch", "single-knee-to-chest",
                                                   "kneeling-hip-flexor-stretch", "tree-pose"}));
    EXPECT_EQ(p.educationIds, (std::vector<std::string>{"right-shoes", "warm-up"}));
    EXPECT_EQ(p.items[3].dose.holdUnit, HoldUnit::Breaths);
    EXPECT_EQ(p.items[3].dose.hold, 5);
    Prescription es = runners->prescription("es", Date::parse("2026-11-23"));
    EXPECT_EQ(es.title, "Espalda sana para corredores: las cuatro estrategias");
    EXPECT_EQ(es.items[2].note, "Ponga una toalla doblada debajo de la rodilla.");
}

TEST(Catalog, FoldsCaseAndAccentsForSearch) {
    EXPECT_EQ(foldForSearch("Rodílla"), "rodilla");
    EXPECT_EQ(foldForSearch("ÑANDÚ Çà"), "nandu ca");
    EXPECT_EQ(foldForSearch("Postura del Árbol"), "postura del arbol");
    EXPECT_EQ(foldForSearch("\xff broken"), "\xff broken"); // not UTF-8: kept byte for byte
}

TEST(Catalog, SearchesNamesAndAliasesInBothLanguages) {
    auto find = [](const std::string& text) {
        ExerciseQuery query;
        query.text = text;
        return builtIn().find(query);
    };
    EXPECT_TRUE(hasId(find("rodilla"), "single-knee-to-chest"));
    EXPECT_TRUE(hasId(find("RODÍLLA pecho"), "single-knee-to-chest"));
    EXPECT_TRUE(hasId(find("piriformis"), "figure-four-stretch")); // English alias
    EXPECT_TRUE(hasId(find("piriforme"), "figure-four-stretch"));  // Spanish alias
    EXPECT_TRUE(hasId(find("arbol"), "tree-pose"));                // "árbol" typed without accent
    EXPECT_EQ(idsOf(find("knee chest")).size(), 2u);               // every word must match
    EXPECT_TRUE(find("moonwalk").empty());
    EXPECT_EQ(find("").size(), builtIn().exercises().size());
}

TEST(Catalog, FiltersByStrategyRegionPositionEquipmentAndType) {
    ExerciseQuery balance;
    balance.strategy = "build-balance";
    EXPECT_EQ(idsOf(builtIn().find(balance)),
              (std::vector<std::string>{"tree-pose", "single-leg-stance", "tandem-stance",
                                        "heel-raises"}));
    ExerciseQuery neck;
    neck.region = "neck";
    EXPECT_TRUE(hasId(builtIn().find(neck), "chin-tuck"));
    EXPECT_FALSE(hasId(builtIn().find(neck), "calf-stretch"));
    ExerciseQuery kneeling;
    kneeling.position = "kneeling";
    EXPECT_EQ(idsOf(builtIn().find(kneeling)),
              (std::vector<std::string>{"childs-pose", "kneeling-hip-flexor-stretch"}));
    ExerciseQuery strap;
    strap.equipment = "strap";
    EXPECT_EQ(idsOf(builtIn().find(strap)), std::vector<std::string>{"supine-hamstring-stretch"});
    ExerciseQuery nothing;
    nothing.equipment = "none";
    EXPECT_TRUE(hasId(builtIn().find(nothing), "pelvic-tilt"));   // a mat at most
    EXPECT_FALSE(hasId(builtIn().find(nothing), "sit-to-stand")); // needs a chair
    ExerciseQuery lyingStretches;
    lyingStretches.position = "lying-on-back";
    lyingStretches.type = ExerciseType::Stretch;
    lyingStretches.text = "knee";
    EXPECT_EQ(idsOf(builtIn().find(lyingStretches)),
              (std::vector<std::string>{"back-flexion-stretch", "single-knee-to-chest"}));
}

TEST(Catalog, AClinicsOwnExercisesJoinItsCatalogOnly) {
    Exercise own = *builtIn().exercise("tree-pose");
    own.id = "tree-pose-at-the-wall";
    own.revision = 2;
    own.text["en"].name = "Tree pose at the wall";
    Catalog clinic = builtIn().withOwnExercises({own});
    ASSERT_NE(clinic.exercise("tree-pose-at-the-wall"), nullptr);
    EXPECT_EQ(clinic.exercise("tree-pose-at-the-wall")->revision, 2);
    EXPECT_EQ(builtIn().exercise("tree-pose-at-the-wall"), nullptr);
    EXPECT_EQ(clinic.exercises().size(), builtIn().exercises().size() + 1);
    ExerciseQuery mine;
    mine.own = true;
    EXPECT_EQ(idsOf(clinic.find(mine)), std::vector<std::string>{"tree-pose-at-the-wall"});
    // The built-in entries are shared, not copied: the same objects in both catalogs.
    EXPECT_EQ(clinic.exercise("tree-pose"), builtIn().exercise("tree-pose"));
}

TEST(Catalog, WarnsWhenADoseLeavesTheExercisesOwnRange) {
    Prescription p;
    Dose dose = builtIn().defaultDose("kneeling-hip-flexor-stretch").value();
    dose.hold = 45; // within the 10-60 s norm, above this stretch's 15-30 s
    dose.reps = 6;
    p.items.push_back({"kneeling-hip-flexor-stretch", dose, ""});
    auto warnings = builtIn().warnings(p);
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[0].code, "hold-outside-range");
    EXPECT_EQ(warnings[0].field, "items[0].dose.holdSeconds");
    EXPECT_NE(warnings[0].message.find("15-30 s"), std::string::npos);
    EXPECT_EQ(warnings[1].code, "reps-outside-range");
}

TEST(Catalog, AnExerciseIdIsMadeFromItsNameInLowerCaseWordsAndDashes) {
    EXPECT_EQ(exerciseIdFromName("Wall Angel (Standing)"), "wall-angel-standing");
    EXPECT_EQ(exerciseIdFromName("  Estiramiento de cuádriceps  "), "estiramiento-de-cuadriceps");
    EXPECT_EQ(exerciseIdFromName("90/90 hip switch"), "90-90-hip-switch");
    EXPECT_EQ(exerciseIdFromName("Child's pose -- kneeling"), "childs-pose-kneeling");
    EXPECT_EQ(exerciseIdFromName("Child\u2019s pose"), "childs-pose");
    EXPECT_EQ(exerciseIdFromName("Ñandú"), "nandu");
    EXPECT_EQ(exerciseIdFromName("Στάση δέντρου"), "exercise") << "nothing Latin left";
    EXPECT_EQ(exerciseIdFromName(""), "exercise");
    std::string id = exerciseIdFromName(std::string(30, 'a') + " " + std::string(30, 'b') + " " +
                                        std::string(30, 'c'));
    EXPECT_EQ(id, std::string(30, 'a') + "-" + std::string(30, 'b')) << "cut at a dash";
    const std::regex entryId("[a-z0-9]+(-[a-z0-9]+)*");
    for (const char* name : {"A", "x--y", "-lead", "trail-", "É", "Ünïcödé ünd spaces  "})
        EXPECT_TRUE(std::regex_match(exerciseIdFromName(name), entryId)) << name;
}
