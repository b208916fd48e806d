// Three ways to serve the same "Hello, World!", measured with wrk: stage 01's
// iterative server (one connection at a time, Connection: close), the
// thread-per-connection server of stages 02-05 (http::serve_connection on a
// thread per client), and the async server of this stage with one thread, two
// threads with an io_context each (SO_REUSEPORT), and two threads sharing one
// io_context (strands). Each server is started in this process on port 0;
// `wrk -t2 -c64 -d3s --latency` (and again with 1,000 connections) runs as a
// subprocess, and its Requests/sec and latency percentiles become counters.
// `vs_async1` is the throughput against the async server with one thread,
// measured in the same run and the same setting (it is registered first).
//
// A second measurement needs no wrk: BM_Idle opens 5,000 keep-alive
// connections, each served one request and then left idle, and reports what
// the process grew by per connection (resident set, threads), and how long
// a fresh client then waits for its answer.
//
// Run: ./course bench 08 (or build/release/bench_08_servers). Needs wrk
// (Debian's package `wrk`); without it every case says so and is skipped.

#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "minifw/async/server.hpp"
#include "minifw/http/connection.hpp"
#include "minifw/net/iterative_server.hpp"
#include "minifw/net/socket.hpp"

namespace {

namespace async = minifw::async;
namespace http = minifw::http;
namespace net = minifw::net;

constexpr const char* kBody = "Hello, World!";

http::Response hello(const http::Request&) { return http::Response::text(200, kBody); }

// What one wrk run reported.
struct WrkResult {
    double requests_per_second = 0;
    double p50_ms = 0, p90_ms = 0, p99_ms = 0;
    double errors = 0;  // socket errors of every kind, and non-2xx answers
};

// The path of wrk on PATH, or nothing.
std::optional<std::string> find_wrk() {
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    for (std::size_t start = 0; start <= dirs.size();) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string candidate = dirs.substr(start, end - start) + "/wrk";
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
        start = end + 1;
    }
    return std::nullopt;
}

// "1.23ms", "850.00us", "1.02s" in milliseconds.
double to_ms(const std::string& text) {
    const double value = std::strtod(text.c_str(), nullptr);
    if (text.ends_with("us")) {
        return value / 1000;
    }
    if (text.ends_with("ms")) {
        return value;
    }
    if (text.ends_with("s")) {
        return value * 1000;
    }
    return value;
}

// Runs wrk against `port`; nothing when it could not be run or said nothing.
std::optional<WrkResult> run_wrk(const std::string& wrk, std::uint16_t port, int connections) {
    const std::string command = wrk + " -t2 -c" + std::to_string(connections) +
                                " -d3s --latency http://127.0.0.1:" + std::to_string(port) +
                                "/ 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return std::nullopt;
    }
    WrkResult result;
    bool found = false;
    char line[512];
    while (std::fgets(line, sizeof line, pipe) != nullptr) {
        const std::string text = line;
        char value[64] = "";
        double a = 0, b = 0, c = 0, d = 0;
        if (std::sscanf(line, "Requests/sec: %lf", &a) == 1) {
            result.requests_per_second = a;
            found = true;
        } else if (std::sscanf(line, " 50%% %63s", value) == 1) {
            result.p50_ms = to_ms(value);
        } else if (std::sscanf(line, " 90%% %63s", value) == 1) {
            result.p90_ms = to_ms(value);
        } else if (std::sscanf(line, " 99%% %63s", value) == 1) {
            result.p99_ms = to_ms(value);
        } else if (std::sscanf(line,
                               " Socket errors: connect %lf, read %lf, write %lf, timeout %lf", &a,
                               &b, &c, &d) == 4) {
            result.errors += a + b + c + d;
        } else if (std::sscanf(line, " Non-2xx or 3xx responses: %lf", &a) == 1) {
            result.errors += a;
        }
    }
    ::pclose(pipe);
    if (!found) {
        return std::nullopt;
    }
    return result;
}

// A server under test: started on port 0 in the constructor, stopped in the
// destructor.
class Subject {
public:
    virtual ~Subject() = default;
    virtual std::uint16_t port() const = 0;
};

// Stage 01: one connection at a time, each closed after its response.
class Iterative : public Subject {
public:
    Iterative()
        : server_(net::listen_tcp("127.0.0.1", 0, 1024), net::fixed_response(kBody)),
          thread_([this] {
              while (!stop_) {
                  server_.serve(1);
              }
          }) {}
    ~Iterative() override {
        stop_ = true;
        // serve(1) waits in accept(): one last client lets it return.
        try {
            const net::UniqueFd last = net::connect_tcp("127.0.0.1", port());
            net::write_all(last.get(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        } catch (const std::exception&) {
        }
        thread_.join();
    }
    std::uint16_t port() const override { return server_.port(); }

private:
    net::IterativeServer server_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// Stages 02-05: a thread per connection running the blocking serve_connection,
// as http::run_example_server does.
class ThreadPerConnection : public Subject {
public:
    ThreadPerConnection()
        : listener_(net::listen_tcp("127.0.0.1", 0, 1024)),
          port_(net::local_port(listener_)),
          handler_(std::make_shared<const http::Handler>(hello)),
          thread_([this] { accept_loop(); }) {}
    ~ThreadPerConnection() override {
        stop_ = true;
        try {
            const net::UniqueFd wake = net::connect_tcp("127.0.0.1", port_);
        } catch (const std::exception&) {
        }
        thread_.join();
    }
    std::uint16_t port() const override { return port_; }

private:
    void accept_loop() {
        while (!stop_) {
            net::UniqueFd client;
            try {
                client = net::accept_client(listener_);
            } catch (const std::exception&) {
                continue;
            }
            // Detached, as in run_example_server; each holds the handler.
            std::thread([handler = handler_, client = std::move(client)] {
                try {
                    http::serve_connection(client.get(), *handler);
                } catch (const std::exception&) {
                }
            }).detach();
        }
    }

    net::UniqueFd listener_;
    std::uint16_t port_;
    std::shared_ptr<const http::Handler> handler_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// This stage: the plain handler on the loop (it never blocks).
class Async : public Subject {
public:
    Async(unsigned threads, async::Threading threading)
        : server_(async::App(hello, async::RunOn::loop), options(threads, threading)),
          thread_([this] { server_.run(); }) {}
    ~Async() override {
        server_.stop();
        thread_.join();
    }
    std::uint16_t port() const override { return server_.port(); }

private:
    static async::ServerOptions options(unsigned threads, async::Threading threading) {
        async::ServerOptions options;
        options.threads = threads;
        options.threading = threading;
        options.handle_signals = false;
        options.shutdown_grace = std::chrono::seconds(2);
        return options;
    }

    async::Server server_;
    std::thread thread_;
};

enum class Kind { async1, async2_per_thread, async2_shared, iterative, thread_per_connection };

std::unique_ptr<Subject> start(Kind kind) {
    switch (kind) {
        case Kind::iterative:
            return std::make_unique<Iterative>();
        case Kind::thread_per_connection:
            return std::make_unique<ThreadPerConnection>();
        case Kind::async1:
            return std::make_unique<Async>(1, async::Threading::context_per_thread);
        case Kind::async2_per_thread:
            return std::make_unique<Async>(2, async::Threading::context_per_thread);
        case Kind::async2_shared:
            return std::make_unique<Async>(2, async::Threading::shared_context);
    }
    return nullptr;
}

// The async one-thread throughput per connection count, from this run.
std::map<int, double>& baseline() {
    static std::map<int, double> rps;
    return rps;
}

void BM_Wrk(benchmark::State& state, Kind kind) {
    static const std::optional<std::string> wrk = find_wrk();
    if (!wrk) {
        state.SkipWithError("wrk is not installed (apt-get install wrk): nothing measured");
        return;
    }
    const int connections = static_cast<int>(state.range(0));
    const std::unique_ptr<Subject> server = start(kind);
    std::optional<WrkResult> result;
    for (auto _ : state) {
        result = run_wrk(*wrk, server->port(), connections);
    }
    if (!result) {
        state.SkipWithError("wrk ran but printed no Requests/sec line");
        return;
    }
    if (kind == Kind::async1) {
        baseline()[connections] = result->requests_per_second;
    }
    state.counters["req_per_s"] = result->requests_per_second;
    state.counters["p50_ms"] = result->p50_ms;
    state.counters["p90_ms"] = result->p90_ms;
    state.counters["p99_ms"] = result->p99_ms;
    state.counters["errors"] = result->errors;
    if (const auto base = baseline().find(connections); base != baseline().end()) {
        state.counters["vs_async1"] = result->requests_per_second / base->second;
    }
}

// This process's resident set and thread count, from /proc/self/status.
struct ProcessStatus {
    double rss_kib = 0;
    double threads = 0;
};

ProcessStatus process_status() {
    std::ifstream status("/proc/self/status");
    ProcessStatus result;
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) {
            result.rss_kib = std::strtod(line.c_str() + 6, nullptr);
        } else if (line.starts_with("Threads:")) {
            result.threads = std::strtod(line.c_str() + 8, nullptr);
        }
    }
    return result;
}

// One keep-alive request on `fd`, read up to the end of its body.
bool round_trip(int fd) {
    constexpr std::string_view request = "GET / HTTP/1.1\r\nHost: bench\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
        return false;
    }
    char buffer[1024];
    std::size_t have = 0;
    while (have < sizeof buffer) {
        const ssize_t n = ::read(fd, buffer + have, sizeof buffer - have);
        if (n <= 0) {
            return false;
        }
        have += static_cast<std::size_t>(n);
        if (std::string_view(buffer, have).ends_with(kBody)) {
            return true;
        }
    }
    return false;
}

// Both ends of every connection live in this process: twice the descriptors.
bool allow_descriptors(std::size_t wanted) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return false;
    }
    if (limit.rlim_cur < wanted && wanted <= limit.rlim_max) {
        limit.rlim_cur = wanted;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    return ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur >= wanted;
}

// What BM_Idle measures, in a process of its own.
struct IdleResult {
    double rss_kib_per_conn = 0;
    double threads_per_conn = 0;
    double fresh_request_us = 0;
    bool ok = false;
};

IdleResult measure_idle(Kind kind, std::size_t idle) {
    IdleResult result;
    const std::unique_ptr<Subject> server = start(kind);
    {
        const net::UniqueFd first = net::connect_tcp("127.0.0.1", server->port());
        round_trip(first.get());  // the pools and caches of a first request
    }
    const ProcessStatus before = process_status();
    std::vector<net::UniqueFd> clients;
    clients.reserve(idle);
    for (std::size_t i = 0; i < idle; ++i) {
        clients.push_back(net::connect_tcp("127.0.0.1", server->port()));
        if (!round_trip(clients.back().get())) {
            return result;
        }
    }
    const ProcessStatus held = process_status();
    const auto begin = std::chrono::steady_clock::now();
    const net::UniqueFd fresh = net::connect_tcp("127.0.0.1", server->port());
    result.ok = round_trip(fresh.get());
    result.fresh_request_us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - begin).count();
    const auto n = static_cast<double>(idle);
    result.rss_kib_per_conn = (held.rss_kib - before.rss_kib) / n;
    result.threads_per_conn = (held.threads - before.threads) / n;
    return result;
}

void BM_Idle(benchmark::State& state, Kind kind) {
    const auto idle = static_cast<std::size_t>(state.range(0));
    if (!allow_descriptors(2 * idle + 64)) {
        state.SkipWithError(
            "too few file descriptors allowed (ulimit -n) for the idle connections");
        return;
    }
    IdleResult result;
    for (auto _ : state) {
        // A child process each time: memory a server gave back stays in this
        // process's allocator, and would hide what the next one takes.
        int pipe_ends[2];
        if (::pipe(pipe_ends) != 0) {
            state.SkipWithError("pipe() failed");
            return;
        }
        const pid_t child = ::fork();
        if (child == 0) {
            ::close(pipe_ends[0]);
            const IdleResult measured = measure_idle(kind, idle);
            const ssize_t written = ::write(pipe_ends[1], &measured, sizeof measured);
            ::_exit(written == static_cast<ssize_t>(sizeof measured) ? 0 : 1);
        }
        ::close(pipe_ends[1]);
        const bool read_all = child > 0 && ::read(pipe_ends[0], &result, sizeof result) ==
                                               static_cast<ssize_t>(sizeof result);
        ::close(pipe_ends[0]);
        if (child > 0) {
            ::waitpid(child, nullptr, 0);
        }
        if (!read_all || !result.ok) {
            state.SkipWithError("the idle connections or the fresh client were not answered");
            return;
        }
    }
    state.counters["rss_kib_per_conn"] = result.rss_kib_per_conn;
    state.counters["threads_per_conn"] = result.threads_per_conn;
    state.counters["fresh_request_us"] = result.fresh_request_us;
}

void settings(benchmark::internal::Benchmark* b) {
    b->Arg(64)->Arg(1000)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);
}

// The baseline first: the ratios of the others need it.
BENCHMARK_CAPTURE(BM_Wrk, async_1_thread, Kind::async1)->Apply(settings);
BENCHMARK_CAPTURE(BM_Wrk, async_2_per_thread, Kind::async2_per_thread)->Apply(settings);
BENCHMARK_CAPTURE(BM_Wrk, async_2_shared, Kind::async2_shared)->Apply(settings);
BENCHMARK_CAPTURE(BM_Wrk, thread_per_connection, Kind::thread_per_connection)->Apply(settings);
BENCHMARK_CAPTURE(BM_Wrk, iterative, Kind::iterative)->Apply(settings);
// Each in a child process of its own (see BM_Idle).
BENCHMARK_CAPTURE(BM_Idle, async_1_thread, Kind::async1)
    ->Arg(5000)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Idle, thread_per_connection, Kind::thread_per_connection)
    ->Arg(5000)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
