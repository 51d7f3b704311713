#pragma once

#include "JsonReader.h"
#include "domain/Clinic.h"
#include "domain/Dose.h"
#include "domain/Patient.h"
#include "domain/Program.h"

#include <Poco/JSON/Object.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace Limber {

/// A program with the people it is for: the program JSON file (examples/programs/*.json), the
/// offline input of `limber handout` and the body of the program API.
struct ProgramDocument {
    Clinic clinic;
    std::string therapistName;
    Patient patient;
    std::string language = "en";
    Prescription prescription;
    int version = 0; ///< on output only: the version number (0 = not saved)
};

/// The default dose of a catalog exercise, or nullopt when the id is not an exercise.
using DefaultDoseLookup = std::function<std::optional<Dose>(const std::string& exerciseId)>;

/// Reads the prescription fields of a program object (title, startDate, endDate, items,
/// education, notes). An item's dose starts from its exercise's default dose; an unknown
/// exercise is an error on "items[i].exercise".
std::optional<Prescription> readPrescription(JsonReader& reader, const DefaultDoseLookup& doses);

/// Parses a whole program document. With `standalone` (the `limber handout` input) the clinic,
/// therapist and patient blocks are required; otherwise they may be present (as the API returns
/// them) and are ignored, as are the output-only fields id, patientId, version, versions and
/// warnings, so a document fetched from the API can be sent back. Throws ValidationException
/// listing every problem.
ProgramDocument readProgramDocument(std::string_view json, const DefaultDoseLookup& doses,
                                    bool standalone);

/// The document as JSON of the same shape readProgramDocument accepts.
Poco::JSON::Object::Ptr programDocumentToJson(const ProgramDocument& document);

} // namespace Limber
