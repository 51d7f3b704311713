#include "JsonReader.h"

#include "JsonParser.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace Limber {

Poco::JSON::Object::Ptr parseJsonObject(std::string_view text, const std::string& what) {
    Poco::Dynamic::Var root = parseJson(text, what);
    if (root.type() != typeid(Poco::JSON::Object::Ptr))
        throw ValidationException(what, "must be a JSON object");
    return root.extract<Poco::JSON::Object::Ptr>();
}

JsonReader::JsonReader(Poco::JSON::Object::Ptr object, std::string path, FieldErrors& errors)
    : _object(std::move(object)), _path(std::move(path)), _errors(&errors) {}

bool JsonReader::has(const std::string& key) const {
    return _object->has(key) && !_object->isNull(key);
}

std::vector<std::string> JsonReader::keys() const {
    std::vector<std::string> names;
    _object->getNames(names);
    return names;
}

std::string JsonReader::pathOf(const std::string& key) const {
    return _path.empty() ? key : _path + "." + key;
}

void JsonReader::fail(const std::string& key, const std::string& message) {
    _errors->add(pathOf(key), message);
}

std::optional<std::string> JsonReader::string(const std::string& key, bool required,
                                              std::size_t maxLength, TextKind kind) {
    if (has(key)) {
        Poco::Dynamic::Var value = _object->get(key);
        if (!value.isString()) {
            fail(key, "must be a string");
            return std::nullopt;
        }
        CheckedText checked = checkText(value.extract<std::string>(), kind, maxLength);
        if (!checked.ok()) {
            fail(key, checked.problem);
            return std::nullopt;
        }
        if (!checked.text.empty())
            return std::move(checked.text);
    }
    if (required)
        fail(key, "is required");
    return std::nullopt;
}

std::optional<std::string> JsonReader::enumeration(const std::string& key, bool required,
                                                   std::size_t maxLength) {
    if (has(key)) {
        Poco::Dynamic::Var value = _object->get(key);
        if (!value.isString()) {
            fail(key, "must be a string");
            return std::nullopt;
        }
        const std::string& word = value.extract<std::string>();
        if (word.empty()) {
            fail(key, "must not be empty");
            return std::nullopt;
        }
        bool plain = word.size() <= maxLength;
        for (char c : word)
            plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.');
        if (!plain) {
            fail(key, "must be one word of at most " + std::to_string(maxLength) +
                          " letters, digits or '-'");
            return std::nullopt;
        }
        return word;
    }
    if (required)
        fail(key, "is required");
    return std::nullopt;
}

std::optional<int> JsonReader::integer(const std::string& key, bool required, int low, int high) {
    if (!has(key)) {
        if (required)
            fail(key, "is required");
        return std::nullopt;
    }
    Poco::Dynamic::Var value = _object->get(key);
    if (!value.isNumeric() || value.isBoolean()) {
        fail(key, "must be a number");
        return std::nullopt;
    }
    double number = value.convert<double>();
    if (number != std::floor(number)) {
        fail(key, "must be a whole number");
        return std::nullopt;
    }
    if (number < low || number > high) {
        fail(key, "must be between " + std::to_string(low) + " and " + std::to_string(high) +
                      " (got " + value.toString() + ")");
        return std::nullopt;
    }
    return static_cast<int>(number);
}

namespace {

std::string numberText(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

/// Why value is not a finite number in [low, high], or "" when it is one.
std::string numberProblem(const Poco::Dynamic::Var& value, double low, double high) {
    if (!value.isNumeric() || value.isBoolean())
        return "must be a number";
    double number = value.convert<double>();
    if (!std::isfinite(number) || number < low || number > high)
        return "must be between " + numberText(low) + " and " + numberText(high) + " (got " +
               value.toString() + ")";
    return "";
}

} // namespace

Poco::JSON::Array::Ptr JsonReader::listAt(const std::string& key, bool required,
                                          std::size_t maxItems, const char* ofWhat) {
    if (!has(key)) {
        if (required)
            fail(key, "is required");
        return nullptr;
    }
    Poco::JSON::Array::Ptr array = _object->getArray(key);
    if (!array) {
        fail(key, std::string("must be an array of ") + ofWhat);
        return nullptr;
    }
    if (array->size() > maxItems) {
        fail(key, "must have at most " + std::to_string(maxItems) + " entries (got " +
                      std::to_string(array->size()) + ")");
        return nullptr;
    }
    return array;
}

std::optional<double> JsonReader::number(const std::string& key, bool required, double low,
                                         double high) {
    if (!has(key)) {
        if (required)
            fail(key, "is required");
        return std::nullopt;
    }
    Poco::Dynamic::Var value = _object->get(key);
    if (std::string problem = numberProblem(value, low, high); !problem.empty()) {
        fail(key, problem);
        return std::nullopt;
    }
    return value.convert<double>();
}

std::optional<std::vector<std::optional<double>>> JsonReader::numberList(const std::string& key,
                                                                         bool required,
                                                                         std::size_t maxItems,
                                                                         double low, double high) {
    Poco::JSON::Array::Ptr array = listAt(key, required, maxItems, "numbers");
    if (!array)
        return std::nullopt;
    std::vector<std::optional<double>> list;
    bool ok = true;
    for (std::size_t i = 0; i < array->size(); ++i) {
        if (array->isNull(i)) {
            list.emplace_back();
            continue;
        }
        Poco::Dynamic::Var value = array->get(i);
        if (std::string problem = numberProblem(value, low, high); !problem.empty()) {
            fail(key + "[" + std::to_string(i) + "]", problem);
            ok = false;
            continue;
        }
        list.emplace_back(value.convert<double>());
    }
    if (!ok)
        return std::nullopt;
    return list;
}

std::optional<bool> JsonReader::boolean(const std::string& key, bool required) {
    if (!has(key)) {
        if (required)
            fail(key, "is required");
        return std::nullopt;
    }
    Poco::Dynamic::Var value = _object->get(key);
    if (!value.isBoolean()) {
        fail(key, "must be true or false");
        return std::nullopt;
    }
    return value.convert<bool>();
}

std::optional<std::vector<std::string>> JsonReader::stringList(const std::string& key,
                                                               bool required, std::size_t maxItems,
                                                               std::size_t maxLength,
                                                               TextKind kind) {
    Poco::JSON::Array::Ptr array = listAt(key, required, maxItems, "strings");
    if (!array)
        return std::nullopt;
    std::vector<std::string> list;
    bool ok = true;
    for (std::size_t i = 0; i < array->size(); ++i) {
        Poco::Dynamic::Var value = array->get(i);
        std::string field = key + "[" + std::to_string(i) + "]";
        if (!value.isString()) {
            fail(field, "must be a string");
            ok = false;
            continue;
        }
        CheckedText checked = checkText(value.extract<std::string>(), kind, maxLength);
        if (!checked.ok() || checked.text.empty()) {
            fail(field, checked.ok() ? "must not be empty" : checked.problem);
            ok = false;
            continue;
        }
        list.push_back(std::move(checked.text));
    }
    if (!ok)
        return std::nullopt;
    return list;
}

std::optional<JsonReader> JsonReader::object(const std::string& key, bool required) {
    if (!has(key)) {
        if (required)
            fail(key, "is required");
        return std::nullopt;
    }
    Poco::JSON::Object::Ptr nested = _object->getObject(key);
    if (!nested) {
        fail(key, "must be an object");
        return std::nullopt;
    }
    return JsonReader(nested, pathOf(key), *_errors);
}

std::optional<std::vector<JsonReader>> JsonReader::objectList(const std::string& key, bool required,
                                                              std::size_t maxItems) {
    Poco::JSON::Array::Ptr array = listAt(key, required, maxItems, "objects");
    if (!array)
        return std::nullopt;
    std::vector<JsonReader> list;
    for (std::size_t i = 0; i < array->size(); ++i) {
        std::string field = key + "[" + std::to_string(i) + "]";
        Poco::JSON::Object::Ptr nested = array->getObject(i);
        if (!nested) {
            fail(field, "must be an object");
            continue;
        }
        list.emplace_back(nested, pathOf(field), *_errors);
    }
    return list;
}

void JsonReader::rejectUnknown(std::initializer_list<std::string_view> known) {
    rejectUnknown(std::vector<std::string_view>(known));
}

void JsonReader::rejectUnknown(const std::vector<std::string_view>& known) {
    std::vector<std::string> names;
    _object->getNames(names);
    for (const auto& name : names)
        if (std::find(known.begin(), known.end(), name) == known.end())
            fail(name, "is not a known field");
}

} // namespace Limber
