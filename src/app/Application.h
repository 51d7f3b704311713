#pragma once

#include "FhirPush.h"
#include "HandoutPrinting.h"
#include "Settings.h"
#include "catalog/Catalog.h"
#include "domain/Clock.h"
#include "services/AccountService.h"
#include "services/AuditSealer.h"
#include "services/AuditTrail.h"
#include "services/CheckinService.h"
#include "services/ClinicExerciseService.h"
#include "services/DemoGenerator.h"
#include "services/EventOutbox.h"
#include "services/ExportService.h"
#include "services/HandoutService.h"
#include "services/MissedSessions.h"
#include "services/OutboxDelivery.h"
#include "services/PatientLinks.h"
#include "services/PatientService.h"
#include "services/ProgramService.h"
#include "services/ReportService.h"
#include "services/SessionService.h"
#include "store/SqlStore.h"
#include "web/PageRenderer.h"
#include "web/WebContext.h"

#include <memory>

namespace Limber {

/// Reads the catalog: the built-in pack plus the clinic's own packs. Throws PackException with
/// file, entry and field of the first error; warnings go to the log.
Catalog loadCatalog(const std::vector<std::string>& packFiles);

/// What an Application runs for. A command does its one task and exits; the server also runs
/// the background work that must go on while Limber runs: delivering the plugins' outbox and
/// looking for missed sessions (a scan of every clinic's caseload at start and every 10
/// minutes), which a command would only slow down and repeat.
enum class ApplicationRole { Command, Server };

/// One Limber with a data folder: the store, the catalog, the services and the portal pages,
/// wired together. The only place that names concrete types.
class Application {
public:
    /// Creates the data folder and its server key if missing, opens (and migrates) the
    /// database, loads the catalog and parses the templates, and starts sealing the audit
    /// trail (until destroyed, when it seals what is left); as the Server, also the outbox's
    /// delivery and the missed-sessions check. Throws with the reason when any of it fails.
    Application(const Settings& settings, std::unique_ptr<Clock> clock = nullptr,
                ApplicationRole role = ApplicationRole::Command);
    ~Application();

    const Settings& settings() const { return _settings; }
    /// The address patients and integrations reach this Limber at (server.publicUrl, or
    /// http(s)://HOST:PORT).
    const std::string& publicUrl() const { return _publicUrl; }
    Store& store() { return *_store; }
    const Catalog& catalog() const { return _catalog; }
    const Clock& clock() const { return *_clock; }
    AccountService& accounts() { return *_accounts; }
    PatientService& patients() { return *_patients; }
    ProgramService& programs() { return *_programs; }
    SessionService& sessions() { return *_sessions; }
    PatientLinks& links() { return *_links; }
    AuditTrail& audit() { return *_audit; }
    HandoutService& handouts() { return *_handouts; }
    ClinicExerciseService& exercises() { return *_exercises; }
    ReportService& reports() { return *_reports; }
    const Plugins& plugins() const { return *_plugins; }
    ExportService& exports() { return *_exports; }

    /// The web layer's view of this application.
    WebContext webContext();

    /// Seeds the demo clinic when the database has no clinic; returns whether it did.
    bool seedDemo();
    /// Makes a demo clinic of the given size (see DemoGenerator); the database must hold none.
    DemoSummary generateDemo(const DemoSize& size, const DemoProgress& progress = {});

private:
    Settings _settings;
    std::string _publicUrl;
    std::unique_ptr<Clock> _clock;
    std::unique_ptr<SqlStore> _store;
    Catalog _catalog;
    /// Before the services that call them; stopped after everything that uses them.
    std::unique_ptr<Plugins> _plugins;
    std::unique_ptr<ReportSectionCollector> _reportSections; ///< used by _reports
    std::unique_ptr<EventOutbox> _outbox;
    std::unique_ptr<AuditTrail> _audit;
    std::unique_ptr<PatientLinks> _links;
    std::unique_ptr<AccountService> _accounts;
    std::unique_ptr<PatientService> _patients;
    std::unique_ptr<ProgramService> _programs;
    std::unique_ptr<SessionService> _sessions;
    std::unique_ptr<CheckinService> _checkins;
    std::unique_ptr<HandoutPrinting> _printing;
    std::unique_ptr<HandoutService> _handouts;
    std::unique_ptr<ClinicExerciseService> _exercises;
    std::unique_ptr<ReportService> _reports;
    std::unique_ptr<ExportService> _exports;
    std::unique_ptr<KeptForms> _keptForms;
    std::unique_ptr<PageRenderer> _pages;
    /// Last, so that it stops (sealing what is left) before anything it uses goes away.
    std::unique_ptr<AuditSealer> _sealer;
    /// The outbox's "fhir" recipient when plugin.fhir.serverUrl is set; used by _delivery.
    std::unique_ptr<FhirPush> _fhirPush;
    /// Stops first: no plugin is called once the rest starts to go away.
    std::unique_ptr<OutboxDelivery> _delivery;
    /// Writes sessions.missed events while there is a recipient; stops before everything else.
    std::unique_ptr<MissedSessions> _missedSessions;
};

} // namespace Limber
