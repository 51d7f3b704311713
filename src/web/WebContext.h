#pragma once

#include "FhirConfig.h"
#include "PageRenderer.h"
#include "ServerMetrics.h"
#include "catalog/Catalog.h"
#include "domain/Clock.h"
#include "domain/Store.h"
#include "services/AccountService.h"
#include "services/AuditTrail.h"
#include "services/CheckinService.h"
#include "services/ClinicExerciseService.h"
#include "services/ExportService.h"
#include "services/HandoutService.h"
#include "services/KeptForms.h"
#include "services/PatientLinks.h"
#include "services/PatientService.h"
#include "services/ProgramService.h"
#include "services/ReportService.h"
#include "services/SessionService.h"

#include <cstddef>
#include <functional>
#include <memory>

namespace Limber {

/// Limits the server enforces on every request.
struct WebLimits {
    std::size_t maxBodyBytes = 1024 * 1024;
};

/// What the web layer works with, wired by the application. Everything outlives the server.
struct WebContext {
    Store& store;
    const Clock& clock;
    const Catalog& catalog; ///< the packs; a clinic's own exercises come from `exercises`
    ClinicExerciseService& exercises;
    AccountService& accounts;
    PatientService& patients;
    ProgramService& programs;
    SessionService& sessions;
    CheckinService& checkins;
    HandoutService& handouts;
    PatientLinks& links;
    AuditTrail& audit;
    ReportService& reports;
    const PageRenderer& pages;
    WebLimits limits;
    KeptForms& keptForms; ///< forms posted after their session ended (see KeptForms)
    /// The web server's measurements (GET /metrics); each WebContext made has its own.
    std::shared_ptr<ServerMetrics> metrics = std::make_shared<ServerMetrics>();
    /// The bearer token that lets clients other than loopback read /metrics; empty: none may.
    std::string metricsToken;
    /// Appends the application's own metrics (database, audit trail, process) at each scrape.
    std::function<void(MetricsText&)> applicationMetrics;
    FhirConfig fhir; ///< the fhir plugin's settings (record numbers' system, CDS Hooks)
    /// Exports through Exporter plugins; nullptr: no format is offered.
    ExportService* exports = nullptr;
    /// The loaded plugins (for /admin/plugins); nullptr: none.
    const Plugins* plugins = nullptr;
};

} // namespace Limber
