// What it costs to take bytes as they come. The same requests are fed to
// RequestParser whole (one feed for a pipelined batch), in pieces of 64
// bytes, and one byte at a time, as a slow or hostile client would send
// them. Each feed is a call into llhttp that must save and restore its state,
// and a field cut in two is two appends. Run: ./course bench 02 (or
// build/release/bench_02_parser_pieces).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "minifw/http/parser.hpp"

namespace {

// A browser-like GET (419 bytes of head), then a small chunked POST.
std::string two_requests() {
    return "GET /articles/2024/http-parsing?ref=home HTTP/1.1\r\n"
           "Host: www.example.test\r\n"
           "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
           "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
           "Accept-Language: en-US,en;q=0.5\r\n"
           "Accept-Encoding: gzip, deflate, br\r\n"
           "Cookie: session=0123456789abcdef0123456789abcdef; theme=dark\r\n"
           "Connection: keep-alive\r\n"
           "Upgrade-Insecure-Requests: 1\r\n"
           "\r\n"
           "POST /api/notes HTTP/1.1\r\n"
           "Host: www.example.test\r\n"
           "Content-Type: application/json\r\n"
           "Transfer-Encoding: chunked\r\n"
           "\r\n"
           "19\r\n{\"title\":\"a note\",\"body\":\r\n"
           "10\r\n\"hello, world\"}\n\r\n"
           "0\r\n\r\n";
}

void BM_Feed(benchmark::State& state) {
    const std::string wire = two_requests();
    const auto piece = static_cast<std::size_t>(state.range(0));  // 0: all at once
    for (auto _ : state) {
        minifw::http::RequestParser parser;
        std::size_t requests = 0;
        std::string_view rest = wire;
        while (!rest.empty()) {
            std::string_view bytes = piece == 0 ? rest : rest.substr(0, piece);
            while (!bytes.empty()) {
                const std::size_t used = parser.feed(bytes);
                bytes.remove_prefix(used);
                rest.remove_prefix(used);
                if (parser.request_ready()) {
                    benchmark::DoNotOptimize(parser.take());
                    ++requests;
                }
            }
        }
        if (requests != 2) {
            state.SkipWithError("the two requests did not come out");
            return;
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * wire.size()));
}
BENCHMARK(BM_Feed)->ArgName("piece")->Arg(0)->Arg(64)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
