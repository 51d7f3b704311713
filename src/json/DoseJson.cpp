#include "DoseJson.h"

namespace Limber {

std::optional<Dose> readDose(JsonReader& reader, const Dose& base) {
    std::size_t errorsBefore = reader.errors().list().size();
    reader.rejectUnknown({"holdSeconds", "holdBreaths", "reps", "sets", "side", "sessionsPerDay",
                          "daysPerWeek", "restSeconds", "sideOrder"});
    Dose dose = base;
    if (reader.has("holdSeconds") && reader.has("holdBreaths")) {
        reader.fail("holdSeconds", "give either holdSeconds or holdBreaths, not both");
    } else if (reader.has("holdSeconds")) {
        if (auto hold = reader.integer("holdSeconds", true, 1, DoseLimits::MAX_HOLD_SECONDS)) {
            dose.holdUnit = HoldUnit::Seconds;
            dose.hold = *hold;
        }
    } else if (reader.has("holdBreaths")) {
        if (auto hold = reader.integer("holdBreaths", true, 1, DoseLimits::MAX_HOLD_BREATHS)) {
            dose.holdUnit = HoldUnit::Breaths;
            dose.hold = *hold;
        }
    }
    if (auto reps = reader.integer("reps", false, 1, DoseLimits::MAX_REPS))
        dose.reps = *reps;
    if (auto sets = reader.integer("sets", false, 1, DoseLimits::MAX_SETS))
        dose.sets = *sets;
    if (auto sessions =
            reader.integer("sessionsPerDay", false, 1, DoseLimits::MAX_SESSIONS_PER_DAY))
        dose.sessionsPerDay = *sessions;
    if (auto days = reader.integer("daysPerWeek", false, 1, DoseLimits::MAX_DAYS_PER_WEEK))
        dose.daysPerWeek = *days;
    if (auto rest = reader.integer("restSeconds", false, 0, DoseLimits::MAX_REST_SECONDS))
        dose.restSeconds = *rest;
    if (auto side = reader.enumeration("side", false)) {
        if (auto parsed = sideFromString(*side))
            dose.side = *parsed;
        else
            reader.fail("side", "must be one of both, each, left, right (got \"" + *side + "\")");
    }
    // A side other than each given over a one-side-first base drops the order with it.
    if (dose.side != Side::Each && !reader.has("sideOrder"))
        dose.sideOrder = SideOrder::Alternate;
    if (auto order = reader.enumeration("sideOrder", false)) {
        if (auto parsed = sideOrderFromString(*order))
            dose.sideOrder = *parsed;
        else
            reader.fail("sideOrder",
                        "must be one of alternate, one-side-first (got \"" + *order + "\")");
    }
    if (reader.errors().list().size() != errorsBefore)
        return std::nullopt;
    // The rules between fields (one side first needs each side) live in doseErrors alone.
    for (const FieldError& error : doseErrors(dose))
        if (error.field == "sideOrder")
            reader.fail(error.field, error.message);
    if (reader.errors().list().size() != errorsBefore)
        return std::nullopt;
    return dose;
}

Poco::JSON::Object::Ptr doseToJson(const Dose& dose) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (dose.holdUnit == HoldUnit::Seconds)
        json->set("holdSeconds", dose.hold);
    else if (dose.holdUnit == HoldUnit::Breaths)
        json->set("holdBreaths", dose.hold);
    json->set("reps", dose.reps);
    json->set("sets", dose.sets);
    json->set("side", std::string(toString(dose.side)));
    json->set("sessionsPerDay", dose.sessionsPerDay);
    json->set("daysPerWeek", dose.daysPerWeek);
    json->set("restSeconds", dose.restSeconds);
    if (dose.sideOrder != SideOrder::Alternate) // absent means alternate, as before the option
        json->set("sideOrder", std::string(toString(dose.sideOrder)));
    return json;
}

} // namespace Limber
