#include "Application.h"

#include "ApplicationMetrics.h"
#include "PluginPacks.h"
#include "SqliteSnapshot.h"
#include "catalog/PackLoader.h"
#include "services/DemoClinic.h"
#include "services/Secrets.h"
#include "store/Migrations.h"
#include "web/CheckinPages.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/String.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace Limber {

namespace {

/// The secret patient-link tokens are derived from: DATA_DIR/secret.key, created on first use
/// with owner-only permissions. Back it up with the database: links depend on it.
/// The key in path's first line; at least 32 characters.
std::string keyFromFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string key;
    std::getline(in, key);
    key = Poco::trim(key);
    if (key.size() < 32)
        throw Poco::DataFormatException(path + ": the server key is too short; restore it from "
                                               "a backup (patient links depend on it)");
    return key;
}

std::string serverKey(const std::string& dataDir) {
    std::string path = dataDir + "/secret.key";
    if (!Poco::File(path).exists()) {
        std::string key = randomToken(32);
        std::string partial = path + "." + std::to_string(::getpid()) + ".part";
        {
            Poco::FileOutputStream out(partial);
            out << key << "\n";
            out.close();
        }
        ::chmod(partial.c_str(), 0600);
        // link() never replaces: when processes start together on a new data folder, the first
        // key written is the key of all of them (a second key would void the first's links).
        int linked = ::link(partial.c_str(), path.c_str());
        int error = errno;
        Poco::File(partial).remove();
        if (linked == 0)
            return key;
        if (error != EEXIST)
            throw Poco::FileException(path +
                                      ": cannot write the server key: " + std::strerror(error));
    }
    return keyFromFile(path);
}

/// The server key: from secret.keyFile when it is set (read only), else DATA_DIR/secret.key,
/// made on first start.
std::string loadServerKey(const Settings& settings) {
    if (settings.keyFile.empty())
        return serverKey(settings.dataDir);
    return keyFromFile(settings.keyFile);
}

/// Refuses a key that is not the one of the database's other instances: links and check-in
/// forms made with one key do not open with another. The database keeps a keyed hash of the
/// first instance's key, never the key.
void requireSharedKey(Store& store, const std::string& key, const std::string& where) {
    const std::string fingerprint = hmacSha256(key, "limber server key fingerprint");
    if (!equalSecrets(store.claimKeyFingerprint(fingerprint), fingerprint))
        throw Poco::InvalidArgumentException(
            "the server key in " + where +
            " is not the key of the other instances on this database; give this instance the "
            "shared key: copy secret.key from a working instance into its data folder, or set "
            "secret.keyFile to the shared key's file");
}

/// How often the audit trail's new entries are chained: often enough that each pass is short
/// (a pass holds the writer, and every write waiting behind it waits that long), rarely
/// enough that sealing stays a small share of the writes.
constexpr std::chrono::milliseconds AUDIT_SEAL_INTERVAL{50};
/// How often the days without practice are checked for sessions.missed events.
constexpr std::chrono::minutes MISSED_SESSIONS_INTERVAL{10};

} // namespace

Catalog loadCatalog(const std::vector<std::string>& packFiles) {
    Catalog catalog = loadBuiltInCatalog();
    for (const auto& file : packFiles) {
        PackLoadResult result = loadPackFile(file, PackRules{false, &catalog});
        if (result.hasErrors())
            throw PackException(result.problems);
        for (const auto& problem : result.problems)
            Poco::Logger::get("limber.catalog").warning(problem.toString());
        catalog.addPack(*result.pack);
    }
    return catalog;
}

Application::Application(const Settings& settings, std::unique_ptr<Clock> clock,
                         ApplicationRole role)
    : _settings(settings),
      _clock(clock ? std::move(clock)
                   : std::make_unique<SystemClock>(TimeZone::named(settings.timeZone))) {
    Poco::File(_settings.dataDir).createDirectories();
    // First: the fonts decide which text the catalog, the forms and the API accept.
    _printing = std::make_unique<HandoutPrinting>(_settings);
    DatabaseConfig database;
    if (_settings.storeDriver == "postgresql") {
        database.dialect = SqlDialect::PostgreSQL;
        database.connection = _settings.postgresConnection;
    } else {
        database.dialect = SqlDialect::SQLite;
        database.connection = _settings.databasePath();
    }
    database.readers = static_cast<std::size_t>(_settings.server.threads);
    database.durableCommits = _settings.durableCommits;
    if (database.dialect == SqlDialect::SQLite && _settings.backupBeforeMigrating) {
        std::string copy =
            backUpBeforeMigrating(_settings.databasePath(), builtInMigrations().back().number);
        if (!copy.empty())
            std::cerr << "limber: copied the database to " << copy << " before migrating it"
                      << std::endl;
    }
    _store = std::make_unique<SqlStore>(database);
    _catalog = loadCatalog(_settings.packFiles);
    PluginConfig pluginConfig = _settings.plugins;
    pluginConfig.limberVersion = LIMBER_VERSION;
    _plugins = std::make_unique<Plugins>(pluginConfig);
    addPluginPacks(_catalog, *_plugins, pluginConfig.required);
    std::vector<std::string> recipients;
    for (const auto& plugin : _plugins->loaded())
        if (plugin->notifier())
            recipients.push_back(plugin->id());
    if (_settings.fhir.pushEnabled())
        recipients.push_back(FhirPush::RECIPIENT);
    std::string publicUrl = _settings.publicUrl.empty()
                                ? std::string(_settings.server.tls() ? "https" : "http") + "://" +
                                      _settings.server.host + ":" +
                                      std::to_string(_settings.server.port)
                                : _settings.publicUrl;
    _publicUrl = publicUrl;
    _audit = std::make_unique<AuditTrail>(*_store, *_clock);
    _outbox = std::make_unique<EventOutbox>(*_store, *_clock, recipients);
    const std::string key = loadServerKey(_settings);
    requireSharedKey(*_store, key,
                     _settings.keyFile.empty() ? _settings.dataDir + "/secret.key"
                                               : _settings.keyFile);
    _links = std::make_unique<PatientLinks>(*_store, *_clock, key, publicUrl,
                                            _settings.linkLifetimeDays);
    // Device proofs are signed with a key of their own, derived from the server key.
    _accounts = std::make_unique<AccountService>(*_store, *_clock, *_audit, _settings.signIn,
                                                 hmacSha256(key, "limber sign-in devices"));
    _patients = std::make_unique<PatientService>(*_store, *_clock, *_links, *_audit, _outbox.get());
    _programs =
        std::make_unique<ProgramService>(*_store, *_clock, _catalog, *_audit, _outbox.get());
    _sessions = std::make_unique<SessionService>(*_store, *_clock, *_audit, _outbox.get());
    _checkins = std::make_unique<CheckinService>(*_store, *_clock, *_links, *_sessions, *_audit);
    _handouts = std::make_unique<HandoutService>(*_store, *_clock, _catalog, *_links, *_audit,
                                                 _printing->report());
    _exercises = std::make_unique<ClinicExerciseService>(*_store, *_clock, _catalog, *_audit);
    _reports =
        std::make_unique<ReportService>(*_store, *_clock, _catalog, *_audit, _printing->fonts());
    _reportSections = std::make_unique<ReportSectionCollector>(*_plugins);
    _reports->addPluginSections(_reportSections.get());
    _exports = std::make_unique<ExportService>(*_reports, *_store, *_audit, *_plugins);
    _pages = std::make_unique<PageRenderer>(CheckinPages::filledInTemplates());
    _sealer = std::make_unique<AuditSealer>(*_audit, AUDIT_SEAL_INTERVAL);
    HostRecipients hostRecipients;
    if (_settings.fhir.pushEnabled()) {
        _fhirPush =
            std::make_unique<FhirPush>(*_store, _catalog, *_clock, _settings.fhir, publicUrl);
        hostRecipients[FhirPush::RECIPIENT] = [push = _fhirPush.get()](const std::string& event) {
            push->deliver(event);
        };
    }
    if (role == ApplicationRole::Server && !recipients.empty())
        _delivery = std::make_unique<OutboxDelivery>(*_store, *_clock, *_plugins, DeliveryPolicy{},
                                                     true, std::move(hostRecipients));
    if (role == ApplicationRole::Server && !recipients.empty())
        _missedSessions = std::make_unique<MissedSessions>(
            *_store, *_clock, *_outbox, _settings.missedSessionDays, MISSED_SESSIONS_INTERVAL);
    _keptForms = std::make_unique<KeptForms>(*_clock);
}

Application::~Application() = default;

WebContext Application::webContext() {
    return WebContext{
        *_store,
        *_clock,
        _catalog,
        *_exercises,
        *_accounts,
        *_patients,
        *_programs,
        *_sessions,
        *_checkins,
        *_handouts,
        *_links,
        *_audit,
        *_reports,
        *_pages,
        WebLimits{_settings.maxBodyBytes},
        *_keptForms,
        std::make_shared<ServerMetrics>(),
        _settings.metricsToken,
        [this](MetricsText& out) { writeApplicationMetrics(out, *_store, *_clock, *_outbox); },
        _settings.fhir,
        _exports.get(),
        _plugins.get()};
}

bool Application::seedDemo() {
    return seedDemoClinic(*_store, *_clock, *_accounts, *_links, _catalog, *_audit);
}

DemoSummary Application::generateDemo(const DemoSize& size, const DemoProgress& progress) {
    DemoGenerator generator(*_store, *_clock, *_accounts, *_links, _catalog, *_audit);
    return generator.generate(size, progress);
}

} // namespace Limber
