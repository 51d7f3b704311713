#include "json/JsonParser.h"

#include "json/JsonReader.h"

#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

using namespace Limber;

namespace {

/// The first error parsing text, as "field: message", or "" when it parses.
std::string refusal(const std::string& text) {
    try {
        parseJson(text, "body");
        return "";
    } catch (const ValidationException& error) {
        return error.errors().front().field + ": " + error.errors().front().message;
    }
}

/// The errors a JsonReader records reading one integer field.
std::string integerRefusal(const std::string& text, int low, int high) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(text, "body"), "", errors);
    reader.integer("value", true, low, high);
    return errors.empty() ? "" : errors.list().front().message;
}

} // namespace

TEST(JsonParser, ReadsEveryKindOfValue) {
    Poco::Dynamic::Var root = parseJson(
        R"({"s": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "i": -42, "d": 1.5e2, "t": true,
            "f": false, "n": null, "a": [1, [], {}], "o": {"k": "v"}})",
        "body");
    auto object = root.extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(object->getValue<std::string>("s"), "a\"\\/\b\f\n\r\t\u00e9\xF0\x9F\x98\x80");
    EXPECT_EQ(object->get("i").extract<Poco::Int64>(), -42);
    EXPECT_DOUBLE_EQ(object->get("d").extract<double>(), 150.0);
    EXPECT_TRUE(object->getValue<bool>("t"));
    EXPECT_TRUE(object->isNull("n"));
    EXPECT_EQ(object->getArray("a")->size(), 3u);
    EXPECT_EQ(object->getObject("o")->getValue<std::string>("k"), "v");
    // Keys keep the order of the text.
    std::vector<std::string> keys;
    object->getNames(keys);
    EXPECT_EQ(keys.front(), "s");
    EXPECT_EQ(keys.back(), "o");
}

TEST(JsonParser, RefusesARepeatedKeyNamingItsPath) {
    EXPECT_EQ(refusal(R"({"name": "Ann", "name": "Bob"})"), "name: appears twice in one object");
    EXPECT_EQ(refusal(R"({"items": [{"dose": {"reps": 1, "reps": 2}}]})"),
              "items[0].dose.reps: appears twice in one object");
    // Spelled differently in the text, the same key after unescaping.
    EXPECT_EQ(refusal(R"({"a": 1, "\u0061": 2})"), "a: appears twice in one object");
    EXPECT_EQ(refusal(R"({"a": {}, "b": {"a": 1}})"), "");
}

TEST(JsonParser, NeverWrapsAnIntegerBeyond64Bits) {
    // 2^64 + 3 became 3 through a 64-bit conversion; here it is out of every field's range.
    for (const char* big : {"18446744073709551619", "18446744073709551616", "9223372036854775808",
                            "-9223372036854775809", "100000000000000000000000000000"})
        EXPECT_NE(integerRefusal(std::string(R"({"value": )") + big + "}", 0, 10), "") << big;
    EXPECT_EQ(integerRefusal(R"({"value": 9223372036854775807})", 0, 10),
              "must be between 0 and 10 (got 9223372036854775807)");
    EXPECT_EQ(integerRefusal(R"({"value": 10})", 0, 10), "");
    EXPECT_EQ(integerRefusal(R"({"value": 1e1})", 0, 10), "");
    EXPECT_EQ(integerRefusal(R"({"value": 2.5})", 0, 10), "must be a whole number");
    EXPECT_EQ(integerRefusal(R"({"value": true})", 0, 10), "must be a number");
}

TEST(JsonParser, RefusesNumbersBeyondADouble) {
    EXPECT_EQ(refusal(R"({"pain": 1e999})"), "pain: is a number out of range (1e999)");
    EXPECT_EQ(refusal(R"({"pain": -1e400})"), "pain: is a number out of range (-1e400)");
    EXPECT_EQ(refusal(R"({"pain": 1e-400})"), "pain: is a number out of range (1e-400)");
    EXPECT_EQ(refusal(R"([1, 2, 1e999])"), "[2]: is a number out of range (1e999)");
}

TEST(JsonParser, RefusesTextThatIsNotUtf8OrEscapesALoneSurrogate) {
    EXPECT_EQ(refusal("{\"name\": \"Bad\xFF\xFEName\"}"), "name: is not valid UTF-8");
    EXPECT_EQ(refusal("{\"na\xC0\xAFme\": 1}"), "body: is not valid UTF-8");
    EXPECT_EQ(refusal(R"({"name": "\ud800"})"), "name: escapes a lone surrogate (\\uD800)");
    EXPECT_EQ(refusal(R"({"name": "\udc00x"})"), "name: escapes a lone surrogate (\\uDC00)");
    EXPECT_EQ(refusal(R"({"name": "\ud800\u0041"})"), "name: escapes a lone surrogate (\\uD800)");
}

TEST(JsonParser, RefusesMalformedTextWithLineAndColumn) {
    EXPECT_EQ(refusal("{\"a\": 1,\n \"b\" 2}"),
              "body: is not valid JSON (line 2, column 6: expected ':' after a key)");
    for (const char* bad : {"",           "{",       "{\"a\":}",  "[1,]",
                            "{\"a\":1,}", "01",      "-",         "1.",
                            "1e",         "+1",      "tru",       "nul",
                            "\"a",        "\"\\x\"", "\"\\u12\"", "{\"a\":1} x",
                            "{'a':1}",    "[1 2]",   "\"a\tb\"",  "\xEF\xBB\xBF{}",
                            "NaN",        "Infinity"})
        EXPECT_NE(refusal(bad).find("body: is not valid JSON"), std::string::npos) << bad;
}

TEST(JsonParser, RefusesNestingDeeperThanTheLimit) {
    std::string deep(JsonLimits::MAX_DEPTH, '[');
    deep += std::string(JsonLimits::MAX_DEPTH, ']');
    EXPECT_EQ(refusal(deep), "");
    std::string deeper(100000, '[');
    EXPECT_NE(refusal(deeper).find("nested deeper than 64 levels"), std::string::npos);
}

TEST(JsonReader, StringsPassTheTextRule) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(R"({"name": "Ann\u0000Evil", "title": "Zoe\u0308",
                                          "note": "two\nlines", "line": "two\nlines",
                                          "list": ["ok", "bad\u202e"]})",
                                      "body"),
                      "", errors);
    EXPECT_FALSE(reader.string("name", true, 120, TextKind::Name));
    EXPECT_EQ(reader.string("title", true, 120, TextKind::Name), "Zoë");
    EXPECT_EQ(reader.string("note", true, 120, TextKind::Paragraph), "two\nlines");
    EXPECT_FALSE(reader.string("line", true, 120, TextKind::Line));
    EXPECT_FALSE(reader.stringList("list", true));
    ASSERT_EQ(errors.list().size(), 3u);
    EXPECT_EQ(errors.list()[0].field, "name");
    EXPECT_EQ(errors.list()[0].message,
              "cannot contain U+0000: control characters are not allowed");
    EXPECT_EQ(errors.list()[1].field, "line");
    EXPECT_EQ(errors.list()[2].field, "list[1]");
}

TEST(JsonReader, AnEmptyEnumerationIsRefusedNotTakenAsTheDefault) {
    FieldErrors errors;
    JsonReader reader(
        parseJsonObject(R"({"side": "", "spaced": "each side", "ok": "each"})", "body"), "",
        errors);
    EXPECT_FALSE(reader.enumeration("side", false));
    EXPECT_FALSE(reader.enumeration("spaced", false));
    EXPECT_EQ(reader.enumeration("ok", false), "each");
    EXPECT_FALSE(reader.enumeration("missing", false));
    ASSERT_EQ(errors.list().size(), 2u);
    EXPECT_EQ(errors.list()[0].message, "must not be empty");
}
