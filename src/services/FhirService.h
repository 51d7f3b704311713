#pragma once

#include "catalog/Catalog.h"
#include "domain/Clock.h"
#include "domain/Date.h"
#include "domain/Store.h"
#include "fhir/FhirMapping.h"
#include "services/Actor.h"
#include "services/AuditTrail.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace Limber {

/// A date condition of a FHIR search: ge2026-11-01 (prefix eq, ge, gt, le, lt; eq by default).
struct FhirDateCondition {
    std::string prefix = "eq";
    Date date;
};

/// A checked FHIR search (the web layer parses and validates the query).
struct FhirSearch {
    std::optional<std::int64_t> patient; ///< patient=ID or patient=Patient/ID
    std::string codeSystem;              ///< code=[system|]code; empty system: any
    std::string code;
    std::vector<FhirDateCondition> dates;        ///< all must hold
    std::optional<std::string> identifierSystem; ///< identifier=[system|]value
    std::string identifierValue;
};

/// The read-only FHIR R4 API over the fhir plugin's mapping, scoped to the actor's clinic and
/// audited: every read and search of patient data is a "fhir.read" entry per patient.
class FhirService {
public:
    /// publicUrl: where this Limber is reached (read on every call: a server learns its port
    /// after the services are made). recordSystem: the identifier system of the clinic's
    /// record numbers (empty: Limber's own, see fhirBases).
    FhirService(Store& store, const Catalog& shared, const Clock& clock, AuditTrail& audit,
                std::function<std::string()> publicUrl, std::string recordSystem = "");

    Fhir::Bases bases(std::int64_t clinicId) const;
    /// The CapabilityStatement of what /fhir/r4 serves (no clinic data).
    Fhir::Json capabilityStatement() const;
    /// The resource type/id of the actor's clinic; throws Poco::NotFoundException when the
    /// clinic has none (another clinic's resource is not found either).
    Fhir::Json read(const Actor& actor, const std::string& type, const std::string& id);
    /// Every match of a search, in a stable order (paging is the caller's). type is one of
    /// searchableTypes(); throws ValidationException naming the parameter when a needed one
    /// is missing.
    std::vector<Fhir::Json> search(const Actor& actor, const std::string& type,
                                   const FhirSearch& search);
    /// Patient/ID/$everything: every resource of the patient.
    std::vector<Fhir::Json> everything(const Actor& actor, std::int64_t patientId);

    static const std::vector<std::string>& readableTypes();
    static const std::vector<std::string>& searchableTypes();

private:
    Fhir::PatientRecord record(const Actor& actor, std::int64_t patientId);
    std::vector<Fhir::Json> patientResources(const Actor& actor, std::int64_t patientId,
                                             const std::string& what);

    Store& _store;
    const Catalog& _shared;
    const Clock& _clock;
    AuditTrail& _audit;
    std::function<std::string()> _publicUrl;
    std::string _recordSystem;
};

} // namespace Limber
