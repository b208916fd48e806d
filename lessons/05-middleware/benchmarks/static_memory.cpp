// What a file body saves. A 1 GiB file (sparse, so the disk is not what is
// measured) is served by static_files over a connection, sent with
// sendfile(2), against the same file read into a std::string first and sent
// from memory, as stage 05 did before responses could carry a file. Each
// case reports the time per GiB and how much the resident set grew while
// the client read the response. Run: ./course bench 05 (or
// build/release/bench_05_static_memory).

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "minifw/http/connection.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/middleware/static_files.hpp"

namespace {

constexpr std::uint64_t kSize = 1ull << 30;

std::uint64_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t size = 0;
    std::uint64_t resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

// A directory holding big.bin, a 1 GiB hole, removed at exit.
struct SparseSite {
    SparseSite() {
        char dir[] = "/tmp/minifw-bench-05-XXXXXX";
        if (::mkdtemp(dir) != nullptr) {
            root = dir;
            const int fd = ::open((root / "big.bin").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
            ok = fd >= 0 && ::ftruncate(fd, static_cast<off_t>(kSize)) == 0;
            if (fd >= 0) {
                ::close(fd);
            }
        }
    }
    ~SparseSite() {
        std::error_code ignored;
        std::filesystem::remove_all(root, ignored);
    }
    std::filesystem::path root;
    bool ok = false;
};

const SparseSite& site() {
    static const SparseSite instance;
    return instance;
}

// The way stage 05 served a file before: every byte read into memory first.
minifw::http::Response read_into_memory(const minifw::http::Request&) {
    std::string data(kSize, '\0');
    const int fd = ::open((site().root / "big.bin").c_str(), O_RDONLY | O_CLOEXEC);
    std::uint64_t done = 0;
    while (fd >= 0 && done < kSize) {
        const ssize_t n = ::pread(fd, data.data() + done, kSize - done, static_cast<off_t>(done));
        if (n <= 0) {
            break;
        }
        done += static_cast<std::uint64_t>(n);
    }
    if (fd >= 0) {
        ::close(fd);
    }
    return minifw::http::Response::text(200, std::move(data), "application/octet-stream");
}

// One GET over a socketpair, the client reading every byte; returns the
// largest growth of the resident set seen while reading.
std::uint64_t serve_once(const minifw::http::Handler& handler) {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        return 0;
    }
    const std::uint64_t before = resident_bytes();
    auto served = std::async(std::launch::async, [&handler, fd = fds[0]] {
        minifw::http::serve_connection(fd, handler);
        ::shutdown(fd, SHUT_RDWR);
    });
    const std::string_view request =
        "GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    (void)::write(fds[1], request.data(), request.size());
    std::vector<char> buffer(1 << 20);
    std::uint64_t received = 0;
    std::uint64_t peak = before;
    std::uint64_t next_sample = 0;
    for (;;) {
        const ssize_t n = ::read(fds[1], buffer.data(), buffer.size());
        if (n <= 0) {
            break;
        }
        received += static_cast<std::uint64_t>(n);
        if (received >= next_sample) {
            peak = std::max(peak, resident_bytes());
            next_sample += 64u << 20;
        }
    }
    ::shutdown(fds[1], SHUT_RDWR);
    served.wait();
    ::close(fds[0]);
    ::close(fds[1]);
    return peak - std::min(peak, before);
}

void run(benchmark::State& state, const minifw::http::Handler& handler) {
    if (!site().ok) {
        state.SkipWithError("could not make a sparse file under /tmp");
        return;
    }
    std::uint64_t growth = 0;
    for (auto _ : state) {
        growth = std::max(growth, serve_once(handler));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kSize));
    state.counters["rss_growth_MiB"] = static_cast<double>(growth) / (1 << 20);
}

void BM_FileBody(benchmark::State& state) {
    minifw::middleware::Pipeline pipeline;
    pipeline.use("static", minifw::middleware::static_files("/", site().root));
    run(state,
        pipeline.build([](const minifw::http::Request&) { return minifw::http::Response{}; }));
}
BENCHMARK(BM_FileBody)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_ReadIntoMemory(benchmark::State& state) { run(state, read_into_memory); }
BENCHMARK(BM_ReadIntoMemory)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
