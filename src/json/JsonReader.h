#pragma once

#include "domain/TextRule.h"
#include "domain/ValidationException.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// Parses text as one JSON object with parseJson (strict: no repeated keys, no number out of
/// range, valid UTF-8). Throws ValidationException with field `what` when the text is not JSON
/// or not an object, or with the value's path when a value breaks the parser's rules.
Poco::JSON::Object::Ptr parseJsonObject(std::string_view text, const std::string& what);

/// Reads the fields of one JSON object. Instead of stopping at the first problem it records
/// an error for each missing, mistyped, out-of-range or unknown field, under the field's full
/// path ("items[2].dose.reps"), in a shared FieldErrors.
class JsonReader {
public:
    JsonReader(Poco::JSON::Object::Ptr object, std::string path, FieldErrors& errors);

    bool has(const std::string& key) const;
    /// The full path of key in this object: "items[2].dose" + "reps".
    std::string pathOf(const std::string& key) const;
    FieldErrors& errors() { return *_errors; }
    /// The object's keys, in the order the text gives them when the object keeps that order.
    std::vector<std::string> keys() const;

    /// A string that passes the text rule for kind (checkText: valid UTF-8, NFC, no control
    /// characters, printable, at most maxLength characters), normalised and trimmed (except a
    /// Secret). Missing: an error when required, else nullopt. Empty counts as missing.
    std::optional<std::string> string(const std::string& key, bool required,
                                      std::size_t maxLength = 200, TextKind kind = TextKind::Line);
    /// One word of an enumeration ("each", "easy"): like string, but an empty string is an
    /// error (it never stands for the default), and so is one with spaces or symbols.
    std::optional<std::string> enumeration(const std::string& key, bool required,
                                           std::size_t maxLength = 40);
    /// A whole number in [low, high].
    std::optional<int> integer(const std::string& key, bool required, int low, int high);
    std::optional<bool> boolean(const std::string& key, bool required);
    /// An array of non-empty strings, each passing the text rule for kind with at most
    /// maxLength characters.
    std::optional<std::vector<std::string>> stringList(const std::string& key, bool required,
                                                       std::size_t maxItems = 50,
                                                       std::size_t maxLength = 500,
                                                       TextKind kind = TextKind::Line);
    /// A nested object.
    std::optional<JsonReader> object(const std::string& key, bool required);
    /// An array of objects.
    std::optional<std::vector<JsonReader>> objectList(const std::string& key, bool required,
                                                      std::size_t maxItems);
    /// A finite number in [low, high] (a whole number or not).
    std::optional<double> number(const std::string& key, bool required, double low, double high);
    /// An array of at most maxItems entries, each a finite number in [low, high] or null (an
    /// empty entry: nullopt in the list). One error per wrong entry ("values[3]").
    std::optional<std::vector<std::optional<double>>> numberList(const std::string& key,
                                                                 bool required,
                                                                 std::size_t maxItems, double low,
                                                                 double high);
    /// Records an error for each key not in known (catches typos such as "hold_seconds").
    void rejectUnknown(std::initializer_list<std::string_view> known);
    void rejectUnknown(const std::vector<std::string_view>& known);

    /// Records an error about key.
    void fail(const std::string& key, const std::string& message);

private:
    /// The array at key, checked as every list is: there when required, an array (of ofWhat,
    /// for the error), at most maxItems entries. Null, with the error recorded, otherwise, and
    /// null without an error when key is absent and not required.
    Poco::JSON::Array::Ptr listAt(const std::string& key, bool required, std::size_t maxItems,
                                  const char* ofWhat);

    Poco::JSON::Object::Ptr _object;
    std::string _path;
    FieldErrors* _errors;
};

} // namespace Limber
