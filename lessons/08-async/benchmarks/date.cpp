// What caching the Date saves: formatting the IMF-fixdate of now for every
// response (http::http_date(), as the blocking server of stage 02 does)
// against cached_http_date(), which formats once a second per thread and
// otherwise reads the clock and compares one number.
//
// Run: ./course bench 08 (or build/release/bench_08_date).

#include <benchmark/benchmark.h>

#include "minifw/async/date.hpp"
#include "minifw/http/status.hpp"

namespace {

void BM_FormatEveryTime(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(minifw::http::http_date());
    }
}

void BM_CachedOncePerSecond(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(minifw::async::cached_http_date());
    }
}

BENCHMARK(BM_FormatEveryTime);
BENCHMARK(BM_CachedOncePerSecond);

}  // namespace

BENCHMARK_MAIN();
