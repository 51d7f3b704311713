#pragma once

// An EHR's Patient read into what Limber keeps of a patient (inbound POST /fhir/r4/Patient and
// the conditional update PUT /fhir/r4/Patient?identifier=). Pure: no Limber types, no store.

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace Limber::Fhir {

/// The details Limber keeps, as the portal's patient form has them (empty: not given).
struct PatientInput {
    std::string name; ///< as printed: the name's text, else its given names and family
    std::string firstName;
    std::string recordNumber; ///< the identifier's value in the clinic's record system
    std::string limberId;     ///< Limber's own id when the Patient carries Limber's identifier
    std::string language;     ///< the primary subtag of the preferred communication language
    std::string birthDate;    ///< "YYYY-MM-DD"
    std::string phone;
    std::string email;
};

/// Why an element is refused: the element's FHIRPath and what to do.
struct InputIssue {
    std::string expression; ///< "Patient.telecom[1].system"
    std::string message;
    /// true: the JSON is not an R4 Patient (400); false: a Patient Limber cannot keep (422).
    bool structural = false;
};

struct PatientReading {
    PatientInput input;
    std::vector<InputIssue> issues; ///< empty: input holds the whole Patient Limber keeps
};

/// Reads resource (the request's JSON). recordSystem: the clinic's record number system;
/// limberSystem: the identifier system of Limber's own Patient ids. Never throws for bad input.
PatientReading readPatient(const Poco::JSON::Object::Ptr& resource, const std::string& recordSystem,
                           const std::string& limberSystem);

} // namespace Limber::Fhir
