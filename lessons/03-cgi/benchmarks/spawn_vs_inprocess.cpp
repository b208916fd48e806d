// What a process per request costs. One small request is answered through
// the same path every time (an http::Handler gets the Request, its Response
// is serialised to bytes), by:
//
//   InProcess     the Handler below, called as a function
//   CgiProgram    the same Handler compiled into this very binary and run as
//                 a CGI program, one fork+exec per request (cgi_handler)
//   ShellScript   a /bin/sh script that prints the same answer
//   PythonScript  a python3 script that prints the same answer (skipped
//                 when python3 is missing)
//
// Each spawning benchmark reports x_in_process: its time per request as a
// multiple of InProcess, measured in the same run. Run it with
//
//   ./course bench 03
//   ./build/release/bench_03_spawn_vs_inprocess
//
// Started with GATEWAY_INTERFACE in its environment, this binary is the CGI
// program instead: that is how CgiProgram runs the same code in a new process.

#include <benchmark/benchmark.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "minifw/cgi/handler.hpp"
#include "minifw/cgi/program.hpp"
#include "minifw/http/response.hpp"

namespace cgi = minifw::cgi;
namespace http = minifw::http;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

http::Response answer(const http::Request& request) {
    return http::Response::text(200, "hello " + std::string(request.query()) + "\n");
}

http::Request sample_request() {
    http::Request request;
    request.method = "GET";
    request.target = "/app?name=bench";
    request.headers.add("Host", "127.0.0.1");
    request.headers.add("User-Agent", "bench/1");
    request.remote_address = "127.0.0.1";
    return request;
}

// Scripts live in a temporary directory for the length of the run.
struct Scripts {
    fs::path dir;
    std::string shell;
    std::string python;
};
Scripts g_scripts;
double g_in_process_ns = 0;  // InProcess's time per request, the baseline

std::string write_script(const std::string& name, const std::string& text) {
    fs::path file = g_scripts.dir / name;
    std::ofstream(file) << text;
    fs::permissions(file, fs::perms::owner_all);
    return file.string();
}

// Runs `handler` on the sample request until the library is satisfied, and
// returns the time per request in nanoseconds (wall clock: a child's CPU
// time is not ours, but we wait for it all the same).
double run(benchmark::State& state, const http::Handler& handler) {
    const http::Request request = sample_request();
    http::SerializeOptions options;
    options.date = "Sun, 06 Nov 1994 08:49:37 GMT";  // the same bytes every time
    std::int64_t requests = 0;
    auto start = Clock::now();
    for (auto _ : state) {
        http::Response response = handler(request);
        if (response.status != 200) {
            state.SkipWithError(("status " + std::to_string(response.status)).c_str());
            break;
        }
        std::string bytes = http::serialize(response, options);
        benchmark::DoNotOptimize(bytes);
        ++requests;
    }
    std::chrono::duration<double, std::nano> spent = Clock::now() - start;
    return requests > 0 ? spent.count() / static_cast<double>(requests) : 0;
}

void report_ratio(benchmark::State& state, double ns_per_request) {
    if (g_in_process_ns > 0) {
        state.counters["x_in_process"] = ns_per_request / g_in_process_ns;
    }
}

http::Handler spawning(const std::string& program) {
    cgi::CgiConfig config;
    config.script = program;
    config.server.script_name = "/app";
    return cgi::cgi_handler(config);
}

void InProcess(benchmark::State& state) {
    http::Handler handler = answer;
    g_in_process_ns = run(state, handler);
}

void CgiProgram(benchmark::State& state) {
    http::Handler handler = spawning(fs::read_symlink("/proc/self/exe").string());
    report_ratio(state, run(state, handler));
}

void ShellScript(benchmark::State& state) {
    http::Handler handler = spawning(g_scripts.shell);
    report_ratio(state, run(state, handler));
}

void PythonScript(benchmark::State& state) {
    if (g_scripts.python.empty()) {
        state.SkipWithError("python3 is not installed");
        return;
    }
    http::Handler handler = spawning(g_scripts.python);
    report_ratio(state, run(state, handler));
}

}  // namespace

// Registered in this order on purpose: the baseline runs first.
BENCHMARK(InProcess)->UseRealTime();
BENCHMARK(CgiProgram)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(ShellScript)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(PythonScript)->UseRealTime()->Unit(benchmark::kMicrosecond);

int main(int argc, char** argv) {
    if (std::getenv("GATEWAY_INTERFACE") != nullptr) {
        return cgi::cgi_main(answer);  // started by CgiProgram, once per request
    }

    std::string pattern = (fs::temp_directory_path() / "minifw-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    g_scripts.dir = pattern;
    g_scripts.shell = write_script("answer.sh",
                                   "#!/bin/sh\n"
                                   "printf 'Content-Type: text/plain; charset=utf-8\\n\\n"
                                   "hello %s\\n' \"$QUERY_STRING\"\n");
    if (::access("/usr/bin/python3", X_OK) == 0) {
        g_scripts.python = write_script("answer.py",
                                        "#!/usr/bin/python3\n"
                                        "import os\n"
                                        "print('Content-Type: text/plain; charset=utf-8')\n"
                                        "print()\n"
                                        "print('hello ' + os.environ['QUERY_STRING'])\n");
    }

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    fs::remove_all(g_scripts.dir);
    return 0;
}
