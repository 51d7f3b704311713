#include "json/JsonReader.h"

#include <gtest/gtest.h>

using namespace Limber;

TEST(JsonReader, CollectsEveryProblemWithItsPath) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(R"({"name": 5, "reps": 2.5, "typo": true,
                                          "dose": {"sets": 99}})",
                                      "body"),
                      "", errors);
    reader.rejectUnknown({"name", "reps", "dose"});
    reader.string("name", true);
    reader.integer("reps", true, 1, 50);
    reader.string("missing", true);
    if (auto dose = reader.object("dose", true))
        dose->integer("sets", true, 1, 10);
    std::vector<std::string> fields;
    for (const auto& error : errors.list())
        fields.push_back(error.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"typo", "name", "reps", "missing", "dose.sets"}));
}

TEST(JsonReader, RefusesTextThatIsNotAnObject) {
    EXPECT_THROW(parseJsonObject("{\"a\": ", "body"), ValidationException);
    EXPECT_THROW(parseJsonObject("[1, 2]", "body"), ValidationException);
    try {
        parseJsonObject("nonsense", "body");
        FAIL() << "accepted";
    } catch (const ValidationException& error) {
        EXPECT_EQ(error.errors().at(0).field, "body");
    }
}

TEST(JsonReader, TrimsStringsButKeepsPasswordsAsTyped) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(R"({"a": "  x  ", "b": " secret "})", "body"), "", errors);
    EXPECT_EQ(reader.string("a", true), "x");
    EXPECT_EQ(reader.string("b", true, 100, TextKind::Secret), " secret ");
}
