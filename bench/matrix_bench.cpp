// Coverage-matrix benchmark (Google Benchmark). Run: build/native/bin/referral_matrix_bench
// Target (issue #5): ≥ 100,000 combinations/s natively, so the studio rebuilds the whole matrix
// in well under a second after a rule edit. Figures and the command: docs/BENCHMARKS.md.
#include <benchmark/benchmark.h>

#include "engine/embedded.h"
#include "engine/engine.h"
#include "studio_model/matrix.h"

using namespace referral;

namespace {

const Engine& engine() {
    static const Engine e = Engine::load(embedded_pack_files(), embedded_calendar_files()).value();
    return e;
}

void BM_BuildDefaultMatrix(benchmark::State& state) {
    const Engine& e = engine();
    const studio::MatrixSpec spec = studio::default_matrix_spec(e.pack());
    size_t cells = 0;
    for (auto _ : state) {
        const studio::Matrix m = studio::build_matrix(e.pack(), e.calendar(), spec);
        cells += m.cells.size();
        benchmark::DoNotOptimize(m.cells.data());
    }
    state.counters["combinations_per_s"] = benchmark::Counter(static_cast<double>(cells), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BuildDefaultMatrix)->Unit(benchmark::kMillisecond);

void BM_SentenceCoverage(benchmark::State& state) {
    const Engine& e = engine();
    for (auto _ : state) {
        auto s = studio::unquoted_duties(e.pack());
        benchmark::DoNotOptimize(s.data());
    }
}
BENCHMARK(BM_SentenceCoverage)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
