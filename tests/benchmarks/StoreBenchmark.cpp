// What one read of the hot path costs on SQLite: the check-in link's lookup (a nine-column
// select by an indexed key), on Poco's own SQLite session (which prepares the text on every
// execution) and on the store's session (src/store/SqliteSession: prepared once per
// connection), and the same lookup through the store.
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

/// A store with one clinic, 24 patients and a link each; returns the database file's path.
std::string seededDatabase(Testing::TempDir& dir) {
    const std::string path = dir.file("limber.db");
    SqlStore store(DatabaseConfig{SqlDialect::SQLite, path});
    const std::int64_t clinicId = store.createClinic({0, "Bayview", "", ""});
    const std::int64_t userId =
        store.createUser({0, clinicId, "ana@bayview.example", "Ana", Role::Admin, "x", false});
    for (int i = 0; i < 24; ++i) {
        Patient patient;
        patient.clinicId = clinicId;
        patient.therapistId = userId;
        patient.recordNumber = "R" + std::to_string(i);
        patient.name = "Patient " + std::to_string(i);
        patient.firstName = "P";
        PatientLink link{0, clinicId, 0, "salt", tokenHash(i), 0, std::nullopt, std::nullopt, {}};
        store.createPatient(patient, link);
    }
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

} // namespace

BENCHMARK_MAIN();
