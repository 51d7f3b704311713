#pragma once

#include "catalog/Catalog.h"
#include "domain/Clock.h"
#include "domain/Store.h"
#include "fhir/FhirMapping.h"
#include "services/PluginOverview.h"
#include "web/FhirConfig.h"

#include <chrono>
#include <string>
#include <vector>

namespace Limber {

/// The outbox's "fhir" recipient: pushes a patient's program versions and each day's check-ins
/// to the clinic's FHIR server (plugin.fhir.serverUrl) as transactions of conditional updates
/// (PUT Type?identifier=system|value), so that a retry or a replay never makes a duplicate.
/// A program event sends the patient, the clinic, the therapists, the exercises, the CarePlans
/// and ServiceRequests; session.logged sends the same and that day's check-in Observations.
class FhirPush {
public:
    static constexpr const char* RECIPIENT = FHIR_PUSH_RECIPIENT;
    /// The most entries in one transaction: Medplum refuses a transaction of conditional
    /// updates with more ("requires strict isolation but has too many entries").
    static constexpr std::size_t MAX_ENTRIES = 8;

    FhirPush(Store& store, const Catalog& catalog, const Clock& clock, FhirConfig config,
             std::string publicUrl, std::chrono::seconds timeout = std::chrono::seconds(30));

    /// Delivers one event (limber.event/1). Returns when the server applied every part; throws
    /// with the server's status and message (its OperationOutcome's diagnostics) otherwise.
    void deliver(const std::string& eventJson) const;

    /// The transactions one event sends, in the order they are applied; none for an event that
    /// changes no FHIR resource or for a patient who is no longer in the clinic.
    std::vector<Fhir::Json> transactionsFor(const std::string& eventJson) const;

private:
    /// POSTs one transaction; returns the server's transaction-response.
    Fhir::Json post(const Fhir::Json& transaction) const;

    Store& _store;
    const Catalog& _catalog;
    const Clock& _clock;
    FhirConfig _config;
    std::string _publicUrl;
    std::chrono::seconds _timeout;
};

} // namespace Limber
