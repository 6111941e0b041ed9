// Engine benchmarks (Google Benchmark). Run: build/native/bin/referral_bench
// Targets on a 2-core machine (issue #2): load ≤ 10 ms, plan ≤ 10 µs, JSON round trip ≤ 50 µs,
// batch ≥ 20,000 cases/s. Figures and the command are recorded in docs/BENCHMARKS.md.
#include <benchmark/benchmark.h>

#include "engine/embedded.h"
#include "engine/engine.h"
#include "rules/case.h"
#include "rules/plan.h"

using namespace referral;

namespace {

const Engine& engine() {
    static const Engine e = Engine::load(embedded_pack_files(), embedded_calendar_files()).value();
    return e;
}

// A spread of realistic cases: different categories, finders, flags and deadlines.
const std::vector<std::string>& case_texts() {
    static const std::vector<std::string> cases = {
        R"({"date":"2026-09-29T10:30:00+08:00","finder":"town","town":"huilong","item":"market-food-stall-unregistered","source":"patrol","verification":"violation","flags":{"ongoing":true}})",
        R"({"date":"2026-02-12T09:00:00+08:00","finder":"dept","town":"nanyang","dept":"ecology","category":"prohibited","devolved":true,"source":"supervision","flags":{"urgent":true}})",
        R"({"date":"2026-04-29T15:00:00+08:00","finder":"town","town":"haifu","dept":"housing","category":"qualification","devolved":true,"source":"complaint","verification":"unverified","flags":{"needs_appraisal":true,"evidence_at_risk":true}})",
        R"({"date":"2025-09-26T08:00:00+08:00","received":"2025-09-28T08:00:00+08:00","finder":"town","town":"qilong","dept":"urban","category":"liability_without_licence","devolved":true,"source":"transfer_in"})",
        R"({"date":"2026-10-09T11:00:00+08:00","finder":"town","town":"donghai","dept":"emergency","category":"licensed_violation","devolved":false,"source":"patrol","flags":{"major_difficult":true,"suspected_crime":true}})",
    };
    return cases;
}

void BM_LoadAndValidatePack(benchmark::State& state) {
    for (auto _ : state) {
        auto e = Engine::load(embedded_pack_files(), embedded_calendar_files());
        benchmark::DoNotOptimize(e.ok());
    }
}
BENCHMARK(BM_LoadAndValidatePack)->Unit(benchmark::kMillisecond);

// The web module's load (#28): the built-in pack with the digest its build checked; text checks not repeated.
void BM_LoadTrustedPack(benchmark::State& state) {
    for (auto _ : state) {
        auto e = Engine::load(embedded_pack_files(), embedded_calendar_files(), nullptr, LoadOptions{embedded_pack_text_sha256()});
        benchmark::DoNotOptimize(e.ok());
    }
}
BENCHMARK(BM_LoadTrustedPack)->Unit(benchmark::kMillisecond);

void BM_PlanParsedCase(benchmark::State& state) {
    const Engine& e = engine();
    std::vector<Case> cases;
    for (const auto& t : case_texts()) cases.push_back(parse_case(json::parse(t), e.pack()).value());
    size_t i = 0;
    for (auto _ : state) {
        Plan p = make_plan(e.pack(), e.calendar(), cases[i++ % cases.size()]);
        benchmark::DoNotOptimize(p.steps.data());
    }
}
BENCHMARK(BM_PlanParsedCase)->Unit(benchmark::kMicrosecond);

void BM_JsonRoundTrip(benchmark::State& state) {
    const Engine& e = engine();
    size_t i = 0;
    for (auto _ : state) {
        std::string out = e.plan_text(case_texts()[i++ % case_texts().size()]);
        benchmark::DoNotOptimize(out.data());
    }
}
BENCHMARK(BM_JsonRoundTrip)->Unit(benchmark::kMicrosecond);

// The batch path of `referral plan --batch`: text line in, compact plan line out.
void BM_Batch1000(benchmark::State& state) {
    const Engine& e = engine();
    for (auto _ : state) {
        size_t bytes = 0;
        for (size_t i = 0; i < 1000; ++i) bytes += e.plan_text(case_texts()[i % case_texts().size()]).size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["cases_per_s"] = benchmark::Counter(1000.0 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Batch1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
