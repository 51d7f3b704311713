// The JSON parser and reader every JSON input goes through: never crashes or overflows its
// stack, refuses only with ValidationException, and every string it hands out is valid UTF-8.
#include "json/JsonParser.h"
#include "json/JsonReader.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <cstdlib>

using namespace Limber;

namespace {

void walk(const Poco::Dynamic::Var& value, int depth) {
    if (depth > 100)
        std::abort(); // the parser's depth limit did not hold
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto object = value.extract<Poco::JSON::Object::Ptr>();
        std::vector<std::string> names;
        object->getNames(names);
        for (const auto& name : names) {
            if (!isValidUtf8(name))
                std::abort();
            walk(object->get(name), depth + 1);
        }
    } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto array = value.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < array->size(); ++i)
            walk(array->get(i), depth + 1);
    } else if (value.isString() && !isValidUtf8(value.extract<std::string>())) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        walk(parseJson(text, "body"), 0);
        FieldErrors errors;
        JsonReader reader(parseJsonObject(text, "body"), "", errors);
        for (const auto& key : reader.keys()) {
            reader.string(key, false);
            reader.string(key, false, 10, TextKind::Paragraph);
            reader.enumeration(key, false);
            reader.integer(key, false, -5, 5);
            reader.boolean(key, false);
            reader.stringList(key, false);
            if (auto nested = reader.object(key, false))
                nested->rejectUnknown({"a"});
            reader.objectList(key, false, 5);
        }
    } catch (const ValidationException&) {
    }
    return 0;
}
