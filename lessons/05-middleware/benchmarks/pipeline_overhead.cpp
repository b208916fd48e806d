// What a layer costs. A pass-through layer is a std::function call, a Next on
// the stack and a try block; the request-id layer adds getrandom(2) when it
// makes an id, and an item in the request's context (never a copy of the
// request, whatever its body); a conditional GET saves opening the file's
// body. Run: ./course bench 05 (or build/release/bench_05_pipeline_overhead).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "minifw/middleware/pipeline.hpp"
#include "minifw/middleware/request_id.hpp"
#include "minifw/middleware/static_files.hpp"

namespace {

using minifw::http::Request;
using minifw::http::Response;
using minifw::middleware::Next;
using minifw::middleware::Pipeline;

Response endpoint(const Request&) { return Response::text(200, "ok"); }

Request request_with_body(std::size_t body_bytes) {
    Request request;
    request.method = "POST";
    request.target = "/items";
    request.headers.add("Host", "localhost");
    request.headers.add("Content-Type", "application/json");
    request.body.assign(body_bytes, 'x');
    return request;
}

// Baseline: the endpoint called through a Handler, no pipeline at all.
void BM_Endpoint(benchmark::State& state) {
    minifw::http::Handler handler = endpoint;
    Request request = request_with_body(0);
    for (auto _ : state) {
        benchmark::DoNotOptimize(handler(request));
    }
}
BENCHMARK(BM_Endpoint);

// N layers that only call next.
void BM_PassThroughLayers(benchmark::State& state) {
    Pipeline pipeline;
    for (int64_t i = 0; i < state.range(0); ++i) {
        pipeline.use("layer" + std::to_string(i),
                     [](const Request& request, Next& next) { return next(request); });
    }
    auto handler = pipeline.build(endpoint);
    Request request = request_with_body(0);
    for (auto _ : state) {
        benchmark::DoNotOptimize(handler(request));
    }
}
BENCHMARK(BM_PassThroughLayers)->Arg(0)->Arg(1)->Arg(4)->Arg(16);

// The request-id layer: arg 0 = an incoming id is kept (no getrandom);
// arg 1 = an id is generated. Either way the id is an item of the context:
// the size of the body makes no difference any more.
void BM_RequestId(benchmark::State& state, std::size_t body_bytes) {
    Pipeline pipeline;
    pipeline.use("request_id", minifw::middleware::request_id());
    auto handler = pipeline.build(endpoint);
    Request request = request_with_body(body_bytes);
    if (state.range(0) == 0) {
        request.headers.add("X-Request-Id", "edge-0123456789abcdef");
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(handler(request));
    }
}
BENCHMARK_CAPTURE(BM_RequestId, empty_body, 0)->Arg(0)->Arg(1);
BENCHMARK_CAPTURE(BM_RequestId, body_64KiB, 64 * 1024)->Arg(0)->Arg(1);

// Static files: arg 0 = a full 200 of a 64 KiB file (the response holds the
// open file; the server would send it with sendfile), arg 1 = the same GET
// with a matching If-None-Match, answered 304.
void BM_StaticFile(benchmark::State& state) {
    char dir_template[] = "/tmp/minifw-bench-05-XXXXXX";
    if (::mkdtemp(dir_template) == nullptr) {
        state.SkipWithError("mkdtemp failed");
        return;
    }
    std::filesystem::path root = dir_template;
    std::ofstream(root / "data.bin", std::ios::binary) << std::string(64 * 1024, 'd');

    Pipeline pipeline;
    pipeline.use("static", minifw::middleware::static_files("/", root));
    auto handler = pipeline.build(endpoint);
    Request request;
    request.method = "GET";
    request.target = "/data.bin";
    if (state.range(0) == 1) {
        auto etag = handler(request).headers.get("ETag");
        request.headers.add("If-None-Match", std::string(etag.value_or("")));
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(handler(request));
    }
    std::filesystem::remove_all(root);
}
BENCHMARK(BM_StaticFile)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
