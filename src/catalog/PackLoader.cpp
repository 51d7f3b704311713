#include "PackLoader.h"

#include "Catalog.h"
#include "FigureLibrary.h"
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
const std::regex LANGUAGE_CODE("[a-z]{2}");
constexpr std::size_t MAX_ENTRIES = 2000;
constexpr std::size_t MAX_TERMS = 200;

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

/// What the entries of one pack may refer to, and what they refer to (checked once every
/// entry is read, since links may point forward).
struct PackScope {
    std::string packId;
    std::vector<std::string> languages;
    PackRules rules;
    std::set<std::string> exerciseIds;  ///< this pack's
    std::set<std::string> educationIds; ///< this pack's
    std::set<std::pair<TermKind, std::string>> terms;

    struct Link {
        std::string entryId;
        std::string field;
        std::string target;
        bool education = false; ///< the target must be an education item, else an exercise
    };
    std::vector<Link> links;

    bool isExercise(const std::string& id) const {
        return exerciseIds.count(id) || (rules.context && rules.context->exercise(id));
    }
    bool isEducation(const std::string& id) const {
        return educationIds.count(id) || (rules.context && rules.context->educationItem(id));
    }
    bool knowsTerm(TermKind kind, const std::string& id) const {
        return !rules.checkReferences || terms.count({kind, id}) ||
               (rules.context && rules.context->term(kind, id));
    }
    /// Whether id is taken by an entry of a pack in the context (a clinic's own exercise of
    /// the same id is the entry being edited, not a clash).
    bool takenInContext(const std::string& id) const {
        if (!rules.context || !rules.checkReferences)
            return false;
        const Exercise* exercise = rules.context->exercise(id);
        return (exercise && exercise->revision == 0) || rules.context->educationItem(id);
    }
};

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

std::string termNoun(TermKind kind) {
    switch (kind) {
    case TermKind::Strategy:
        return "strategy";
    case TermKind::Region:
        return "region";
    case TermKind::Position:
        return "position";
    case TermKind::Equipment:
        return "piece of equipment";
    }
    return "term";
}

/// Checks that a term is declared by this pack or the context.
void checkTerm(JsonReader& reader, const PackScope& scope, TermKind kind, const std::string& field,
               const std::string& id) {
    if (!id.empty() && !scope.knowsTerm(kind, id))
        reader.fail(field, quoted(id) + " is not a known " + termNoun(kind) +
                               " (declare it in the pack's terms." + std::string(toString(kind)) +
                               ")");
}

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

std::optional<TemplateText> readTemplateText(JsonReader& reader) {
    reader.rejectUnknown({"title", "summary", "notes"});
    TemplateText text;
    text.title = reader.string("title", true, PrescriptionLimits::MAX_TITLE).value_or("");
    text.summary = reader.string("summary", true, 300).value_or("");
    text.notes = reader.string("notes", false, PrescriptionLimits::MAX_NOTE, TextKind::Paragraph)
                     .value_or("");
    return text;
}

/// Reads the "text" object: one block per language. Missing pack languages are reported to
/// `missing` (an error or a warning, decided by the caller); a language the pack does not
/// declare is an error.
template <typename Text, typename ReadText>
std::map<std::string, Text> readTexts(JsonReader& entry, const std::vector<std::string>& languages,
                                      FieldErrors& missing, ReadText readText) {
    std::map<std::string, Text> texts;
    auto textReader = entry.object("text", true);
    if (!textReader)
        return texts;
    if (!textReader->has("en"))
        textReader->fail("en", "is required: every entry is written in English");
    for (const auto& key : textReader->keys())
        if (std::find(languages.begin(), languages.end(), key) == languages.end())
            textReader->fail(key, "is not one of the pack's languages");
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

std::string readId(JsonReader& reader, const std::set<std::string>& seen, const PackScope& scope) {
    auto id = reader.string("id", true, 80);
    if (!id)
        return {};
    if (!std::regex_match(*id, ENTRY_ID))
        reader.fail("id",
                    "must be lower-case letters and digits joined by dashes (got \"" + *id + "\")");
    else if (seen.count(*id))
        reader.fail("id", "\"" + *id + "\" is used by another entry of this pack");
    else if (scope.takenInContext(*id))
        reader.fail("id", "\"" + *id + "\" is already an entry of the built-in catalog");
    return *id;
}

/// Reads the dose range; checks it against the default dose when that one is valid
/// (defaultDoseRead), so one mistake is reported once.
void readDoseRange(JsonReader& entry, Exercise& exercise, bool defaultDoseRead) {
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
    if (!defaultDoseRead)
        return;
    if (r.holdMax > 0 && dose.holdUnit == HoldUnit::None)
        range->fail("holdMax", "gives a hold range, but the default dose has no hold");
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

/// Reads one exercise entry into exercise; returns its id (empty when it has none).
/// `warnings` gets the guardrails its default dose trips, `missing` its missing translations.
std::string readExercise(JsonReader& e, PackScope& scope, const std::set<std::string>& seen,
                         FieldErrors& missing, FieldErrors& warnings, Exercise& exercise) {
    e.rejectUnknown({"id", "strategy", "type", "regions", "position", "equipment", "defaultDose",
                     "doseRange", "regressionId", "progressionId", "figure", "source", "text"});
    exercise.id = readId(e, seen, scope);
    exercise.packId = scope.packId;
    exercise.strategy = e.string("strategy", true, 40).value_or("");
    checkTerm(e, scope, TermKind::Strategy, "strategy", exercise.strategy);
    if (auto type = e.string("type", true, 20)) {
        if (auto parsed = exerciseTypeFromString(*type))
            exercise.type = *parsed;
        else
            e.fail("type",
                   "must be one of stretch, balance, strength, mobility (got \"" + *type + "\")");
    }
    exercise.regions = readNameList(e, "regions", true);
    for (std::size_t i = 0; i < exercise.regions.size(); ++i)
        checkTerm(e, scope, TermKind::Region, "regions[" + std::to_string(i) + "]",
                  exercise.regions[i]);
    exercise.position = e.string("position", true, 40).value_or("");
    checkTerm(e, scope, TermKind::Position, "position", exercise.position);
    exercise.equipment = readNameList(e, "equipment", false);
    for (std::size_t i = 0; i < exercise.equipment.size(); ++i)
        checkTerm(e, scope, TermKind::Equipment, "equipment[" + std::to_string(i) + "]",
                  exercise.equipment[i]);
    bool doseRead = false;
    if (auto doseReader = e.object("defaultDose", true)) {
        if (auto dose = readDose(*doseReader, Dose{})) {
            exercise.defaultDose = *dose;
            doseRead = true;
            for (const auto& warning : doseWarnings(*dose, exercise.type))
                warnings.add("defaultDose." + warning.field, warning.message);
        }
    }
    readDoseRange(e, exercise, doseRead);
    exercise.regressionId = e.string("regressionId", false, 80).value_or("");
    exercise.progressionId = e.string("progressionId", false, 80).value_or("");
    for (const auto& [field, target] :
         {std::pair<std::string, std::string>{"regressionId", exercise.regressionId},
          {"progressionId", exercise.progressionId}}) {
        if (target.empty())
            continue;
        if (target == exercise.id)
            e.fail(field, "must name another exercise, not this one");
        else
            scope.links.push_back({exercise.id, field, target, false});
    }
    // The drawing: a figure of the library named by "figure", "none" for no drawing, or when
    // the field is left out, the library's figure of the same id if there is one.
    const FigureLibrary& figures = builtInFigureLibrary();
    if (!e.has("figure")) {
        exercise.figureId = figures.find(exercise.id) ? exercise.id : "";
    } else {
        exercise.figureId = e.string("figure", false, 80).value_or("");
        if (exercise.figureId == "none")
            exercise.figureId.clear();
        else if (!std::regex_match(exercise.figureId, ENTRY_ID))
            e.fail("figure", "must be a figure id: lower-case words joined by dashes (got \"" +
                                 exercise.figureId + "\")");
        else if (scope.rules.checkReferences && !figures.find(exercise.figureId))
            e.fail("figure", "\"" + exercise.figureId + "\" is not a figure of the figure library");
    }
    exercise.source = e.string("source", true, 1000, TextKind::Paragraph).value_or("");
    exercise.text = readTexts<ExerciseText>(e, scope.languages, missing, readExerciseText);
    return exercise.id;
}

/// Checks every link between entries once all are read. Problems go to the linking entry.
void checkLinks(const PackScope& scope, ProblemSink& sink) {
    if (!scope.rules.checkReferences)
        return;
    for (const auto& link : scope.links) {
        bool found =
            link.education ? scope.isEducation(link.target) : scope.isExercise(link.target);
        if (found)
            continue;
        FieldErrors error;
        error.add(link.field, quoted(link.target) + " is not " +
                                  (link.education ? "an education item" : "an exercise") +
                                  " of this pack" + (scope.rules.context ? " or the catalog" : ""));
        sink.take(link.entryId, error);
    }
}

/// Reads the "terms" object: {"strategies": [{"id", "en", "es"...}], "regions": [...], ...}.
void readTerms(JsonReader& pack, PackScope& scope, Pack& out, FieldErrors& missing) {
    auto terms = pack.object("terms", false);
    if (!terms)
        return;
    terms->rejectUnknown({"strategies", "regions", "positions", "equipment"});
    for (TermKind kind : TERM_KINDS) {
        std::string key(toString(kind));
        auto list = terms->objectList(key, false, MAX_TERMS);
        if (!list)
            continue;
        for (auto& entry : *list) {
            Term term;
            term.kind = kind;
            term.id = entry.string("id", true, 40).value_or("");
            if (!term.id.empty() && !std::regex_match(term.id, ENTRY_ID))
                entry.fail("id",
                           "must be lower-case words joined by dashes (got \"" + term.id + "\")");
            if (!term.id.empty() && scope.terms.count({kind, term.id}))
                entry.fail("id", quoted(term.id) + " is declared twice");
            for (const auto& name : entry.keys())
                if (name != "id" && std::find(scope.languages.begin(), scope.languages.end(),
                                              name) == scope.languages.end())
                    entry.fail(name, "is not one of the pack's languages");
            for (const auto& language : scope.languages) {
                if (auto label = entry.string(language, language == "en", 60))
                    term.label[language] = *label;
                else if (language != "en")
                    missing.add(entry.pathOf(language), "translation is missing");
            }
            if (!term.id.empty()) {
                scope.terms.insert({kind, term.id});
                out.terms.push_back(std::move(term));
            }
        }
    }
}

/// Reads one template entry; returns its id.
std::string readTemplate(JsonReader& t, const PackScope& scope, const std::set<std::string>& seen,
                         std::vector<PackScope::Link>& links, FieldErrors& missing,
                         FieldErrors& warnings, const std::vector<Exercise>& packExercises,
                         ProgramTemplate& out) {
    t.rejectUnknown({"id", "weeks", "items", "education", "text"});
    out.packId = scope.packId;
    out.id = t.string("id", true, 80).value_or("");
    if (!out.id.empty() && !std::regex_match(out.id, ENTRY_ID))
        t.fail("id",
               "must be lower-case letters and digits joined by dashes (got \"" + out.id + "\")");
    else if (seen.count(out.id))
        t.fail("id", quoted(out.id) + " is used by another template of this pack");
    else if (scope.rules.context && scope.rules.context->programTemplate(out.id))
        t.fail("id", quoted(out.id) + " is already a template of the catalog");
    out.weeks =
        t.integer("weeks", true, TemplateLimits::MIN_WEEKS, TemplateLimits::MAX_WEEKS).value_or(6);
    auto defaultDoseOf = [&](const std::string& id) -> std::optional<Dose> {
        for (const auto& exercise : packExercises)
            if (exercise.id == id)
                return exercise.defaultDose;
        if (scope.rules.context)
            return scope.rules.context->defaultDose(id);
        return std::nullopt;
    };
    auto typeOf = [&](const std::string& id) {
        for (const auto& exercise : packExercises)
            if (exercise.id == id)
                return exercise.type;
        const Exercise* found = scope.rules.context ? scope.rules.context->exercise(id) : nullptr;
        return found ? found->type : ExerciseType::Mobility;
    };
    if (auto items = t.objectList("items", true, PrescriptionLimits::MAX_ITEMS)) {
        if (items->empty())
            t.fail("items", "must list at least one exercise");
        std::set<std::string> listed;
        for (std::size_t i = 0; i < items->size(); ++i) {
            JsonReader& item = (*items)[i];
            std::string path = "items[" + std::to_string(i) + "]";
            item.rejectUnknown({"exercise", "dose", "note"});
            TemplateItem each;
            each.exerciseId = item.string("exercise", true, 80).value_or("");
            if (each.exerciseId.empty())
                continue;
            if (!listed.insert(each.exerciseId).second)
                item.fail("exercise", quoted(each.exerciseId) + " is listed twice");
            std::optional<Dose> base = defaultDoseOf(each.exerciseId);
            if (!base && scope.exerciseIds.count(each.exerciseId))
                continue; // an exercise of this pack with errors of its own, reported there
            if (!base) {
                item.fail("exercise", quoted(each.exerciseId) + " is not an exercise of this pack" +
                                          (scope.rules.context ? " or the catalog" : ""));
                continue;
            }
            each.dose = *base;
            if (auto doseReader = item.object("dose", false))
                each.dose = readDose(*doseReader, *base).value_or(*base);
            for (const auto& warning : doseWarnings(each.dose, typeOf(each.exerciseId)))
                warnings.add(path + ".dose." + warning.field, warning.message);
            if (auto notes = item.object("note", false)) {
                for (const auto& language : notes->keys())
                    if (std::find(scope.languages.begin(), scope.languages.end(), language) ==
                        scope.languages.end())
                        notes->fail(language, "is not one of the pack's languages");
                for (const auto& language : scope.languages) {
                    if (auto note =
                            notes->string(language, language == "en", PrescriptionLimits::MAX_NOTE))
                        each.note[language] = *note;
                    else if (language != "en")
                        missing.add(notes->pathOf(language), "translation is missing");
                }
            }
            out.items.push_back(std::move(each));
        }
        if (out.items.size() > PrescriptionLimits::WARN_ITEMS)
            warnings.add("items", std::to_string(out.items.size()) +
                                      " exercises a session is a lot: consider " +
                                      std::to_string(PrescriptionLimits::WARN_ITEMS) + " or fewer");
    }
    if (auto education = t.stringList("education", false, PrescriptionLimits::MAX_EDUCATION, 80)) {
        std::set<std::string> listed;
        for (std::size_t i = 0; i < education->size(); ++i) {
            const std::string& id = (*education)[i];
            std::string field = "education[" + std::to_string(i) + "]";
            if (!listed.insert(id).second)
                t.fail(field, quoted(id) + " is listed twice");
            else
                links.push_back({out.id, field, id, true});
        }
        out.educationIds = *education;
    }
    out.text = readTexts<TemplateText>(t, scope.languages, missing, readTemplateText);
    // The program's note for the patient is part of the translation: a language that has the
    // title but not the English note would start a patient's program without one.
    auto english = out.text.find("en");
    if (english != out.text.end() && !english->second.notes.empty())
        if (auto texts = t.object("text", false))
            for (const auto& [language, text] : out.text)
                if (language != "en" && text.notes.empty())
                    missing.add(texts->pathOf(language) + ".notes", "translation is missing");
    return out.id;
}

/// Calls readEntry(reader, missing, warnings) for each object of root[key], each with its own
/// error lists, then files those problems under the entry's id (or "key[n]" when it has none).
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
        FieldErrors warnings;
        JsonReader reader(object, "", errors);
        std::string id = readEntry(reader, missing, warnings);
        const std::string& where = id.empty() ? fallbackId : id;
        sink.take(where, errors);
        sink.take(where, missing, !rules.requireAllLanguages);
        sink.take(where, warnings, true);
    }
}

std::vector<std::string> readLanguages(JsonReader& reader) {
    auto languages = reader.stringList("languages", true, 10, 8);
    if (!languages)
        return {};
    for (std::size_t i = 0; i < languages->size(); ++i)
        if (!std::regex_match((*languages)[i], LANGUAGE_CODE))
            reader.fail("languages[" + std::to_string(i) + "]",
                        "must be a two-letter language code such as \"es\" (got \"" +
                            (*languages)[i] + "\")");
    if (std::find(languages->begin(), languages->end(), "en") == languages->end())
        reader.fail("languages", "must include \"en\"");
    return *languages;
}

} // namespace

std::string_view toString(TermKind kind) {
    switch (kind) {
    case TermKind::Strategy:
        return "strategies";
    case TermKind::Region:
        return "regions";
    case TermKind::Position:
        return "positions";
    case TermKind::Equipment:
        return "equipment";
    }
    return "strategies";
}

std::optional<TermKind> termKindFromString(std::string_view text) {
    for (TermKind kind : TERM_KINDS)
        if (toString(kind) == text)
            return kind;
    return std::nullopt;
}

const std::string& Term::labelIn(const std::string& language) const {
    if (auto found = label.find(language); found != label.end())
        return found->second;
    if (auto english = label.find("en"); english != label.end())
        return english->second;
    return id;
}

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

bool ExerciseEntryResult::hasErrors() const {
    for (const auto& problem : problems)
        if (!problem.warning)
            return true;
    return false;
}

PackException::PackException(std::vector<PackProblem> problems)
    : Poco::DataFormatException(problems.empty() ? std::string("invalid pack")
                                                 : problems.front().toString()),
      _problems(std::move(problems)) {}

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
    reader.rejectUnknown({"format", "id", "name", "version", "languages", "terms", "exercises",
                          "education", "templates"});
    Pack pack;
    if (auto format = reader.string("format", true); format && *format != "limber.pack/1")
        reader.fail("format", "must be \"limber.pack/1\" (got \"" + *format + "\")");
    pack.id = reader.string("id", true, 80).value_or("");
    result.packId = pack.id;
    if (!pack.id.empty() && !std::regex_match(pack.id, PACK_ID))
        reader.fail("id", "must be lower-case letters and digits joined by dots or dashes");
    pack.name = reader.string("name", true, 120).value_or("");
    pack.version = reader.string("version", true, 40).value_or("");
    pack.languages = readLanguages(reader);
    if (!reader.has("exercises") && !reader.has("education") && !reader.has("templates"))
        reader.fail("exercises", "a pack needs at least one exercise, education item or template");

    PackScope scope{pack.id, pack.languages, rules, {}, {}, {}, {}};
    FieldErrors missingTerms;
    readTerms(reader, scope, pack, missingTerms);
    sink.take("terms", missingTerms, !rules.requireAllLanguages);

    std::set<std::string> ids;
    // Ids first, so links and templates may point forward.
    for (const char* key : {"exercises", "education"})
        if (Poco::JSON::Array::Ptr array = root->getArray(key))
            for (std::size_t i = 0; i < array->size(); ++i)
                if (Poco::JSON::Object::Ptr object = array->getObject(i))
                    if (object->has("id") && object->get("id").isString())
                        (std::string(key) == "exercises" ? scope.exerciseIds : scope.educationIds)
                            .insert(object->getValue<std::string>("id"));

    forEachEntry(root, "exercises", reader, sink, rules,
                 [&](JsonReader& e, FieldErrors& missing, FieldErrors& warnings) {
                     Exercise exercise;
                     std::string id = readExercise(e, scope, ids, missing, warnings, exercise);
                     if (!id.empty())
                         ids.insert(id);
                     if (e.errors().empty())
                         pack.exercises.push_back(std::move(exercise));
                     return id;
                 });
    forEachEntry(root, "education", reader, sink, rules,
                 [&](JsonReader& e, FieldErrors& missing, FieldErrors&) {
                     e.rejectUnknown({"id", "strategy", "source", "text"});
                     EducationItem item;
                     item.id = readId(e, ids, scope);
                     item.packId = pack.id;
                     item.strategy = e.string("strategy", true, 40).value_or("");
                     checkTerm(e, scope, TermKind::Strategy, "strategy", item.strategy);
                     item.source = e.string("source", true, 1000, TextKind::Paragraph).value_or("");
                     item.text =
                         readTexts<EducationText>(e, pack.languages, missing, readEducationText);
                     if (!item.id.empty())
                         ids.insert(item.id);
                     std::string id = item.id;
                     if (e.errors().empty())
                         pack.education.push_back(std::move(item));
                     return id;
                 });
    std::set<std::string> templateIds;
    forEachEntry(root, "templates", reader, sink, rules,
                 [&](JsonReader& t, FieldErrors& missing, FieldErrors& warnings) {
                     ProgramTemplate each;
                     std::string id = readTemplate(t, scope, templateIds, scope.links, missing,
                                                   warnings, pack.exercises, each);
                     if (!id.empty())
                         templateIds.insert(id);
                     if (t.errors().empty())
                         pack.templates.push_back(std::move(each));
                     return id;
                 });

    checkLinks(scope, sink);
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

ExerciseEntryResult loadExerciseEntry(std::string_view json, const std::string& where,
                                      const std::vector<std::string>& languages, PackRules rules) {
    ExerciseEntryResult result;
    ProblemSink sink(where, result.problems);
    FieldErrors errors;
    FieldErrors missing;
    FieldErrors warnings;
    Poco::JSON::Object::Ptr root;
    try {
        root = parseJsonObject(json, "exercise");
    } catch (const ValidationException& error) {
        errors.addAll(error.errors());
        sink.take("", errors);
        return result;
    }
    PackScope scope{"clinic", languages, rules, {}, {}, {}, {}};
    JsonReader reader(root, "", errors);
    Exercise exercise;
    std::string id = readExercise(reader, scope, {}, missing, warnings, exercise);
    sink.take(id, errors);
    checkLinks(scope, sink);
    sink.take(id, missing, !rules.requireAllLanguages);
    sink.take(id, warnings, true);
    if (!result.hasErrors())
        result.exercise = std::move(exercise);
    return result;
}

std::vector<FieldError> exerciseEntryTextErrors(std::string_view json) {
    FieldErrors errors;
    Poco::JSON::Object::Ptr root;
    try {
        root = parseJsonObject(json, "exercise");
    } catch (const ValidationException& error) {
        return error.errors();
    }
    JsonReader entry(root, "", errors);
    entry.string("source", false, 1000, TextKind::Paragraph);
    if (auto texts = entry.object("text", false))
        for (const auto& language : texts->keys())
            if (auto block = texts->object(language, false))
                readExerciseText(*block);
    return errors.list();
}

} // namespace Limber
