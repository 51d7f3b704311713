#pragma once

#include "catalog/Catalog.h"
#include "domain/Clock.h"
#include "domain/Store.h"
#include "fhir/FhirRecord.h"

#include <cstdint>
#include <string>

namespace Limber {

/// The FHIR bases of a Limber served at publicUrl ("https://limber.example.org"): the API at
/// publicUrl/fhir/r4, which is also the canonical base of Limber's definitions; record numbers
/// in the clinic's system publicUrl/fhir/r4/NamingSystem/clinic-ID-record-number unless
/// recordNumberSystem names the EHR's own system.
Fhir::Bases fhirBases(const std::string& publicUrl, std::int64_t clinicId,
                      const std::string& recordNumberSystem = "");

/// Everything about one patient of a clinic as the fhir plugin's plain data: the clinic, the
/// therapists, every program version with its exercises at the revisions prescribed, each
/// exercise's days logged and each pain score. Throws Poco::NotFoundException when the clinic
/// has no such patient. Not audited: the caller audits what it hands out.
Fhir::PatientRecord fhirPatientRecord(Store& store, const Catalog& shared, const Clock& clock,
                                      const Fhir::Bases& bases, std::int64_t clinicId,
                                      std::int64_t patientId);

} // namespace Limber
