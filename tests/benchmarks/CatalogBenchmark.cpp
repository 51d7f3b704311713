// What the catalog costs per request: loading the built-in pack (once, at start-up), a search,
// and building a clinic's catalog (every portal page and API call that lists exercises does)
// with N of the clinic's own exercises stored as revisions.
#include "catalog/Catalog.h"
#include "catalog/PackLoader.h"
#include "catalog/PackWriter.h"
#include "services/ClinicCatalog.h"
#include "store/SqlStore.h"
#include "support/TestFiles.h"

#include <benchmark/benchmark.h>

using namespace Limber;

namespace {

void LoadBuiltInPack(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(loadBuiltInCatalog());
}
BENCHMARK(LoadBuiltInPack)->Unit(benchmark::kMillisecond);

void SearchNamesInBothLanguages(benchmark::State& state) {
    Catalog catalog = loadBuiltInCatalog();
    ExerciseQuery query;
    query.text = "rodílla pecho";
    for (auto _ : state)
        benchmark::DoNotOptimize(catalog.find(query));
}
BENCHMARK(SearchNamesInBothLanguages)->Unit(benchmark::kMicrosecond);

void BuildAClinicsCatalog(benchmark::State& state) {
    Testing::TempDir dir;
    SqlStore store(DatabaseConfig{SqlDialect::SQLite, dir.file("limber.db")});
    std::int64_t clinicId = store.createClinic({0, "Bayview", "", ""});
    std::int64_t userId =
        store.createUser({0, clinicId, "ana@bayview.example", "Ana", Role::Admin, "x", false});
    Catalog shared = loadBuiltInCatalog();
    Exercise own = *shared.exercise("tree-pose");
    for (int i = 0; i < state.range(0); ++i) {
        own.id = "clinic-exercise-" + std::to_string(i);
        store.addClinicExerciseRevision(
            {clinicId, own.id, 1, exerciseEntryJson(own), 1'800'000'000, userId});
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(clinicCatalog(store, shared, clinicId));
    state.SetLabel(std::to_string(state.range(0)) + " own exercises");
}
BENCHMARK(BuildAClinicsCatalog)->Arg(0)->Arg(10)->Arg(50)->Arg(200)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
