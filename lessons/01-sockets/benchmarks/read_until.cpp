// What searching only the new bytes saves. A request head of N bytes arrives
// in 64-byte pieces (records of a SOCK_SEQPACKET pair: each read() returns
// exactly one, whatever the timing, so every run sees the same pieces).
// net::read_until searches each piece once; the naive loop beside it
// searches the whole buffer again after every read, which is quadratic in
// the head's size. Run: ./course bench 01 (or build/release/bench_01_read_until).

#include <benchmark/benchmark.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <thread>

#include "minifw/net/socket.hpp"

namespace {

constexpr std::size_t kPiece = 64;

// The same contract without the one idea: search the buffer from its start
// after every read.
std::size_t naive_read_until(int fd, std::string& buffer, std::string_view delimiter) {
    char chunk[4096];
    for (;;) {
        const std::size_t at = buffer.find(delimiter);
        if (at != std::string::npos) {
            return at + delimiter.size();
        }
        const ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got <= 0) {
            return 0;
        }
        buffer.append(chunk, static_cast<std::size_t>(got));
    }
}

// A head of `size` bytes: header lines, then the blank line.
std::string make_head(std::size_t size) {
    std::string head = "GET / HTTP/1.1\r\n";
    while (head.size() + 4 < size) {
        head +=
            "X-Filler: " + std::string(std::min<std::size_t>(50, size - head.size()), 'x') + "\r\n";
    }
    head.resize(size - 4, 'x');
    return head + "\r\n\r\n";
}

template <class Read>
void run(benchmark::State& state, Read read) {
    const std::string head = make_head(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0) {
            state.SkipWithError("socketpair(SOCK_SEQPACKET) failed");
            return;
        }
        std::thread writer([fd = fds[1], &head] {
            for (std::size_t at = 0; at < head.size(); at += kPiece) {
                const std::string_view piece = std::string_view(head).substr(at, kPiece);
                if (::send(fd, piece.data(), piece.size(), MSG_NOSIGNAL) < 0) {
                    return;
                }
            }
        });
        std::string buffer;
        benchmark::DoNotOptimize(read(fds[0], buffer));
        writer.join();
        ::close(fds[0]);
        ::close(fds[1]);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * head.size()));
}

void BM_ReadUntil(benchmark::State& state) {
    run(state, [](int fd, std::string& buffer) {
        return minifw::net::read_until(fd, buffer, "\r\n\r\n", 1 << 20).end;
    });
}
BENCHMARK(BM_ReadUntil)->Arg(4 << 10)->Arg(64 << 10)->Arg(256 << 10)->UseRealTime();

void BM_NaiveReadUntil(benchmark::State& state) {
    run(state,
        [](int fd, std::string& buffer) { return naive_read_until(fd, buffer, "\r\n\r\n"); });
}
BENCHMARK(BM_NaiveReadUntil)->Arg(4 << 10)->Arg(64 << 10)->Arg(256 << 10)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
