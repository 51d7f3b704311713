#include "catalog/PackLoader.h"

#include "catalog/Catalog.h"
#include "catalog/PackWriter.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

/// The terms of the test pack, labelled in English and, when withSpanish, in Spanish.
std::string terms(bool withSpanish) {
    auto term = [&](const char* id, const char* en, const char* es) {
        return std::string("{\"id\": \"") + id + "\", \"en\": \"" + en + "\"" +
               (withSpanish ? std::string(", \"es\": \"") + es + "\"" : "") + "}";
    };
    return "\"terms\": {\"strategies\": [" + term("strength", "Strength", "Fuerza") + ", " +
           term("habits", "Habits", "Hábitos") + "], \"regions\": [" +
           term("thigh", "Thigh", "Muslo") + "], \"positions\": [" +
           term("standing", "Standing", "De pie") + "], \"equipment\": [" +
           term("wall", "Wall", "Pared") + "]},";
}

/// A small valid pack; tests break one thing at a time.
std::string pack(const std::string& exerciseExtra = "", const std::string& languages = "[\"en\"]",
                 const std::string& extraSections = "") {
    return R"({"format": "limber.pack/1", "id": "clinic.bayview", "name": "Bayview",
      "version": "3", "languages": )" +
           languages + ", " + terms(languages.find("es") != std::string::npos) + R"(
      "exercises": [{
        "id": "wall-sit", "strategy": "strength", "type": "strength",
        "regions": ["thigh"], "position": "standing", "equipment": ["wall"],
        "defaultDose": {"holdSeconds": 20, "reps": 3}, "source": "clinic protocol",
        "text": {"en": {"name": "Wall sit", "steps": ["Lean on a wall.", "Slide down."]}}
        )" +
           exerciseExtra +
           R"(}],
      "education": [{"id": "sleep", "strategy": "habits", "source": "clinic",
        "text": {"en": {"title": "Sleep", "points": ["Sleep on your side."]}}}])" +
           extraSections + "}";
}

std::vector<std::string> where(const std::vector<PackProblem>& problems) {
    std::vector<std::string> list;
    for (const auto& problem : problems)
        list.push_back(problem.entryId + ":" + problem.field + (problem.warning ? ":warning" : ""));
    return list;
}

std::vector<std::string> where(const PackLoadResult& result) {
    return where(result.problems);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
}

const Catalog& builtIn() {
    static const Catalog catalog = loadBuiltInCatalog();
    return catalog;
}

} // namespace

TEST(PackLoader, LoadsAGoodPack) {
    PackLoadResult result = loadPack(pack(), "bayview.json", PackRules{true});
    ASSERT_FALSE(result.hasErrors()) << result.problems.front().toString();
    ASSERT_TRUE(result.pack);
    EXPECT_TRUE(result.problems.empty());
    EXPECT_EQ(result.pack->exercises.at(0).defaultDose.hold, 20);
    EXPECT_EQ(result.pack->exercises.at(0).textIn("en").steps.size(), 2u);
    EXPECT_EQ(result.pack->exercises.at(0).figureId, "")
        << "no \"figure\" and no drawing of its own id in the library: no drawing";
    EXPECT_EQ(result.pack->education.at(0).textIn("en").title, "Sleep");
    ASSERT_EQ(result.pack->terms.size(), 5u);
    EXPECT_EQ(result.pack->terms[0].labelIn("en"), "Strength");
}

TEST(PackLoader, ReportsFileEntryAndFieldOfEachError) {
    PackLoadResult result = loadPack(
        pack(R"(, "doseRange": {"holdMin": 30, "holdMax": 10}, "progressionId": "nowhere")"),
        "bayview.json", PackRules{true});
    EXPECT_TRUE(result.hasErrors());
    EXPECT_FALSE(result.pack);
    EXPECT_EQ(where(result),
              (std::vector<std::string>{"wall-sit:doseRange.holdMin", "wall-sit:doseRange.holdMin",
                                        "wall-sit:progressionId"}));
    EXPECT_EQ(result.problems[2].toString(), "bayview.json: wall-sit: progressionId: \"nowhere\" "
                                             "is not an exercise of this pack");
}

TEST(PackLoader, RefusesImpossibleDefaultDoses) {
    PackLoadResult result =
        loadPack(replaced(pack(), "\"reps\": 3", "\"reps\": 0"), "bayview.json", PackRules{true});
    EXPECT_EQ(where(result), (std::vector<std::string>{"wall-sit:defaultDose.reps"}));
    EXPECT_EQ(result.problems[0].message, "must be between 1 and 50 (got 0)");
}

TEST(PackLoader, RefusesUnknownFieldsAndTypes) {
    std::string text =
        replaced(pack(R"(, "colour": "blue")"), "\"type\": \"strength\"", "\"type\": \"dance\"");
    PackLoadResult result = loadPack(text, "bayview.json", PackRules{true});
    EXPECT_EQ(where(result), (std::vector<std::string>{"wall-sit:colour", "wall-sit:type"}));
}

TEST(PackLoader, MissingTranslationIsAnErrorForBuiltInAndAWarningForAClinic) {
    PackLoadResult strict = loadPack(pack("", "[\"en\", \"es\"]"), "p.json", PackRules{true});
    EXPECT_TRUE(strict.hasErrors());
    PackLoadResult lenient = loadPack(pack("", "[\"en\", \"es\"]"), "p.json", PackRules{false});
    EXPECT_FALSE(lenient.hasErrors());
    EXPECT_EQ(where(lenient),
              (std::vector<std::string>{"wall-sit:text.es:warning", "sleep:text.es:warning"}));
    EXPECT_EQ(lenient.problems[0].toString(),
              "p.json: wall-sit: text.es: translation is missing (warning)");
}

TEST(PackLoader, AMissingTermLabelIsAMissingTranslationToo) {
    std::string text = replaced(pack("", "[\"en\", \"es\"]"), R"("es": "Muslo")", R"("xx": "?")");
    PackLoadResult result = loadPack(text, "p.json", PackRules{false});
    std::vector<std::string> found = where(result);
    EXPECT_NE(std::find(found.begin(), found.end(), ":terms.regions[0].xx"), found.end());
    EXPECT_NE(std::find(found.begin(), found.end(), "terms:terms.regions[0].es:warning"),
              found.end());
}

TEST(PackLoader, ReportsMalformedJson) {
    PackLoadResult result = loadPack("{\"format\": ", "broken.json", PackRules{true});
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0].file, "broken.json");
    EXPECT_NE(result.problems[0].message.find("not valid JSON"), std::string::npos);
}

TEST(PackLoader, RefusesDuplicateIds) {
    PackLoadResult result = loadPack(replaced(pack(), "\"id\": \"sleep\"", "\"id\": \"wall-sit\""),
                                     "p.json", PackRules{true});
    EXPECT_EQ(where(result), (std::vector<std::string>{"wall-sit:id"}));
}

TEST(PackLoader, LoadOrThrowNamesTheFirstProblem) {
    try {
        loadPackOrThrow("[]", "list.json", PackRules{true});
        FAIL() << "accepted";
    } catch (const PackException& error) {
        EXPECT_EQ(error.message(), "list.json: pack: must be a JSON object");
    }
}

TEST(PackLoader, RefusesTermsNoPackDeclares) {
    std::string text = replaced(pack(), "\"position\": \"standing\"", "\"position\": \"stnading\"");
    PackLoadResult result = loadPack(text, "p.json", PackRules{true});
    EXPECT_EQ(where(result), (std::vector<std::string>{"wall-sit:position"}));
    EXPECT_EQ(result.problems[0].message, "\"stnading\" is not a known position (declare it in "
                                          "the pack's terms.positions)");
}

TEST(PackLoader, AClinicsPackMayUseTheTermsAndEntriesOfTheCatalogItJoins) {
    std::string json = R"({"format": "limber.pack/1", "id": "clinic.x", "name": "X",
      "version": "1", "languages": ["en"],
      "exercises": [{"id": "wall-sit", "strategy": "strengthen-trunk", "type": "strength",
        "regions": ["thigh"], "position": "standing", "equipment": ["wall"],
        "defaultDose": {"reps": 5}, "source": "clinic", "regressionId": "sit-to-stand",
        "text": {"en": {"name": "Wall sit", "steps": ["Slide down a wall."]}}}],
      "templates": [{"id": "legs", "weeks": 4,
        "items": [{"exercise": "wall-sit"}, {"exercise": "heel-raises"}],
        "education": ["stay-active"],
        "text": {"en": {"title": "Legs", "summary": "Leg strength."}}}]})";
    PackLoadResult alone = loadPack(json, "x.json", PackRules{false});
    EXPECT_TRUE(alone.hasErrors());
    PackLoadResult joined = loadPack(json, "x.json", PackRules{false, &builtIn()});
    EXPECT_FALSE(joined.hasErrors()) << joined.problems.front().toString();
    ASSERT_TRUE(joined.pack);
    EXPECT_EQ(joined.pack->templates.at(0).items.at(1).dose,
              builtIn().exercise("heel-raises")->defaultDose);
}

TEST(PackLoader, AClinicsPackMayNotTakeIdsOfTheCatalogItJoins) {
    std::string text = replaced(pack(), "\"id\": \"sleep\"", "\"id\": \"warm-up\"");
    PackLoadResult result = loadPack(text, "p.json", PackRules{false, &builtIn()});
    EXPECT_EQ(where(result), (std::vector<std::string>{"warm-up:id"}));
    EXPECT_EQ(result.problems[0].message,
              "\"warm-up\" is already an entry of the built-in catalog");
}

TEST(PackLoader, RefusesTextInALanguageThePackDoesNotDeclare) {
    std::string text = replaced(pack(), R"("text": {"en": {"name": "Wall sit")",
                                R"("text": {"fr": {"name": "Chaise"}, "en": {"name": "Wall sit")");
    PackLoadResult result = loadPack(text, "p.json", PackRules{true});
    EXPECT_EQ(where(result), (std::vector<std::string>{"wall-sit:text.fr"}));
}

TEST(PackLoader, RefusesLinksToItselfOrToAnEducationItem) {
    PackLoadResult self =
        loadPack(pack(R"(, "progressionId": "wall-sit")"), "p.json", PackRules{true});
    EXPECT_EQ(where(self), (std::vector<std::string>{"wall-sit:progressionId"}));
    PackLoadResult advice =
        loadPack(pack(R"(, "regressionId": "sleep")"), "p.json", PackRules{true});
    EXPECT_EQ(where(advice), (std::vector<std::string>{"wall-sit:regressionId"}));
}

TEST(PackLoader, WarnsWhenADefaultDoseTripsAGuardrail) {
    std::string text = replaced(replaced(pack(), "\"type\": \"strength\"", "\"type\": \"stretch\""),
                                "\"holdSeconds\": 20", "\"holdSeconds\": 5");
    PackLoadResult result = loadPack(text, "p.json", PackRules{true});
    EXPECT_FALSE(result.hasErrors());
    EXPECT_EQ(where(result),
              (std::vector<std::string>{"wall-sit:defaultDose.holdSeconds:warning"}));
}

TEST(PackLoader, RefusesAHoldRangeWhenTheDefaultDoseHasNoHold) {
    std::string text = replaced(pack(R"(, "doseRange": {"holdMin": 10, "holdMax": 30})"),
                                "\"holdSeconds\": 20, ", "");
    PackLoadResult result = loadPack(text, "p.json", PackRules{true});
    EXPECT_EQ(where(result), (std::vector<std::string>{"wall-sit:doseRange.holdMax"}));
}

TEST(PackLoader, LoadsTemplatesWithTheExercisesDefaultDoseUnderTheirOwn) {
    PackLoadResult result = loadPack(pack("", "[\"en\"]", R"(,
      "templates": [{"id": "legs", "weeks": 4,
        "items": [{"exercise": "wall-sit", "dose": {"reps": 5},
                   "note": {"en": "Back flat on the wall."}}],
        "education": ["sleep"],
        "text": {"en": {"title": "Strong legs", "summary": "For skiers.", "notes": "Go slowly."}}}])"),
                                     "p.json", PackRules{true});
    ASSERT_FALSE(result.hasErrors()) << result.problems.front().toString();
    const ProgramTemplate& legs = result.pack->templates.at(0);
    EXPECT_EQ(legs.items.at(0).dose.reps, 5);
    EXPECT_EQ(legs.items.at(0).dose.hold, 20);
    Prescription p = legs.prescription("es", Date::parse("2026-03-02"));
    EXPECT_EQ(p.title, "Strong legs"); // English when the language is missing
    EXPECT_EQ(p.endDate, Date::parse("2026-03-29"));
    EXPECT_EQ(p.items.at(0).note, "Back flat on the wall.");
    EXPECT_EQ(p.educationIds, std::vector<std::string>{"sleep"});
    EXPECT_TRUE(prescriptionErrors(p).empty());
}

TEST(PackLoader, RefusesTemplatesWithUnknownEntriesBadDosesAndRepeats) {
    PackLoadResult result = loadPack(pack("", "[\"en\"]", R"(,
      "templates": [{"id": "legs", "weeks": 60,
        "items": [{"exercise": "wall-sit", "dose": {"sets": 0}}, {"exercise": "moonwalk"},
                  {"exercise": "wall-sit"}],
        "education": ["wall-sit"],
        "text": {"en": {"title": "Strong legs"}}}])"),
                                     "p.json", PackRules{true});
    EXPECT_EQ(where(result),
              (std::vector<std::string>{"legs:weeks", "legs:items[0].dose.sets",
                                        "legs:items[1].exercise", "legs:items[2].exercise",
                                        "legs:text.en.summary", "legs:education[0]"}));
}

TEST(PackLoader, ATemplatesTitleAndNotesAreNeededInEveryLanguageOfThePack) {
    auto templateWith = [](const std::string& spanish, const std::string& itemNote) {
        return pack("", "[\"en\", \"es\"]",
                    R"(,
      "templates": [{"id": "legs", "weeks": 4,
        "items": [{"exercise": "wall-sit")" +
                        itemNote + R"(}],
        "text": {"en": {"title": "Strong legs", "summary": "For skiers.", "notes": "Go slowly."})" +
                        spanish + "}}]");
    };
    const std::string wholeSpanish =
        R"(, "es": {"title": "Piernas fuertes", "summary": "Para esquiadores.", "notes": "Despacio."})";
    // The pack's exercise itself must be in both languages for the pack to load cleanly.
    auto problems = [](const std::string& text) {
        std::vector<std::string> found;
        for (const std::string& each : where(loadPack(text, "p.json", PackRules{true})))
            if (each.rfind("legs:", 0) == 0)
                found.push_back(each);
        return found;
    };
    EXPECT_EQ(problems(templateWith(wholeSpanish, "")), std::vector<std::string>{});
    EXPECT_EQ(problems(templateWith("", "")), std::vector<std::string>{"legs:text.es"});
    EXPECT_EQ(problems(templateWith(
                  R"(, "es": {"title": "Piernas fuertes", "summary": "Para esquiadores."})", "")),
              std::vector<std::string>{"legs:text.es.notes"});
    EXPECT_EQ(problems(templateWith(wholeSpanish, R"(, "note": {"en": "Back flat."})")),
              std::vector<std::string>{"legs:items[0].note.es"});
}

TEST(PackLoader, TheBuiltInTemplatesAreWrittenInEveryLanguageOfThePack) {
    const Catalog& catalog = builtIn();
    ASSERT_FALSE(catalog.templates().empty());
    for (const ProgramTemplate* each : catalog.templates()) {
        for (const std::string language : {"en", "es"}) {
            ASSERT_EQ(each->text.count(language), 1u) << each->id << " " << language;
            const TemplateText& text = each->text.at(language);
            EXPECT_FALSE(text.title.empty()) << each->id << " " << language;
            EXPECT_FALSE(text.notes.empty()) << each->id << " " << language;
            for (const TemplateItem& item : each->items)
                if (!item.note.empty())
                    EXPECT_EQ(item.note.count(language), 1u) << each->id << " " << item.exerciseId;
        }
        Prescription spanish = each->prescription("es", Date::parse("2026-03-02"));
        EXPECT_EQ(spanish.title, each->text.at("es").title);
        EXPECT_EQ(spanish.notes, each->text.at("es").notes);
        EXPECT_NE(spanish.title, each->prescription("en", Date::parse("2026-03-02")).title);
    }
}

TEST(PackLoader, ExerciseEntriesFollowThePackRulesAndRoundTrip) {
    const Exercise& source = *builtIn().exercise("tree-pose");
    Exercise copy = source;
    copy.id = "tree-pose-at-the-wall";
    copy.figureId = "tree-pose";
    copy.text["es"].name = "Árbol en la pared";
    std::string json = exerciseEntryJson(copy);
    ExerciseEntryResult result =
        loadExerciseEntry(json, "clinic exercise", {"en", "es"}, PackRules{false, &builtIn()});
    ASSERT_FALSE(result.hasErrors()) << result.problems.front().toString();
    Exercise read = *result.exercise;
    EXPECT_EQ(read.figureId, "tree-pose");
    EXPECT_EQ(read.text, copy.text);
    EXPECT_EQ(read.defaultDose, copy.defaultDose);
    EXPECT_EQ(read.regions, copy.regions);
    EXPECT_EQ(read.regressionId, "single-leg-stance");

    ExerciseEntryResult taken = loadExerciseEntry(exerciseEntryJson(source), "clinic exercise",
                                                  {"en", "es"}, PackRules{false, &builtIn()});
    EXPECT_EQ(where(taken.problems), (std::vector<std::string>{"tree-pose:id"}));
}

TEST(PackLoader, ExerciseEntriesListEveryProblem) {
    ExerciseEntryResult result = loadExerciseEntry(
        R"({"id": "Bad Id", "strategy": "dancing", "type": "stretch", "regions": ["elbow"],
            "position": "standing", "defaultDose": {"holdSeconds": 700},
            "progressionId": "nowhere", "source": "x",
            "text": {"en": {"name": "X", "steps": ["Do it."]}}})",
        "clinic exercise", {"en", "es"}, PackRules{false, &builtIn()});
    EXPECT_EQ(where(result.problems),
              (std::vector<std::string>{"Bad Id:id", "Bad Id:strategy", "Bad Id:regions[0]",
                                        "Bad Id:defaultDose.holdSeconds", "Bad Id:progressionId",
                                        "Bad Id:text.es:warning"}));
}

TEST(PackLoader, AFigureOfNoneMeansNoDrawing) {
    PackLoadResult result = loadPack(pack(R"(, "figure": "none")"), "p.json", PackRules{true});
    ASSERT_TRUE(result.pack);
    EXPECT_EQ(result.pack->exercises.at(0).figureId, "");
    Exercise back = result.pack->exercises.at(0);
    EXPECT_NE(exerciseEntryJson(back).find("\"figure\":\"none\""), std::string::npos);
}

TEST(PackLoader, AFigureMustBeOneOfTheFigureLibrary) {
    PackLoadResult known =
        loadPack(pack(R"(, "figure": "sit-to-stand")"), "p.json", PackRules{true});
    ASSERT_TRUE(known.pack);
    EXPECT_EQ(known.pack->exercises.at(0).figureId, "sit-to-stand");

    PackLoadResult unknown = loadPack(pack(R"(, "figure": "wall-sit")"), "p.json", PackRules{true});
    EXPECT_TRUE(unknown.hasErrors());
    EXPECT_EQ(where(unknown), std::vector<std::string>{"wall-sit:figure"});
    EXPECT_NE(unknown.problems.at(0).message.find("not a figure of the figure library"),
              std::string::npos);
}

TEST(PackLoader, AnExerciseWithoutAFigureTakesTheLibrarysDrawingOfItsId) {
    std::string json = replaced(pack(), "\"id\": \"wall-sit\"", "\"id\": \"calf-stretch\"");
    PackLoadResult result = loadPack(json, "p.json", PackRules{true});
    ASSERT_TRUE(result.pack) << result.problems.front().toString();
    EXPECT_EQ(result.pack->exercises.at(0).figureId, "calf-stretch");
}

TEST(PackLoader, TextBreakingTheTextRuleIsAnErrorNamingItsField) {
    for (const auto& [name, reason] : std::vector<std::pair<std::string, std::string>>{
             {"Wall\\u0000sit", "control characters"},
             {"Wall\\u202esit", "invisible formatting characters"},
             {"Wall sit \\ud83d\\ude00", "beyond U+FFFF"},
             {"Wall\\nsit", "line breaks"}}) {
        PackLoadResult result =
            loadPack(replaced(pack(), "\"name\": \"Wall sit\"", "\"name\": \"" + name + "\""),
                     "bayview.json", PackRules{true});
        EXPECT_TRUE(result.hasErrors()) << name;
        ASSERT_FALSE(result.problems.empty()) << name;
        EXPECT_EQ(where(result).front(), "wall-sit:text.en.name") << name;
        EXPECT_NE(result.problems.front().message.find(reason), std::string::npos)
            << result.problems.front().message;
    }
    // A decomposed name is stored composed.
    PackLoadResult composed =
        loadPack(replaced(pack(), "\"name\": \"Wall sit\"", "\"name\": \"Wall sit Zoe\\u0308\""),
                 "bayview.json", PackRules{true});
    ASSERT_TRUE(composed.pack);
    EXPECT_EQ(composed.pack->exercises.at(0).textIn("en").name, "Wall sit Zoë");
}

TEST(PackLoader, ARepeatedKeyIsAnError) {
    PackLoadResult result = loadPack(replaced(pack(), "\"reps\": 3", "\"reps\": 3, \"reps\": 4"),
                                     "bayview.json", PackRules{true});
    EXPECT_TRUE(result.hasErrors());
    EXPECT_FALSE(result.pack);
}
