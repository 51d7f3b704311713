#include "ApiJson.h"

#include "json/DoseJson.h"
#include "json/JsonReader.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <sstream>

namespace Limber {

namespace {

Poco::JSON::Array::Ptr stringArray(const std::vector<std::string>& values) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& value : values)
        array->add(value);
    return array;
}

Poco::Dynamic::Var optionalNumber(const std::optional<double>& value) {
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::Dynamic::Var optionalInt(const std::optional<int>& value) {
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

} // namespace

Poco::JSON::Object::Ptr jsonObject() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

std::string toJsonText(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

std::string toJsonText(const Poco::JSON::Array::Ptr& array) {
    std::ostringstream out;
    array->stringify(out);
    return out.str();
}

std::string isoInstant(std::int64_t seconds) {
    return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(seconds),
                                           "%Y-%m-%dT%H:%M:%SZ");
}

Poco::JSON::Object::Ptr patientToJson(const Patient& patient,
                                      const std::optional<std::string>& checkinUrl,
                                      std::optional<std::int64_t> programId) {
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("id", patient.id);
    json->set("recordNumber", patient.recordNumber);
    json->set("name", patient.name);
    json->set("firstName", patient.firstName);
    json->set("language", patient.language);
    json->set("therapistId", patient.therapistId);
    json->set("createdAt", isoInstant(patient.createdAt));
    auto optional = [](const std::string& value) {
        return value.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(value);
    };
    json->set("birthDate", optional(patient.birthDate));
    json->set("phone", optional(patient.phone));
    json->set("email", optional(patient.email));
    json->set("status", patient.discharged() ? "discharged" : "in care");
    json->set("episode", patient.episode);
    json->set("admittedAt", isoInstant(patient.admittedAt));
    json->set("dischargedAt", patient.dischargedAt
                                  ? Poco::Dynamic::Var(isoInstant(*patient.dischargedAt))
                                  : Poco::Dynamic::Var());
    json->set("checkinUrl", checkinUrl ? Poco::Dynamic::Var(*checkinUrl) : Poco::Dynamic::Var());
    json->set("programId", programId ? Poco::Dynamic::Var(*programId) : Poco::Dynamic::Var());
    json->set("handoutLargePrint", patient.print.largePrint);
    json->set("handoutLanguage", optional(patient.print.language));
    return json;
}

Poco::JSON::Object::Ptr exerciseToJson(const Exercise& exercise, const std::string& language) {
    const ExerciseText& text = exercise.textIn(language);
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("id", exercise.id);
    json->set("pack", exercise.packId);
    json->set("language", exercise.text.count(language) ? language : std::string("en"));
    json->set("name", text.name);
    json->set("aliases", stringArray(text.aliases));
    json->set("strategy", exercise.strategy);
    json->set("type", std::string(toString(exercise.type)));
    json->set("regions", stringArray(exercise.regions));
    json->set("position", exercise.position);
    json->set("equipment", stringArray(exercise.equipment));
    json->set("defaultDose", doseToJson(exercise.defaultDose));
    Poco::JSON::Object::Ptr range = jsonObject();
    range->set("holdMin", exercise.doseRange.holdMin);
    range->set("holdMax", exercise.doseRange.holdMax);
    range->set("repsMin", exercise.doseRange.repsMin);
    range->set("repsMax", exercise.doseRange.repsMax);
    json->set("doseRange", range);
    json->set("steps", stringArray(text.steps));
    json->set("cues", stringArray(text.cues));
    json->set("mistakes", stringArray(text.mistakes));
    json->set("precautions", stringArray(text.precautions));
    json->set("regression", text.regression);
    json->set("regressionId", exercise.regressionId);
    json->set("progression", text.progression);
    json->set("progressionId", exercise.progressionId);
    json->set("source", exercise.source);
    json->set("figure", exercise.figureId.empty() ? Poco::Dynamic::Var()
                                                  : Poco::Dynamic::Var(exercise.figureId));
    json->set("own", exercise.revision > 0);
    json->set("revision", exercise.revision);
    return json;
}

Poco::JSON::Object::Ptr educationToJson(const EducationItem& item, const std::string& language) {
    const EducationText& text = item.textIn(language);
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("id", item.id);
    json->set("pack", item.packId);
    json->set("language", item.text.count(language) ? language : std::string("en"));
    json->set("title", text.title);
    json->set("strategy", item.strategy);
    json->set("points", stringArray(text.points));
    json->set("source", item.source);
    return json;
}

Poco::JSON::Object::Ptr templateToJson(const ProgramTemplate& programTemplate,
                                       const std::string& language) {
    const TemplateText& text = programTemplate.textIn(language);
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("id", programTemplate.id);
    json->set("pack", programTemplate.packId);
    json->set("language", programTemplate.text.count(language) ? language : std::string("en"));
    json->set("title", text.title);
    json->set("summary", text.summary);
    json->set("notes", text.notes);
    json->set("weeks", programTemplate.weeks);
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    Prescription words = programTemplate.prescription(language, Date::parse("2000-01-01"));
    for (std::size_t i = 0; i < programTemplate.items.size(); ++i) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("exercise", programTemplate.items[i].exerciseId);
        item->set("dose", doseToJson(programTemplate.items[i].dose));
        item->set("note", words.items[i].note);
        items->add(item);
    }
    json->set("items", items);
    json->set("education", stringArray(programTemplate.educationIds));
    return json;
}

Poco::JSON::Object::Ptr termsToJson(const Catalog& catalog, const std::string& language) {
    Poco::JSON::Object::Ptr json = jsonObject();
    for (TermKind kind : TERM_KINDS) {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const Term* term : catalog.terms(kind)) {
            Poco::JSON::Object::Ptr item = jsonObject();
            item->set("id", term->id);
            item->set("label", term->labelIn(language));
            list->add(item);
        }
        json->set(std::string(toString(kind)), list);
    }
    Poco::JSON::Array::Ptr types = new Poco::JSON::Array;
    for (ExerciseType type : {ExerciseType::Stretch, ExerciseType::Mobility, ExerciseType::Strength,
                              ExerciseType::Balance}) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("id", std::string(toString(type)));
        item->set("label", typeLabel(type, language));
        types->add(item);
    }
    json->set("types", types);
    return json;
}

Poco::JSON::Object::Ptr catalogToJson(const Catalog& catalog,
                                      const std::vector<const Exercise*>& exercises,
                                      const std::string& language) {
    Poco::JSON::Object::Ptr json = jsonObject();
    Poco::JSON::Array::Ptr exerciseList = new Poco::JSON::Array;
    for (const Exercise* exercise : exercises)
        exerciseList->add(exerciseToJson(*exercise, language));
    json->set("exercises", exerciseList);
    Poco::JSON::Array::Ptr education = new Poco::JSON::Array;
    for (const EducationItem* item : catalog.educationItems())
        education->add(educationToJson(*item, language));
    json->set("education", education);
    Poco::JSON::Array::Ptr templates = new Poco::JSON::Array;
    for (const ProgramTemplate* each : catalog.templates())
        templates->add(templateToJson(*each, language));
    json->set("templates", templates);
    json->set("terms", termsToJson(catalog, language));
    return json;
}

Poco::JSON::Object::Ptr sessionToJson(const Session& session) {
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("id", session.id);
    json->set("programId", session.programId);
    json->set("programVersion", session.programVersion);
    json->set("date", session.date.toString());
    json->set("slot", session.slot);
    json->set("painBefore", optionalInt(session.painBefore));
    json->set("painAfter", optionalInt(session.painAfter));
    json->set("difficulty", std::string(toString(session.difficulty)));
    json->set("note", session.note);
    json->set("source", std::string(toString(session.source)));
    json->set("recordedAt", isoInstant(session.recordedAt));
    json->set("doneUnits", session.doneUnits);
    json->set("prescribedUnits", session.prescribedUnits);
    Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
    for (const auto& entry : session.entries) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("exercise", entry.exerciseId);
        item->set("side", std::string(toString(entry.side)));
        item->set("done", entry.done);
        entries->add(item);
    }
    json->set("entries", entries);
    return json;
}

Poco::JSON::Array::Ptr flagsToJson(const std::vector<AdherenceFlag>& flags) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& flag : flags) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("kind", std::string(toString(flag.kind)));
        item->set("reason", flag.reason);
        array->add(item);
    }
    return array;
}

Poco::JSON::Object::Ptr adherenceToJson(const PatientAdherence& adherence) {
    const AdherenceSummary& s = adherence.summary;
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("programId", adherence.program.id);
    json->set("from", s.from.toString());
    json->set("to", s.to.toString());
    json->set("frequency", optionalNumber(s.frequency));
    json->set("completeness", optionalNumber(s.completeness));
    json->set("sessionRatio", optionalNumber(s.sessionRatio));
    json->set("expectedDays", s.expectedDays);
    json->set("activeDays", s.activeDays);
    json->set("expectedSessions", s.expectedSessions);
    json->set("loggedSessions", s.loggedSessions);
    json->set("prescribedUnits", s.prescribedUnits);
    json->set("doneUnits", s.doneUnits);
    json->set("daysWithDataLast30", s.daysWithDataLast30);
    json->set("currentStreak", s.currentStreak);
    json->set("lastSession",
              s.lastSession ? Poco::Dynamic::Var(s.lastSession->toString()) : Poco::Dynamic::Var());
    Poco::JSON::Array::Ptr weeks = new Poco::JSON::Array;
    for (const auto& week : s.weeks) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("number", week.number);
        item->set("from", week.from.toString());
        item->set("to", week.to.toString());
        item->set("expectedDays", week.expectedDays);
        item->set("activeDays", week.activeDays);
        item->set("frequency", optionalNumber(week.frequency));
        item->set("loggedSessions", week.loggedSessions);
        item->set("expectedSessions", week.expectedSessions);
        item->set("painAverage", optionalNumber(week.painAverage));
        weeks->add(item);
    }
    json->set("weeks", weeks);
    json->set("flags", flagsToJson(adherence.flags));
    Poco::JSON::Array::Ptr exercises = new Poco::JSON::Array;
    for (const auto& exercise : s.exercises) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("exercise", exercise.exerciseId);
        item->set("expectedUnits", exercise.expectedUnits);
        item->set("creditedUnits", exercise.creditedUnits);
        item->set("doneUnits", exercise.doneUnits);
        item->set("ratio", optionalNumber(exercise.ratio));
        exercises->add(item);
    }
    json->set("exercises", exercises);
    return json;
}

Poco::JSON::Array::Ptr warningsToJson(const std::vector<PrescriptionWarning>& warnings) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& warning : warnings) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("field", warning.field);
        item->set("code", warning.code);
        item->set("message", warning.message);
        array->add(item);
    }
    return array;
}

SessionInput readSessionInput(const std::string& body, SessionSource* source) {
    FieldErrors errors;
    JsonReader reader(parseJsonObject(body, "body"), "", errors);
    reader.rejectUnknown(
        {"date", "slot", "painBefore", "painAfter", "difficulty", "note", "source", "entries"});
    SessionInput input;
    if (auto date = reader.string("date", true, 10)) {
        try {
            input.date = Date::parse(*date);
        } catch (const Poco::InvalidArgumentException& error) {
            reader.fail("date", error.message());
        }
    }
    input.slot = reader.integer("slot", false, 1, DoseLimits::MAX_SESSIONS_PER_DAY).value_or(1);
    input.painBefore = reader.integer("painBefore", false, 0, SessionLimits::MAX_PAIN);
    input.painAfter = reader.integer("painAfter", false, 0, SessionLimits::MAX_PAIN);
    if (auto difficulty = reader.enumeration("difficulty", false, 20)) {
        if (auto parsed = difficultyFromString(*difficulty))
            input.difficulty = *parsed;
        else
            reader.fail("difficulty", "must be one of not-said, easy, about-right, hard (got \"" +
                                          *difficulty + "\")");
    }
    input.note =
        reader.string("note", false, SessionLimits::MAX_NOTE, TextKind::Paragraph).value_or("");
    if (auto name = reader.enumeration("source", false, 20)) {
        auto parsed = sessionSourceFromString(*name);
        if (!parsed || *parsed == SessionSource::PatientLink)
            reader.fail("source", "must be therapist or paper (got \"" + *name + "\")");
        else
            *source = *parsed;
    }
    if (auto entries = reader.objectList("entries", true, 200)) {
        for (auto& entry : *entries) {
            entry.rejectUnknown({"exercise", "side", "done"});
            SessionEntry item;
            item.exerciseId = entry.string("exercise", true, 80).value_or("");
            if (auto side = entry.enumeration("side", false, 10)) {
                if (auto parsed = sideFromString(*side))
                    item.side = *parsed;
                else
                    entry.fail("side", "must be one of both, left, right (got \"" + *side + "\")");
            }
            item.done = entry.boolean("done", true).value_or(false);
            input.entries.push_back(std::move(item));
        }
    }
    errors.throwIfAny();
    return input;
}

// --- clinic report and paper log -------------------------------------------------------

Poco::JSON::Object::Ptr clinicReportToJson(const ClinicReport& report) {
    Poco::JSON::Object::Ptr json = jsonObject();
    json->set("from", report.from.toString());
    json->set("to", report.to.toString());
    json->set("sort", std::string(toString(report.sort)));
    json->set("order", report.descending ? "desc" : "asc");
    Poco::JSON::Object::Ptr rules = jsonObject();
    rules->set("thresholdPercent", report.rules.thresholdPercent);
    rules->set("windowDays", report.rules.windowDays);
    rules->set("quietDays", report.rules.quietDays);
    rules->set("painHigh", report.rules.painHigh);
    rules->set("painRise", report.rules.painRise);
    json->set("rules", rules);
    json->set("patients", static_cast<int>(report.lines.size()));
    json->set("measured", report.measured);
    json->set("withoutProgram", report.withoutProgram);
    json->set("medianFrequency", optionalNumber(report.medianFrequency));
    Poco::JSON::Array::Ptr bands = new Poco::JSON::Array;
    for (const auto& band : report.distribution) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("lowPercent", band.lowPercent);
        item->set("highPercent", band.highPercent);
        item->set("patients", band.patients);
        bands->add(item);
    }
    json->set("distribution", bands);
    Poco::JSON::Array::Ptr followUp = new Poco::JSON::Array;
    for (std::size_t index : report.followUp)
        followUp->add(report.lines[index].patient.id);
    json->set("followUp", followUp);
    Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
    for (const auto& line : report.lines) {
        Poco::JSON::Object::Ptr item = jsonObject();
        item->set("patientId", line.patient.id);
        item->set("discharged", line.patient.discharged());
        item->set("name", line.patient.name);
        item->set("recordNumber", line.patient.recordNumber);
        item->set("therapist", line.therapistName);
        item->set("program",
                  line.hasProgram ? Poco::Dynamic::Var(line.programTitle) : Poco::Dynamic::Var());
        item->set("programStart", line.programStart
                                      ? Poco::Dynamic::Var(line.programStart->toString())
                                      : Poco::Dynamic::Var());
        item->set("programDay", line.programDay);
        item->set("frequency", optionalNumber(line.adherence.frequency));
        item->set("completeness", optionalNumber(line.adherence.completeness));
        item->set("activeDays", line.adherence.activeDays);
        item->set("expectedDays", line.adherence.expectedDays);
        item->set("lastSession", line.lastSession ? Poco::Dynamic::Var(line.lastSession->toString())
                                                  : Poco::Dynamic::Var());
        item->set("painLast7Days", optionalNumber(line.painRecent));
        item->set("painWeekBefore", optionalNumber(line.painEarlier));
        item->set("flags", flagsToJson(line.flags));
        lines->add(item);
    }
    json->set("caseload", lines);
    return json;
}

PaperWeekInput readPaperWeek(const std::string& body) {
    FieldErrors errors;
    Poco::JSON::Object::Ptr object = parseJsonObject(body, "body");
    JsonReader reader(object, "", errors);
    reader.rejectUnknown({"weekStart", "days", "pain", "note"});
    PaperWeekInput input;
    if (auto week = reader.string("weekStart", true, 10)) {
        try {
            input.weekStart = Date::parse(*week);
        } catch (const Poco::InvalidArgumentException& error) {
            reader.fail("weekStart", error.message());
        }
    }
    input.pain = reader.integer("pain", false, 0, SessionLimits::MAX_PAIN);
    input.note =
        reader.string("note", false, SessionLimits::MAX_NOTE, TextKind::Paragraph).value_or("");
    Poco::JSON::Array::Ptr days = object->has("days") ? object->getArray("days") : nullptr;
    if (!days) {
        reader.fail("days", "must be an array of 7 whole numbers (sessions each day, Monday of "
                            "the program week first)");
    } else if (days->size() != 7) {
        reader.fail("days", "must have 7 numbers, one per day of the week (got " +
                                std::to_string(days->size()) + ")");
    } else {
        for (unsigned i = 0; i < 7; ++i) {
            Poco::Dynamic::Var value = days->get(i);
            Poco::Int64 count = -1;
            if (value.isInteger() && !value.isBoolean())
                count = value.convert<Poco::Int64>();
            if (count < 0 || count > DoseLimits::MAX_SESSIONS_PER_DAY)
                reader.fail("days[" + std::to_string(i) + "]",
                            "must be a whole number of sessions from 0 to " +
                                std::to_string(DoseLimits::MAX_SESSIONS_PER_DAY));
            input.daysDone.push_back(static_cast<int>(std::max<Poco::Int64>(count, 0)));
        }
    }
    errors.throwIfAny();
    return input;
}

Poco::JSON::Array::Ptr earlierEpisodesToJson(const std::vector<EarlierEpisode>& episodes) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    auto instant = [](const std::optional<std::int64_t>& at) {
        return at ? Poco::Dynamic::Var(isoInstant(*at)) : Poco::Dynamic::Var();
    };
    for (const EarlierEpisode& episode : episodes) {
        Poco::JSON::Object::Ptr json = jsonObject();
        json->set("episode", episode.episode);
        json->set("admittedAt", instant(episode.admittedAt));
        json->set("dischargedAt", instant(episode.dischargedAt));
        Poco::JSON::Array::Ptr programs = new Poco::JSON::Array;
        for (const Program& program : episode.programs) {
            Poco::JSON::Object::Ptr item = jsonObject();
            item->set("id", program.id);
            item->set("title", program.current().prescription.title);
            item->set("startDate", program.versions.front().prescription.startDate.toString());
            item->set("endDate", program.current().prescription.endDate.toString());
            item->set("versions", static_cast<int>(program.versions.size()));
            programs->add(item);
        }
        json->set("programs", programs);
        list->add(json);
    }
    return list;
}

} // namespace Limber
