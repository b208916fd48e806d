// Fuzzes http::RequestParser (stage 02) with bytes cut at sizes the input
// chooses. Invariants: the parser refuses only with a 4xx/5xx HttpError,
// never consumes more than it was given, always makes progress, and never
// hands out a request without a method and target or with a body over the
// limit.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "minifw/http/parser.hpp"
#include "minifw/http/status.hpp"

namespace http = minifw::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    // The first byte picks how the rest arrives: 1 to 256 bytes per read.
    const std::size_t piece = std::size_t{data[0]} + 1;
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

    http::ParserLimits limits;
    limits.max_target = 512;
    limits.max_header_bytes = 2048;
    limits.max_headers = 16;
    limits.max_body = 4096;
    http::RequestParser parser(limits);
    try {
        while (!input.empty()) {
            const std::string_view chunk = input.substr(0, piece);
            const std::size_t used = parser.feed(chunk);
            if (used > chunk.size()) {
                std::abort();  // consumed bytes it was not given
            }
            input.remove_prefix(used);
            if (parser.request_ready()) {
                const http::Request request = parser.take();
                if (request.method.empty() || request.target.empty() ||
                    request.body.size() > limits.max_body) {
                    std::abort();
                }
            } else if (used == 0) {
                std::abort();  // no progress and no request: a server would spin
            }
        }
        parser.finish();
    } catch (const http::HttpError& refused) {
        if (refused.status() < 400 || refused.status() > 599) {
            std::abort();
        }
    }
    return 0;
}
