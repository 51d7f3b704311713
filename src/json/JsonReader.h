#pragma once

#include "domain/ValidationException.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Limber {

/// Parses text as one JSON object. Throws ValidationException with field `what` when the text
/// is not JSON or not an object; the message gives the parser's reason.
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

    /// A string of at most maxLength bytes, trimmed of surrounding white space unless trim is
    /// false (passwords). Missing: an error when required, else nullopt. Empty counts as
    /// missing.
    std::optional<std::string> string(const std::string& key, bool required,
                                      std::size_t maxLength = 200, bool trim = true);
    /// A whole number in [low, high].
    std::optional<int> integer(const std::string& key, bool required, int low, int high);
    std::optional<bool> boolean(const std::string& key, bool required);
    /// An array of non-empty strings, each of at most maxLength bytes.
    std::optional<std::vector<std::string>> stringList(const std::string& key, bool required,
                                                       std::size_t maxItems = 50,
                                                       std::size_t maxLength = 500);
    /// A nested object.
    std::optional<JsonReader> object(const std::string& key, bool required);
    /// An array of objects.
    std::optional<std::vector<JsonReader>> objectList(const std::string& key, bool required,
                                                      std::size_t maxItems);
    /// Records an error for each key not in known (catches typos such as "hold_seconds").
    void rejectUnknown(std::initializer_list<std::string_view> known);
    void rejectUnknown(const std::vector<std::string_view>& known);

    /// Records an error about key.
    void fail(const std::string& key, const std::string& message);

private:
    Poco::JSON::Object::Ptr _object;
    std::string _path;
    FieldErrors* _errors;
};

} // namespace Limber
