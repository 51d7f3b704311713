#pragma once

#include "WebContext.h"
#include "WebRequest.h"
#include "services/FhirService.h"
#include "services/PatientService.h"

#include <optional>
#include <variant>

namespace Limber {

/// The read-only FHIR R4 API under /fhir/r4 (application/fhir+json): each handler checks the
/// query, makes one FhirService call and renders. Errors are OperationOutcomes (ErrorResponses).
class FhirEndpoints {
public:
    explicit FhirEndpoints(WebContext& context);

    WebResponse metadata(WebRequest& request);
    WebResponse read(WebRequest& request);
    WebResponse search(WebRequest& request);
    WebResponse everything(WebRequest& request);
    /// POST /fhir/r4/Patient: a new Limber patient from an EHR's Patient (201).
    WebResponse createPatient(WebRequest& request);
    /// PUT /fhir/r4/Patient?identifier=system|value: updates the patient with that record
    /// number (200), or creates it (201).
    WebResponse upsertPatient(WebRequest& request);

private:
    /// The patient's details from the request's Patient, or the response refusing it. target:
    /// the patient a conditional update changes (Limber's own identifier must be its id).
    std::variant<PatientDetails, WebResponse> patientDetailsOf(const WebRequest& request,
                                                               const Fhir::Bases& bases,
                                                               std::optional<std::int64_t> target);
    /// The Patient as served, with Location and ETag.
    WebResponse patientAnswer(WebRequest& request, std::int64_t patientId, int status);

    WebContext& _context;
    FhirService _service;
};

/// Search results per page: _count's default and its largest accepted value.
inline constexpr std::size_t FHIR_PAGE_DEFAULT = 20;
inline constexpr std::size_t FHIR_PAGE_MAX = 100;

} // namespace Limber
