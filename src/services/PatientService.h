#pragma once

#include "Actor.h"
#include "PatientLinks.h"
#include "domain/Clock.h"
#include "domain/Store.h"

#include <string>
#include <vector>

namespace Limber {

/// What a therapist types to add a patient.
struct NewPatient {
    std::string name;
    std::string firstName; ///< empty: the first word of name
    std::string recordNumber;
    std::string language = "en";
};

class PatientService {
public:
    PatientService(Store& store, const Clock& clock, PatientLinks& links);

    /// Adds a patient under the actor (as therapist) with a first check-in link. Throws
    /// ValidationException naming each bad field, Poco::ExistsException for a record number
    /// already in use.
    Patient create(const Actor& actor, const NewPatient& input);

    /// Throws Poco::NotFoundException when the patient is not in the actor's clinic.
    Patient get(const Actor& actor, std::int64_t patientId);

    /// The clinic's patients ordered by name.
    std::vector<Patient> list(const Actor& actor);

private:
    Store& _store;
    const Clock& _clock;
    PatientLinks& _links;
};

} // namespace Limber
