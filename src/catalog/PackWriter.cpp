#include "PackWriter.h"

#include "json/DoseJson.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace Limber {

namespace {

Poco::JSON::Object::Ptr newObject() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

void setList(Poco::JSON::Object::Ptr& json, const std::string& key,
             const std::vector<std::string>& values) {
    if (values.empty())
        return;
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& value : values)
        array->add(value);
    json->set(key, array);
}

void setText(Poco::JSON::Object::Ptr& json, const std::string& key, const std::string& value) {
    if (!value.empty())
        json->set(key, value);
}

/// The default dose without the fields a reader fills in anyway (rest 0).
Poco::JSON::Object::Ptr doseEntry(const Dose& dose) {
    Poco::JSON::Object::Ptr json = doseToJson(dose);
    if (dose.restSeconds == 0)
        json->remove("restSeconds");
    return json;
}

} // namespace

std::string exerciseEntryJson(const Exercise& exercise) {
    Poco::JSON::Object::Ptr json = newObject();
    json->set("id", exercise.id);
    json->set("strategy", exercise.strategy);
    json->set("type", std::string(toString(exercise.type)));
    setList(json, "regions", exercise.regions);
    json->set("position", exercise.position);
    setList(json, "equipment", exercise.equipment);
    json->set("defaultDose", doseEntry(exercise.defaultDose));
    const DoseRange& r = exercise.doseRange;
    if (r.holdMax > 0 || r.repsMax > 0) {
        Poco::JSON::Object::Ptr range = newObject();
        if (r.holdMax > 0) {
            range->set("holdMin", r.holdMin);
            range->set("holdMax", r.holdMax);
        }
        if (r.repsMax > 0) {
            range->set("repsMin", r.repsMin);
            range->set("repsMax", r.repsMax);
        }
        json->set("doseRange", range);
    }
    setText(json, "regressionId", exercise.regressionId);
    setText(json, "progressionId", exercise.progressionId);
    // Always written, so that reading it back never depends on what the library holds.
    json->set("figure", exercise.figureId.empty() ? std::string("none") : exercise.figureId);
    json->set("source", exercise.source);
    Poco::JSON::Object::Ptr texts = newObject();
    for (const auto& [language, text] : exercise.text) {
        Poco::JSON::Object::Ptr words = newObject();
        words->set("name", text.name);
        setList(words, "aliases", text.aliases);
        setList(words, "steps", text.steps);
        setList(words, "cues", text.cues);
        setList(words, "mistakes", text.mistakes);
        setList(words, "precautions", text.precautions);
        setText(words, "regression", text.regression);
        setText(words, "progression", text.progression);
        texts->set(language, words);
    }
    json->set("text", texts);
    std::ostringstream out;
    json->stringify(out);
    return out.str();
}

} // namespace Limber
