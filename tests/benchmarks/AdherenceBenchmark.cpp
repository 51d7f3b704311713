// Adherence at clinic scale (README "Benchmarks"): generating a clinic of LIMBER_BENCH_PATIENTS
// patients (default 10,000) over LIMBER_BENCH_DAYS days (default 365), the clinic report over
// the whole period (read, compute, and each output format), a bare SQL aggregate over the same
// sessions table for comparison, and one patient's report page through its handler.
// LIMBER_BENCH_STORE=postgresql runs on the server named by LIMBER_TEST_POSTGRES instead of
// SQLite.
#include "app/Application.h"
#include "reports/ClinicReportCsv.h"
#include "reports/ClinicReportPdf.h"
#include "services/DemoClinic.h"
#include "store/Database.h"
#include "support/TestFiles.h"
#include "web/ReportHtml.h"
#include "web/Routes.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Process.h>
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>

using namespace Limber;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace {

int envNumber(const char* name, int fallback) {
    const char* value = std::getenv(name);
    return value && *value ? std::atoi(value) : fallback;
}

bool onPostgres() {
    const char* store = std::getenv("LIMBER_BENCH_STORE");
    return store && std::string(store) == "postgresql";
}

/// The data set every benchmark after the first reads: made once, by BM_GenerateDataSet.
struct DataSet {
    std::unique_ptr<Testing::TempDir> dir;
    Settings settings;
    std::size_t sessions = 0;
    std::string schema;
};

DataSet& dataSet() {
    static DataSet data;
    return data;
}

Settings settingsFor(const std::string& dataDir, const std::string& schema) {
    Settings settings;
    settings.dataDir = dataDir;
    settings.fonts = defaultFonts();
    settings.logFile = "-";
    if (onPostgres()) {
        settings.storeDriver = "postgresql";
        settings.postgresConnection =
            Testing::postgresConnection() + " options='-csearch_path=" + schema + "'";
    }
    return settings;
}

void makeDataSet(DataSet& data) {
    data.dir = std::make_unique<Testing::TempDir>();
    static int made = 0;
    data.schema = "bench_" + std::to_string(Poco::Process::id()) + "_" + std::to_string(++made);
    if (onPostgres()) {
        Poco::Data::PostgreSQL::Connector::registerConnector();
        Poco::Data::Session admin("PostgreSQL", Testing::postgresConnection());
        admin << "SET client_min_messages = warning", now;
        admin << "DROP SCHEMA IF EXISTS " + data.schema + " CASCADE", now;
        admin << "CREATE SCHEMA " + data.schema, now;
    }
    data.settings = settingsFor(data.dir->path(), data.schema);
    Settings bulk = data.settings;
    bulk.durableCommits = false;
    Application application(bulk);
    DemoSummary summary = application.generateDemo(
        {envNumber("LIMBER_BENCH_PATIENTS", 10000), envNumber("LIMBER_BENCH_DAYS", 365)});
    data.sessions = summary.sessions;
}

DataSet& readyDataSet() {
    DataSet& data = dataSet();
    if (!data.dir)
        makeDataSet(data);
    return data;
}

Actor adminOf(Application& application) {
    std::int64_t clinicId = application.store().clinics().front().id;
    return {clinicId, 0, Role::Admin, "benchmark", "command line"};
}

void BM_GenerateDataSet(benchmark::State& state) {
    for (auto _ : state) {
        std::clock_t cpu = std::clock();
        makeDataSet(dataSet());
        state.counters["cpu_s"] = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
    }
    state.counters["sessions"] = static_cast<double>(dataSet().sessions);
}
BENCHMARK(BM_GenerateDataSet)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

/// The clinic report over the whole data set: read every patient's schedule and day log,
/// compute adherence, pain and flags, sort, distribute.
void BM_ClinicReport(benchmark::State& state) {
    Application application(readyDataSet().settings);
    Actor actor = adminOf(application);
    Date today = application.clock().today();
    std::size_t lines = 0;
    for (auto _ : state) {
        ClinicReport report = application.reports().clinicReport(actor, today.plusDays(-364), today,
                                                                 CaseloadSort::Adherence, false,
                                                                 ReportUse::View, "benchmark");
        lines = report.lines.size();
        benchmark::DoNotOptimize(report);
    }
    state.counters["patients"] = static_cast<double>(lines);
    state.counters["sessions"] = static_cast<double>(dataSet().sessions);
}
BENCHMARK(BM_ClinicReport)->UseRealTime()->Unit(benchmark::kMillisecond);

/// The same report as each output: CSV, the HTML page, the PDF.
void BM_ClinicReportAs(benchmark::State& state) {
    Application application(readyDataSet().settings);
    Actor actor = adminOf(application);
    Date today = application.clock().today();
    const PageRenderer& pages = application.webContext().pages;
    const FontLibrary fonts;
    std::size_t bytes = 0;
    for (auto _ : state) {
        ClinicReport report = application.reports().clinicReport(actor, today.plusDays(-364), today,
                                                                 CaseloadSort::Adherence, false,
                                                                 ReportUse::Export, "benchmark");
        std::string out;
        if (state.range(0) == 0) {
            out = clinicReportCsv(report);
        } else if (state.range(0) == 1) {
            PageData data;
            data.set("title", "Clinic report");
            data.set("report", clinicReportData(report, ""));
            out = pages.page("report_clinic", data);
        } else {
            out = renderClinicReportPdf(report, fonts, PaperSize::Letter);
        }
        bytes = out.size();
        benchmark::DoNotOptimize(out);
    }
    state.SetLabel(state.range(0) == 0 ? "csv" : state.range(0) == 1 ? "html" : "pdf");
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ClinicReportAs)->Arg(0)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

/// A bare aggregate over the same sessions table, for comparison: per patient, sessions, units
/// and last date over the period, read through Poco::Data like the store reads.
void BM_BareSqlAggregate(benchmark::State& state) {
    DataSet& data = readyDataSet();
    DatabaseConfig config;
    if (onPostgres()) {
        config.dialect = SqlDialect::PostgreSQL;
        config.connection = data.settings.postgresConnection;
    } else {
        config.connection = data.settings.databasePath();
    }
    Database database(config);
    Date today = SystemClock().today();
    std::string from = today.plusDays(-364).toString();
    std::string to = today.toString();
    std::size_t rows = 0;
    for (auto _ : state) {
        database.read([&](Poco::Data::Session& session) {
            std::vector<std::int64_t> patients;
            std::vector<int> sessions, done, prescribed;
            std::vector<std::string> last;
            session << database.sql(
                "SELECT patient_id, COUNT(*), SUM(done_units), SUM(prescribed_units), "
                "MAX(session_date) FROM sessions WHERE session_date >= ? AND session_date <= ? "
                "GROUP BY patient_id"),
                bind(from), bind(to), into(patients), into(sessions), into(done), into(prescribed),
                into(last), now;
            rows = patients.size();
        });
    }
    state.counters["patients"] = static_cast<double>(rows);
}
BENCHMARK(BM_BareSqlAggregate)->UseRealTime()->Unit(benchmark::kMillisecond);

/// One patient's report page through its handler, as the server answers GET
/// /patients/{id}/report: the signed-in check done, the report read and computed, the charts
/// drawn as SVG, the page rendered, the view appended to the audit trail.
void BM_PatientReportPage(benchmark::State& state) {
    Application application(readyDataSet().settings);
    WebContext context = application.webContext();
    WebHandlers handlers(context);
    auto grant = application.accounts().signIn(DemoLogin::EMAIL, DemoLogin::PASSWORD, "127.0.0.1");
    WebRequest request;
    request.method = "GET";
    request.remoteAddress = "127.0.0.1";
    request.signedIn = application.accounts().authenticate(grant->token);
    Actor actor = adminOf(application);
    std::vector<Patient> patients = application.patients().list(actor);
    std::size_t next = 0;
    std::size_t bytes = 0;
    for (auto _ : state) {
        const Patient& patient = patients[(next++ * 7919) % patients.size()];
        request.path = "/patients/" + std::to_string(patient.id) + "/report";
        request.params = {{"id", std::to_string(patient.id)}};
        request.signedIn = application.accounts().authenticate(grant->token);
        WebResponse response = handlers.reports.patientReport(request);
        bytes = response.body.size();
        benchmark::DoNotOptimize(response);
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PatientReportPage)->UseRealTime()->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
