#pragma once

#include <cstdint>
#include <string>

namespace Limber {

/// The fhir plugin's settings: the plugin.fhir.* keys (README "Configuration").
struct FhirConfig {
    /// The identifier system of the clinic's record numbers, as its EHR writes them in a
    /// Patient; empty: Limber's own (PUBLIC_URL/fhir/r4/NamingSystem/clinic-ID-record-number).
    std::string recordSystem;
    /// CDS Hooks (https://cds-hooks.hl7.org/2.0/): the EHR's JWT "iss"; empty: CDS Hooks is off.
    std::string cdsIssuer;
    std::string cdsPublicKeyFile; ///< the PEM public key (EC or RSA) the EHR signs JWTs with
    std::int64_t cdsClinicId = 0; ///< the clinic whose patients the EHR's cards are about
    bool cdsEnabled() const { return !cdsIssuer.empty(); }
    /// The clinic's FHIR server (its base URL, http or https) that program versions and each
    /// day's check-ins are pushed to through the outbox; empty: no push.
    std::string serverUrl;
    std::string serverToken; ///< the bearer token sent to serverUrl; empty: none
    bool pushEnabled() const { return !serverUrl.empty(); }
};

} // namespace Limber
