// The handout's speed and size targets (README "Benchmarks"): a 6-exercise program with
// figures, QR code and log sheet, median <= 2 ms per handout on one core, file <= 60 KB.
#include "catalog/Catalog.h"
#include "reports/FontLibrary.h"
#include "reports/HandoutReport.h"
#include "services/LibraryFigures.h"
#include "support/SampleHandouts.h"

#include <benchmark/benchmark.h>

using namespace Limber;

namespace {

/// The library's figure boxes, left empty: the same pages as with the drawings, so that the
/// difference between the two benchmarks is what drawing the figures costs.
class EmptyFigureBoxes : public FigureSource {
public:
    bool has(const std::string& figureId) const override { return _library.has(figureId); }
    double aspect(const std::string& figureId) const override { return _library.aspect(figureId); }
    void draw(const std::string&, Canvas&) const override {}

private:
    LibraryFigures _library;
};

void renderHandout(benchmark::State& state, bool largePrint, bool drawings = true) {
    Catalog catalog = loadBuiltInCatalog();
    FontLibrary fonts;
    LibraryFigures figures;
    EmptyFigureBoxes boxes;
    HandoutReport report(fonts, nullptr,
                         drawings ? static_cast<const FigureSource*>(&figures) : &boxes);
    Handout handout = Testing::sampleHandout(catalog, 6);
    HandoutOptions options{PaperSize::Letter, largePrint, ""};
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string pdf = report.render(handout, options);
        bytes = pdf.size();
        benchmark::DoNotOptimize(pdf.data());
    }
    state.counters["pdf_bytes"] = static_cast<double>(bytes);
}

void BM_Handout6Exercises(benchmark::State& state) {
    renderHandout(state, false);
}
BENCHMARK(BM_Handout6Exercises)->Unit(benchmark::kMillisecond);

void BM_Handout6ExercisesLargePrint(benchmark::State& state) {
    renderHandout(state, true);
}
BENCHMARK(BM_Handout6ExercisesLargePrint)->Unit(benchmark::kMillisecond);

/// BM_Handout6Exercises without drawing the figures: what the rest of the handout costs.
void BM_Handout6ExercisesEmptyFigureBoxes(benchmark::State& state) {
    renderHandout(state, false, false);
}
BENCHMARK(BM_Handout6ExercisesEmptyFigureBoxes)->Unit(benchmark::kMillisecond);

/// The cost the built-in fonts avoid: the same document's fonts loaded from the whole DejaVu
/// Sans files as UTF-8 fonts, the way handouts were set before.
void BM_FullTrueTypeFontsUtf8(benchmark::State& state) {
    for (auto _ : state) {
        PdfDocument pdf;
        pdf.loadUtf8Font("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        pdf.loadUtf8Font("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
        benchmark::DoNotOptimize(pdf.handle());
    }
}
BENCHMARK(BM_FullTrueTypeFontsUtf8)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
