#pragma once

#include "FhirConfig.h"
#include "WebRequest.h"

#include <cstdint>
#include <memory>
#include <string>

namespace Limber {

struct WebContext;

/// The id of Limber's one CDS service, for the patient-view hook.
inline constexpr const char* CDS_ADHERENCE_SERVICE = "limber-adherence";

/// GET /cds-services (discovery) and POST /cds-services/limber-adherence (patient-view): an
/// adherence card for the patient the EHR opens, found by record number in the prefetched
/// Patient. Every call of the service carries the EHR's JWT (Authorization: Bearer), signed
/// with an asymmetric key (ES256/384/512, RS256/384/512), whose iss is the configured issuer,
/// aud this service's URL, exp in the future.
class CdsHooksEndpoints {
public:
    /// Loads the configured public key; throws Poco::InvalidArgumentException naming the key
    /// file when it cannot be read as an EC or RSA public key.
    CdsHooksEndpoints(WebContext& context, FhirConfig config);
    ~CdsHooksEndpoints();

    WebResponse discovery(WebRequest& request);
    WebResponse adherence(WebRequest& request);

private:
    /// The reason the request's JWT is not accepted, or empty when it is.
    std::string refusalOf(const WebRequest& request) const;

    struct Keys;
    WebContext& _context;
    FhirConfig _config;
    std::unique_ptr<Keys> _keys;
};

} // namespace Limber
