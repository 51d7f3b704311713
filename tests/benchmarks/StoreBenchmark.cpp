// What one read of the hot path costs on SQLite: the check-in link's lookup (a nine-column
// select by an indexed key), on Poco's own SQLite session (which prepares the text on every
// execution) and on the store's session (src/store/SqliteSession: prepared once per
// connection), and the same lookup through the store. Then the reads of the therapist pages
// in a database of many clinics: one clinic's caseload (every patient's program, versions and
// day log: the patient list) and one clinic's row (every portal page), which must cost what
// one clinic's data costs, however many other clinics share the database.
#include "store/SqlStore.h"
#include "store/SqliteSession.h"
#include "support/TestFiles.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Nullable.h>
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

using namespace Limber;
using namespace Poco::Data::Keywords;

namespace {

const std::string LINK_BY_TOKEN =
    "SELECT id, clinic_id, patient_id, salt, token_hash, created_at, revoked_at, expires_at, "
    "code_hash FROM patient_links WHERE token_hash = ? ORDER BY id DESC";

std::string tokenHash(int i) {
    return "token-hash-" + std::to_string(i);
}

/// Adds the clinic's patient number i (of a therapist) with a link whose token hash is
/// tokenHash(token); returns the patient's id.
std::int64_t addPatient(SqlStore& store, std::int64_t clinicId, std::int64_t therapistId, int i,
                        int token) {
    Patient patient;
    patient.clinicId = clinicId;
    patient.therapistId = therapistId;
    patient.recordNumber = "R" + std::to_string(i);
    patient.name = "Patient " + std::to_string(i);
    patient.firstName = "P";
    PatientLink link{0, clinicId, 0, "salt", tokenHash(token), 0, std::nullopt, std::nullopt, {}};
    return store.createPatient(patient, link);
}

/// A store with one clinic, 24 patients and a link each; returns the database file's path.
std::string seededDatabase(Testing::TempDir& dir) {
    const std::string path = dir.file("limber.db");
    SqlStore store(DatabaseConfig{SqlDialect::SQLite, path});
    const std::int64_t clinicId = store.createClinic({0, "Bayview", "", ""});
    const std::int64_t userId =
        store.createUser({0, clinicId, "ana@bayview.example", "Ana", Role::Admin, "x", false});
    for (int i = 0; i < 24; ++i)
        addPatient(store, clinicId, userId, i, i);
    return path;
}

void selectLinks(Poco::Data::Session& session, benchmark::State& state) {
    int i = 0;
    for (auto _ : state) {
        std::vector<std::int64_t> ids, clinicIds, patientIds, created;
        std::vector<std::string> salts, hashes;
        std::vector<Poco::Nullable<std::int64_t>> revoked, expires;
        std::vector<Poco::Nullable<std::string>> codes;
        const std::string hash = tokenHash(i++ % 24);
        session << LINK_BY_TOKEN, bind(hash), into(ids), into(clinicIds), into(patientIds),
            into(salts), into(hashes), into(created), into(revoked), into(expires), into(codes),
            now;
        if (ids.size() != 1)
            state.SkipWithError("the link was not found");
    }
}

void LinkByTokenPreparedEachTime(benchmark::State& state) {
    Testing::TempDir dir;
    const std::string path = seededDatabase(dir);
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", path);
    selectLinks(session, state);
}
BENCHMARK(LinkByTokenPreparedEachTime)->Unit(benchmark::kMicrosecond);

void LinkByTokenPreparedOnce(benchmark::State& state) {
    Testing::TempDir dir;
    const std::string path = seededDatabase(dir);
    Poco::Data::Session session = openSqliteSession(path);
    selectLinks(session, state);
}
BENCHMARK(LinkByTokenPreparedOnce)->Unit(benchmark::kMicrosecond);

void LinkByTokenThroughTheStore(benchmark::State& state) {
    Testing::TempDir dir;
    const std::string path = seededDatabase(dir);
    SqlStore store(DatabaseConfig{SqlDialect::SQLite, path});
    int i = 0;
    for (auto _ : state)
        if (!store.patientLinkByTokenHash(tokenHash(i++ % 24)))
            state.SkipWithError("the link was not found");
}
BENCHMARK(LinkByTokenThroughTheStore)->Unit(benchmark::kMicrosecond);

/// A program of two versions, the second twice a day from its third week.
ProgramVersion programVersion(std::int64_t therapistId, int number) {
    ProgramVersion version;
    version.effectiveFrom = Date::parse(number == 1 ? "2026-11-02" : "2026-11-16");
    version.prescription.title = "Back care";
    version.prescription.startDate = Date::parse("2026-11-02");
    version.prescription.endDate = Date::parse("2026-12-13");
    Dose dose;
    dose.reps = 10;
    dose.daysPerWeek = 5;
    dose.sessionsPerDay = number;
    version.prescription.items = {{"back-flexion-stretch", dose, ""}, {"tree-pose", Dose{}, ""}};
    version.createdBy = therapistId;
    return version;
}

/// A store of `clinics` clinics of 24 patients each, every patient with a program of two
/// versions; returns the database file's path and the last clinic's id.
std::pair<std::string, std::int64_t> clinicsDatabase(Testing::TempDir& dir, int clinics) {
    const std::string path = dir.file("limber.db");
    SqlStore store(DatabaseConfig{SqlDialect::SQLite, path});
    std::int64_t clinicId = 0;
    for (int c = 0; c < clinics; ++c) {
        clinicId = store.createClinic({0, "Clinic " + std::to_string(c), "", ""});
        const std::int64_t userId =
            store.createUser({0, clinicId, "ana" + std::to_string(c) + "@example.org", "Ana",
                              Role::Admin, "x", false});
        for (int i = 0; i < 24; ++i) {
            const std::int64_t patientId = addPatient(store, clinicId, userId, i, c * 100 + i);
            const std::int64_t programId =
                store.createProgram(clinicId, patientId, programVersion(userId, 1));
            store.addProgramVersion(clinicId, programId, programVersion(userId, 2));
        }
    }
    return {path, clinicId};
}

/// One clinic's caseload; changed = 1: after a change of the clinic's data each time (read
/// from the database), 0: with no change in between (the kept caseload, checked against the
/// clinic's generation).
void CaseloadOfOneClinicAmongMany(benchmark::State& state) {
    Testing::TempDir dir;
    const auto [path, clinicId] = clinicsDatabase(dir, static_cast<int>(state.range(0)));
    SqlStore store(DatabaseConfig{SqlDialect::SQLite, path});
    const bool changed = state.range(1) != 0;
    FlagRules rules;
    for (auto _ : state) {
        if (changed) {
            state.PauseTiming();
            rules.windowDays = rules.windowDays == 14 ? 28 : 14;
            store.setFlagRules(clinicId, rules);
            state.ResumeTiming();
        }
        std::shared_ptr<const std::vector<CaseloadEntry>> caseload = store.caseload(clinicId);
        if (caseload->size() != 24 || !caseload->at(0).program ||
            caseload->at(0).program->versions.size() != 2 ||
            caseload->at(0).program->versions[1].sessionsPerDay != 2)
            state.SkipWithError("the caseload is not the clinic's");
    }
}
BENCHMARK(CaseloadOfOneClinicAmongMany)
    ->ArgNames({"clinics", "changed"})
    ->ArgsProduct({{1, 50}, {1, 0}})
    ->Unit(benchmark::kMicrosecond);

void ClinicAmongMany(benchmark::State& state) {
    Testing::TempDir dir;
    const auto [path, clinicId] = clinicsDatabase(dir, static_cast<int>(state.range(0)));
    SqlStore store(DatabaseConfig{SqlDialect::SQLite, path});
    for (auto _ : state)
        if (!store.clinic(clinicId))
            state.SkipWithError("the clinic was not found");
}
BENCHMARK(ClinicAmongMany)->ArgName("clinics")->Arg(1)->Arg(50)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
