#pragma once

#include "WebContext.h"
#include "WebRequest.h"
#include "services/FhirService.h"

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

private:
    WebContext& _context;
    FhirService _service;
};

/// Search results per page: _count's default and its largest accepted value.
inline constexpr std::size_t FHIR_PAGE_DEFAULT = 20;
inline constexpr std::size_t FHIR_PAGE_MAX = 100;

} // namespace Limber
