#pragma once

#include "JsonReader.h"
#include "domain/Dose.h"

#include <Poco/JSON/Object.h>

#include <optional>

namespace Limber {

/// Reads a dose object of the documented shape
///   {"holdSeconds": 30 | "holdBreaths": 5, "reps": 2, "sets": 1, "side": "each",
///    "sessionsPerDay": 1, "daysPerWeek": 5, "restSeconds": 0, "sideOrder": "one-side-first"}
/// (sideOrder "alternate" or "one-side-first", only with side "each"; absent means alternate,
/// and doseToJson writes it only when it is one-side-first).
/// Fields left out keep base's values (an exercise's default dose). Records field errors for
/// wrong types and impossible values; returns nullopt when any was found.
std::optional<Dose> readDose(JsonReader& reader, const Dose& base);

Poco::JSON::Object::Ptr doseToJson(const Dose& dose);

} // namespace Limber
