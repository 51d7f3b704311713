#include "PackLoader.h"

#include "json/DoseJson.h"
#include "json/JsonReader.h"

#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>

#include <regex>
#include <set>

namespace Limber {

namespace {

const std::regex ENTRY_ID("[a-z0-9]+(-[a-z0-9]+)*");
const std::regex PACK_ID("[a-z0-9]+([.-][a-z0-9]+)*");
constexpr std::size_t MAX_ENTRIES = 2000;

/// Collects the problems of one entry (or of the pack's own fields) with their location.
class ProblemSink {
public:
    ProblemSink(std::string file, std::vector<PackProblem>& problems)
        : _file(std::move(file)), _problems(&problems) {}

    void take(const std::string& entryId, const FieldErrors& errors, bool warning = false) {
        for (const auto& error : errors.list())
            _problems->push_back({_file, entryId, error.field, error.message, warning});
    }

private:
    std::string _file;
    std::vector<PackProblem>* _problems;
};

std::optional<ExerciseText> readExerciseText(JsonReader& reader) {
    reader.rejectUnknown({"name", "aliases", "steps", "cues", "mistakes", "precautions",
                          "regression", "progression"});
    ExerciseText text;
    text.name = reader.string("name", true, 120).value_or("");
    text.aliases =
        reader.stringList("aliases", false, 20, 120).value_or(std::vector<std::string>{});
    text.steps = reader.stringList("steps", true, 12).value_or(std::vector<std::string>{});
    if (reader.has("steps") && text.steps.empty())
        reader.fail("steps", "must list at least one step");
    text.cues = reader.stringList("cues", false, 10).value_or(std::vector<std::string>{});
    text.mistakes = reader.stringList("mistakes", false, 10).value_or(std::vector<std::string>{});
    text.precautions =
        reader.stringList("precautions", false, 10).value_or(std::vector<std::string>{});
    text.regression = reader.string("regression", false, 500).value_or("");
    text.progression = reader.string("progression", false, 500).value_or("");
    return text;
}

std::optional<EducationText> readEducationText(JsonReader& reader) {
    reader.rejectUnknown({"title", "points"});
    EducationText text;
    text.title = reader.string("title", true, 120).value_or("");
    text.points = reader.stringList("points", true, 12).value_or(std::vector<std::string>{});
    if (reader.has("points") && text.points.empty())
        reader.fail("points", "must list at least one point");
    return text;
}

/// Reads the "text" object: one block per language. Missing pack languages are reported to
/// `missing` (an error or a warning, decided by the caller).
template <typename Text, typename ReadText>
std::map<std::string, Text> readTexts(JsonReader& entry, const std::vector<std::string>& languages,
                                      FieldErrors& missing, ReadText readText) {
    std::map<std::string, Text> texts;
    auto textReader = entry.object("text", true);
    if (!textReader)
        return texts;
    if (!textReader->has("en"))
        textReader->fail("en", "is required: every entry is written in English");
    for (const auto& language : languages) {
        if (auto block = textReader->object(language, false)) {
            if (auto text = readText(*block))
                texts[language] = std::move(*text);
        } else if (language != "en") {
            missing.add(textReader->pathOf(language), "translation is missing");
        }
    }
    return texts;
}

std::string readId(JsonReader& reader, const std::set<std::string>& seen) {
    auto id = reader.string("id", true, 80);
    if (!id)
        return {};
    if (!std::regex_match(*id, ENTRY_ID))
        reader.fail("id",
                    "must be lower-case letters and digits joined by dashes (got \"" + *id + "\")");
    else if (seen.count(*id))
        reader.fail("id", "\"" + *id + "\" is used by another entry of this pack");
    return *id;
}

void readDoseRange(JsonReader& entry, Exercise& exercise) {
    auto range = entry.object("doseRange", false);
    if (!range)
        return;
    range->rejectUnknown({"holdMin", "holdMax", "repsMin", "repsMax"});
    DoseRange& r = exercise.doseRange;
    r.holdMin = range->integer("holdMin", false, 0, DoseLimits::MAX_HOLD_SECONDS).value_or(0);
    r.holdMax = range->integer("holdMax", false, 0, DoseLimits::MAX_HOLD_SECONDS).value_or(0);
    r.repsMin = range->integer("repsMin", false, 0, DoseLimits::MAX_REPS).value_or(0);
    r.repsMax = range->integer("repsMax", false, 0, DoseLimits::MAX_REPS).value_or(0);
    if (r.holdMin > r.holdMax)
        range->fail("holdMin", "must not be above holdMax");
    if (r.repsMin > r.repsMax)
        range->fail("repsMin", "must not be above repsMax");
    const Dose& dose = exercise.defaultDose;
    if (dose.holdUnit != HoldUnit::None && r.holdMax > 0 &&
        (dose.hold < r.holdMin || dose.hold > r.holdMax))
        range->fail("holdMin", "the default hold " + std::to_string(dose.hold) +
                                   " is outside the range " + std::to_string(r.holdMin) + "-" +
                                   std::to_string(r.holdMax));
    if (r.repsMax > 0 && (dose.reps < r.repsMin || dose.reps > r.repsMax))
        range->fail("repsMin", "the default reps " + std::to_string(dose.reps) +
                                   " are outside the range " + std::to_string(r.repsMin) + "-" +
                                   std::to_string(r.repsMax));
}

std::vector<std::string> readNameList(JsonReader& reader, const std::string& key, bool required) {
    auto list = reader.stringList(key, required, 10, 40);
    if (!list)
        return {};
    for (std::size_t i = 0; i < list->size(); ++i)
        if (!std::regex_match((*list)[i], ENTRY_ID))
            reader.fail(key + "[" + std::to_string(i) + "]",
                        "must be lower-case words joined by dashes (got \"" + (*list)[i] + "\")");
    return *list;
}

} // namespace

std::string PackProblem::toString() const {
    std::string text = file + ": ";
    if (!entryId.empty())
        text += entryId + ": ";
    if (!field.empty())
        text += field + ": ";
    text += message;
    if (warning)
        text += " (warning)";
    return text;
}

bool PackLoadResult::hasErrors() const {
    for (const auto& problem : problems)
        if (!problem.warning)
            return true;
    return false;
}

PackException::PackException(std::vector<PackProblem> problems)
    : Poco::DataFormatException(problems.empty() ? std::string("invalid pack")
                                                 : problems.front().toString()),
      _problems(std::move(problems)) {}

namespace {

/// Calls readEntry(reader, errors, missing) for each object of root[key], each with its own
/// error lists, then files those errors under the entry's id (or "#n" when it has none).
template <typename ReadEntry>
void forEachEntry(Poco::JSON::Object::Ptr root, const std::string& key, JsonReader& packReader,
                  ProblemSink& sink, const PackRules& rules, ReadEntry readEntry) {
    if (!packReader.has(key))
        return;
    Poco::JSON::Array::Ptr array = root->getArray(key);
    if (!array) {
        packReader.fail(key, "must be an array of entries");
        return;
    }
    if (array->size() > MAX_ENTRIES) {
        packReader.fail(key, "must have at most " + std::to_string(MAX_ENTRIES) + " entries");
        return;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        std::string fallbackId = key + "[" + std::to_string(i) + "]";
        Poco::JSON::Object::Ptr object = array->getObject(i);
        if (!object) {
            packReader.fail(fallbackId, "must be an object");
            continue;
        }
        FieldErrors errors;
        FieldErrors missing;
        JsonReader reader(object, "", errors);
        std::string id = readEntry(reader, missing);
        sink.take(id.empty() ? fallbackId : id, errors);
        sink.take(id.empty() ? fallbackId : id, missing, !rules.requireAllLanguages);
    }
}

} // namespace

PackLoadResult loadPack(std::string_view json, const std::string& fileName, PackRules rules) {
    PackLoadResult result;
    ProblemSink sink(fileName, result.problems);
    FieldErrors packErrors;
    Poco::JSON::Object::Ptr root;
    try {
        root = parseJsonObject(json, "pack");
    } catch (const ValidationException& error) {
        packErrors.addAll(error.errors());
        sink.take("", packErrors);
        return result;
    }

    JsonReader reader(root, "", packErrors);
    reader.rejectUnknown(
        {"format", "id", "name", "version", "languages", "exercises", "education"});
    Pack pack;
    if (auto format = reader.string("format", true); format && *format != "limber.pack/1")
        reader.fail("format", "must be \"limber.pack/1\" (got \"" + *format + "\")");
    pack.id = reader.string("id", true, 80).value_or("");
    if (!pack.id.empty() && !std::regex_match(pack.id, PACK_ID))
        reader.fail("id", "must be lower-case letters and digits joined by dots or dashes");
    pack.name = reader.string("name", true, 120).value_or("");
    pack.version = reader.string("version", true, 40).value_or("");
    pack.languages =
        reader.stringList("languages", true, 10, 8).value_or(std::vector<std::string>{});
    if (reader.has("languages") &&
        std::find(pack.languages.begin(), pack.languages.end(), "en") == pack.languages.end())
        reader.fail("languages", "must include \"en\"");
    if (!reader.has("exercises") && !reader.has("education"))
        reader.fail("exercises", "a pack needs at least one exercise or education item");

    std::set<std::string> ids;
    struct Link {
        std::string entryId;
        std::string field;
        std::string target;
    };
    std::vector<Link> links;
    forEachEntry(root, "exercises", reader, sink, rules, [&](JsonReader& e, FieldErrors& missing) {
        e.rejectUnknown({"id", "strategy", "type", "regions", "position", "equipment",
                         "defaultDose", "doseRange", "regressionId", "progressionId", "figure",
                         "source", "text"});
        Exercise exercise;
        exercise.id = readId(e, ids);
        exercise.packId = pack.id;
        exercise.strategy = e.string("strategy", true, 40).value_or("");
        if (auto type = e.string("type", true, 20)) {
            if (auto parsed = exerciseTypeFromString(*type))
                exercise.type = *parsed;
            else
                e.fail("type", "must be one of stretch, balance, strength, mobility (got \"" +
                                   *type + "\")");
        }
        exercise.regions = readNameList(e, "regions", true);
        exercise.position = e.string("position", true, 40).value_or("");
        exercise.equipment = readNameList(e, "equipment", false);
        if (auto doseReader = e.object("defaultDose", true))
            exercise.defaultDose = readDose(*doseReader, Dose{}).value_or(Dose{});
        readDoseRange(e, exercise);
        exercise.regressionId = e.string("regressionId", false, 80).value_or("");
        exercise.progressionId = e.string("progressionId", false, 80).value_or("");
        if (!exercise.regressionId.empty())
            links.push_back({exercise.id, "regressionId", exercise.regressionId});
        if (!exercise.progressionId.empty())
            links.push_back({exercise.id, "progressionId", exercise.progressionId});
        exercise.figureId = e.string("figure", false, 80).value_or(exercise.id);
        exercise.source = e.string("source", true, 1000).value_or("");
        exercise.text = readTexts<ExerciseText>(e, pack.languages, missing, readExerciseText);
        if (!exercise.id.empty())
            ids.insert(exercise.id);
        std::string id = exercise.id;
        if (e.errors().empty())
            pack.exercises.push_back(std::move(exercise));
        return id;
    });
    forEachEntry(root, "education", reader, sink, rules, [&](JsonReader& e, FieldErrors& missing) {
        e.rejectUnknown({"id", "strategy", "source", "text"});
        EducationItem item;
        item.id = readId(e, ids);
        item.packId = pack.id;
        item.strategy = e.string("strategy", true, 40).value_or("");
        item.source = e.string("source", true, 1000).value_or("");
        item.text = readTexts<EducationText>(e, pack.languages, missing, readEducationText);
        if (!item.id.empty())
            ids.insert(item.id);
        std::string id = item.id;
        if (e.errors().empty())
            pack.education.push_back(std::move(item));
        return id;
    });

    // Links between entries must point inside the pack (they may point forward).
    for (const auto& link : links) {
        if (ids.count(link.target))
            continue;
        FieldErrors error;
        error.add(link.field, "\"" + link.target + "\" is not an entry of this pack");
        sink.take(link.entryId, error);
    }

    sink.take("", packErrors);
    if (!result.hasErrors())
        result.pack = std::move(pack);
    return result;
}

PackLoadResult loadPackFile(const std::string& path, PackRules rules) {
    std::string json;
    try {
        Poco::FileInputStream stream(path);
        Poco::StreamCopier::copyToString(stream, json);
    } catch (const Poco::Exception& error) {
        PackLoadResult result;
        result.problems.push_back(
            {path, "", "", "cannot be read (" + error.message() + ")", false});
        return result;
    }
    return loadPack(json, path, rules);
}

Pack loadPackOrThrow(std::string_view json, const std::string& fileName, PackRules rules) {
    PackLoadResult result = loadPack(json, fileName, rules);
    if (result.hasErrors())
        throw PackException(result.problems);
    return std::move(*result.pack);
}

} // namespace Limber
