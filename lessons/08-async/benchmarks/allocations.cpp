// Heap allocations per request on the async server's hot path. This program
// replaces the global operator new with one that counts every call, on every
// thread (an atomic counter), and answers keep-alive requests from a client
// that uses raw system calls and a buffer on its stack, so that the client
// allocates nothing and every counted allocation is the server's.
//
// Cases: the plain "Hello, World!" handler on the loop (RunOn::loop), the
// same handler on the pool (RunOn::pool, the default: two hand-overs a
// request), an async handler (a coroutine frame per request), one that hands
// its work to the pool with offload(), and, as the floor, the handler called
// directly without any server (what the application's own Response costs)
// and the stage-02 Session driven without a socket (what the connection
// policy costs). `allocs_per_req` is the count divided by the requests
// answered. Asio allocates coroutine frames with its own recycling
// allocator, which keeps a few freed frames per thread and takes new ones
// from std::aligned_alloc, not operator new: this program replaces
// aligned_alloc too (glibc allows it) and counts those as `frames_per_req`.
//
// Run: ./course bench 08 (or build/release/bench_08_allocations).

#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <string_view>
#include <thread>

#include "minifw/async/date.hpp"
#include "minifw/async/server.hpp"
#include "minifw/http/session.hpp"

namespace {

std::atomic<std::size_t> allocations{0};
std::atomic<std::size_t> frames{0};  // Asio's coroutine frames past its cache

void* allocate(std::size_t size) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}

}  // namespace

// Every form of new ends here, every form of delete in free(); the aligned
// forms are not replaced (nothing on this path over-aligns).
void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size == 0 ? 1 : size);
}
// Asio's frames: aligned_alloc, replaced as glibc's manual allows for the
// malloc family, on glibc's own memalign (what its aligned_alloc is), so
// free() releases them as before.
extern "C" void* __libc_memalign(std::size_t alignment, std::size_t size);
extern "C" void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
    frames.fetch_add(1, std::memory_order_relaxed);
    return __libc_memalign(alignment, size);
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

namespace async = minifw::async;
namespace http = minifw::http;

constexpr std::string_view kBody = "Hello, World!";
constexpr std::string_view kRequest = "GET /plaintext HTTP/1.1\r\nHost: bench\r\n\r\n";

http::Response hello(const http::Request&) { return http::Response::text(200, std::string(kBody)); }

// A keep-alive client of raw system calls: no allocation of its own.
class RawClient {
public:
    explicit RawClient(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const int on = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        ok_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
    }
    ~RawClient() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool ok() const { return ok_; }

    // One request, and its whole response (it ends with the body).
    bool round_trip() {
        if (::send(fd_, kRequest.data(), kRequest.size(), MSG_NOSIGNAL) !=
            static_cast<ssize_t>(kRequest.size())) {
            return false;
        }
        std::size_t have = 0;
        for (;;) {
            const ssize_t n = ::read(fd_, buffer_ + have, sizeof buffer_ - have);
            if (n <= 0) {
                return false;
            }
            have += static_cast<std::size_t>(n);
            if (std::string_view(buffer_, have).ends_with(kBody)) {
                return true;
            }
            if (have == sizeof buffer_) {
                return false;
            }
        }
    }

private:
    int fd_;
    bool ok_ = false;
    char buffer_[4096];
};

// The server on one thread, on port 0, for as long as the case runs.
class Running {
public:
    explicit Running(async::App app)
        : server_(std::move(app), options()), thread_([this] { server_.run(); }) {}
    ~Running() {
        server_.stop();
        thread_.join();
    }
    std::uint16_t port() const { return server_.port(); }

private:
    static async::ServerOptions options() {
        async::ServerOptions options;
        options.handle_signals = false;
        // One connection for the whole case: no close after 1,000 requests.
        options.session.max_requests = std::numeric_limits<std::size_t>::max();
        return options;
    }
    async::Server server_;
    std::thread thread_;
};

void measure(benchmark::State& state, async::App app) {
    Running server(std::move(app));
    RawClient client(server.port());
    // The first requests fill what is made once: this thread's Date, the
    // pool's threads, the connection's own objects.
    for (int i = 0; i < 100; ++i) {
        if (!client.ok() || !client.round_trip()) {
            state.SkipWithError("the server did not answer");
            return;
        }
    }
    const std::size_t before = allocations.load();
    const std::size_t frames_before = frames.load();
    for (auto _ : state) {
        if (!client.round_trip()) {
            state.SkipWithError("the connection ended");
            return;
        }
    }
    const auto counted = static_cast<double>(allocations.load() - before);
    state.counters["allocs_per_req"] =
        benchmark::Counter(counted, benchmark::Counter::kAvgIterations);
    state.counters["frames_per_req"] = benchmark::Counter(
        static_cast<double>(frames.load() - frames_before), benchmark::Counter::kAvgIterations);
}

void BM_PlainOnLoop(benchmark::State& state) {
    measure(state, async::App(hello, async::RunOn::loop));
}

void BM_PlainOnPool(benchmark::State& state) {
    measure(state, async::App(hello, async::RunOn::pool));
}

void BM_AsyncHandler(benchmark::State& state) {
    measure(state, async::App([](http::Context& context) -> async::Task<http::Response> {
                co_return hello(context.request());
            }));
}

// An async handler that hands its work to the pool with offload(), as the
// database handlers of a real app do.
void BM_AsyncOffload(benchmark::State& state) {
    measure(state, async::App([](http::Context& context) -> async::Task<http::Response> {
                http::Response response;
                co_await async::offload(context, [&] { response = hello(context.request()); });
                co_return response;
            }));
}

// The session alone, as the coroutine drives it but with no socket: the
// parser's request, the response head, and the handler. What the server
// adds beyond this is the async layer's own share.
void BM_SessionAlone(benchmark::State& state) {
    http::SessionOptions options;
    options.max_requests = std::numeric_limits<std::size_t>::max();
    options.date = [] { return async::cached_http_date(); };
    http::Session session(std::move(options));
    // One keep-alive round: read, handle, write, as the coroutine steps it.
    auto one = [&session] {
        if (session.next() != http::Step::read) {
            return false;
        }
        session.receive(kRequest);
        if (session.next() != http::Step::handle) {
            return false;
        }
        session.respond(hello(session.request()));
        if (session.next() != http::Step::write) {
            return false;
        }
        benchmark::DoNotOptimize(session.take_output());
        return true;
    };
    for (int i = 0; i < 100; ++i) {
        if (!one()) {
            state.SkipWithError("the session did not step read, handle, write");
            return;
        }
    }
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        if (!one()) {
            state.SkipWithError("the session did not step read, handle, write");
            return;
        }
    }
    const auto counted = static_cast<double>(allocations.load() - before);
    state.counters["allocs_per_req"] =
        benchmark::Counter(counted, benchmark::Counter::kAvgIterations);
}

// The floor: what the handler allocates by itself, with no server at all.
void BM_HandlerAlone(benchmark::State& state) {
    http::Request request;
    request.method = "GET";
    request.target = "/plaintext";
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        benchmark::DoNotOptimize(hello(request));
    }
    const auto counted = static_cast<double>(allocations.load() - before);
    state.counters["allocs_per_req"] =
        benchmark::Counter(counted, benchmark::Counter::kAvgIterations);
}

BENCHMARK(BM_HandlerAlone)->Iterations(100'000);
BENCHMARK(BM_SessionAlone)->Iterations(100'000);
BENCHMARK(BM_PlainOnLoop)->Iterations(20'000)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PlainOnPool)->Iterations(20'000)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AsyncHandler)->Iterations(20'000)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AsyncOffload)->Iterations(20'000)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
