#pragma once

// Limber's FHIR R4 mapping (see plugin/fhir/README.md): plain data in, FHIR JSON out. Every
// function is pure: the same record gives the same resources, ids and Bundles.

#include "fhir/FhirRecord.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <string>
#include <vector>

namespace Limber::Fhir {

using Json = Poco::JSON::Object::Ptr;

/// The R4 version the resources follow.
inline constexpr const char* FHIR_VERSION = "4.0.1";

/// Canonical URLs of Limber's definitions under a canonical base.
std::string exerciseDoseUrl(const Bases& bases);
std::string exerciseCodeSystemUrl(const Bases& bases);
std::string observationCodeSystemUrl(const Bases& bases);
/// The identifier system Limber gives its own resources of a type ("CarePlan").
std::string identifierSystem(const Bases& bases, const std::string& resourceType);

// One resource each.
Json organization(const ClinicData& clinic, const Bases& bases);
Json practitioner(const TherapistData& therapist, const Bases& bases);
Json patient(const PatientRecord& record);
Json activityDefinition(const ExerciseData& exercise, const Bases& bases);
/// The ActivityDefinition's id: the exercise id ("-rN" for revision N of a clinic's own), or,
/// beyond FHIR's 64 characters, its start and a digest of the whole id.
std::string activityDefinitionId(const ExerciseData& exercise);
/// The program as it stands: its newest version, meta.versionId = that version's number.
Json carePlan(const PatientRecord& record, const ProgramData& program);
/// One ServiceRequest per exercise of every version of the program (a revision replaces the
/// requests of the version before: those become "revoked").
std::vector<Json> serviceRequests(const PatientRecord& record, const ProgramData& program);
/// One Observation per exercise and day logged ("sessions-completed").
std::vector<Json> exerciseDayObservations(const PatientRecord& record);
/// One Observation per pain score (LOINC 72514-3, method pre- or post-exercise).
std::vector<Json> painObservations(const PatientRecord& record);

/// Every resource of the record, in a fixed order: Organization, Practitioners, Patient,
/// ActivityDefinitions, then per program its CarePlan and ServiceRequests, then Observations.
std::vector<Json> allResources(const PatientRecord& record);

/// A Bundle of type "collection" holding resources, each with its absolute fullUrl.
Json collectionBundle(const std::vector<Json>& resources, const Bases& bases);
/// A Bundle of type "searchset" with total, self/next/previous links given by the caller.
Json searchsetBundle(const std::vector<Json>& page, std::size_t total, const Bases& bases,
                     const std::vector<std::pair<std::string, std::string>>& links);
/// A Bundle of type "transaction" that a FHIR server applies idempotently: every entry is a
/// conditional update (PUT Type?identifier=system|value), references between entries are
/// rewritten to the entries' urn:uuid fullUrls (name-based, so the same record gives the same
/// Bundle). A replay creates nothing new.
Json transactionBundle(const PatientRecord& record);

/// transaction cut into transactions of at most maxEntries entries that a server applies in
/// order (some servers, Medplum among them, refuse a transaction of conditional updates with
/// more entries). An entry and the later entries it refers to stay in one part when they fit
/// (a CarePlan with its ServiceRequests); when they do not, the entry is sent first without the
/// elements that refer forward and once more, whole, after them. References to entries of an
/// earlier part keep their urn:uuid: the sender replaces them with the ids the server gave
/// (resolveReferences) before it sends the part.
std::vector<Json> transactionParts(const Json& transaction, std::size_t maxEntries);

/// Replaces in json every reference found in resolved ("urn:uuid:..." -> "Patient/123").
void resolveReferences(const Json& json, const std::map<std::string, std::string>& resolved);

/// The StructureDefinition of the exercise-dose extension that ServiceRequests carry.
Json exerciseDoseStructureDefinition(const Bases& bases);

/// The JSON text of a resource (UTF-8, no escaping of non-ASCII characters).
std::string toText(const Json& resource);

} // namespace Limber::Fhir
