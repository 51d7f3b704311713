#include "catalog/PackLoader.h"

#include "catalog/Catalog.h"

#include <gtest/gtest.h>

using namespace Limber;

namespace {

/// A small valid pack; tests break one thing at a time.
std::string pack(const std::string& exerciseExtra = "", const std::string& languages = "[\"en\"]") {
    return R"({"format": "limber.pack/1", "id": "clinic.bayview", "name": "Bayview",
      "version": "3", "languages": )" +
           languages + R"(,
      "exercises": [{
        "id": "wall-sit", "strategy": "strength", "type": "strength",
        "regions": ["thigh"], "position": "standing", "equipment": ["wall"],
        "defaultDose": {"holdSeconds": 20, "reps": 3}, "source": "clinic protocol",
        "text": {"en": {"name": "Wall sit", "steps": ["Lean on a wall.", "Slide down."]}}
        )" +
           exerciseExtra +
           R"(}],
      "education": [{"id": "sleep", "strategy": "habits", "source": "clinic",
        "text": {"en": {"title": "Sleep", "points": ["Sleep on your side."]}}}]})";
}

std::vector<std::string> where(const PackLoadResult& result) {
    std::vector<std::string> list;
    for (const auto& problem : result.problems)
        list.push_back(problem.entryId + ":" + problem.field + (problem.warning ? ":warning" : ""));
    return list;
}

} // namespace

TEST(PackLoader, LoadsAGoodPack) {
    PackLoadResult result = loadPack(pack(), "bayview.json", PackRules{true});
    ASSERT_FALSE(result.hasErrors()) << result.problems.front().toString();
    ASSERT_TRUE(result.pack);
    EXPECT_EQ(result.pack->exercises.at(0).defaultDose.hold, 20);
    EXPECT_EQ(result.pack->exercises.at(0).textIn("en").steps.size(), 2u);
    EXPECT_EQ(result.pack->education.at(0).textIn("en").title, "Sleep");
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
    EXPECT_EQ(result.problems[2].toString(),
              "bayview.json: wall-sit: progressionId: \"nowhere\" is not an entry of this pack");
}

TEST(PackLoader, RefusesImpossibleDefaultDoses) {
    std::string text = pack();
    text.replace(text.find("\"reps\": 3"), 9, "\"reps\": 0");
    PackLoadResult result = loadPack(text, "bayview.json", PackRules{true});
    EXPECT_EQ(where(result), (std::vector<std::string>{"wall-sit:defaultDose.reps"}));
}

TEST(PackLoader, RefusesUnknownFieldsAndTypes) {
    std::string text = pack(R"(, "colour": "blue")");
    text.replace(text.find("\"type\": \"strength\""), 18, "\"type\": \"dance\"");
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
}

TEST(PackLoader, ReportsMalformedJson) {
    PackLoadResult result = loadPack("{\"format\": ", "broken.json", PackRules{true});
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0].file, "broken.json");
    EXPECT_NE(result.problems[0].message.find("not valid JSON"), std::string::npos);
}

TEST(PackLoader, RefusesDuplicateIds) {
    std::string text = pack();
    text.replace(text.find("\"id\": \"sleep\""), 13, "\"id\": \"wall-sit\"");
    PackLoadResult result = loadPack(text, "p.json", PackRules{true});
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
