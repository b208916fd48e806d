// Fuzzes the one percent-decoder and stage 04's path splitting and query parsing, which
// read the request-target exactly as the client sent it.
//
// Properties: bad input is an HttpError(400), nothing else; text without a
// '%' decodes to itself or not at all; percent_encode writes only unreserved
// bytes and escapes; whatever decodes survives a round trip through
// percent_encode, as a value, as a path and as a query; and a path has one
// segment per '/' that was sent ("%2F" never makes one).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "invariant.hpp"
#include "minifw/http/status.hpp"
#include "minifw/routing/params.hpp"
#include "minifw/routing/url.hpp"
#include "minifw/util/percent.hpp"

namespace http = minifw::http;
namespace routing = minifw::routing;
namespace util = minifw::util;
using minifw::fuzz::require;

namespace {

// What `parse` returns, or nullopt when it refuses the client's bytes, which
// it may do only with a 400. The checks run outside: a round trip that throws
// escapes LLVMFuzzerTestOneInput, and libFuzzer reports it as a crash.
template <class Parse>
auto unless_refused(Parse parse) -> std::optional<decltype(parse())> {
    try {
        return parse();
    } catch (const http::HttpError& refused) {
        require(refused.status() == 400, "bad URL text is refused with 400");
        return std::nullopt;
    }
}

bool is_encoded_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-._~%").find(c) != std::string_view::npos;
}

void check_decoded(std::string_view text, const std::string& decoded) {
    if (text.find('%') == std::string_view::npos) {
        require(decoded == text, "text without escapes decodes to itself");
    }
    const std::string encoded = routing::percent_encode(decoded);
    require(std::all_of(encoded.begin(), encoded.end(), is_encoded_byte),
            "percent_encode writes only unreserved bytes and escapes");
    const util::PercentDecoded again = util::percent_decode(encoded);
    require(again && again.text == decoded, "decode(encode(x)) == x");
}

void check_split(std::string_view path, const std::vector<std::string>& segments) {
    const auto slashes = static_cast<std::size_t>(std::count(path.begin(), path.end(), '/'));
    require(path == "/" ? segments.empty() : segments.size() == slashes,
            "a path has one segment per '/' sent");
    std::string rebuilt = segments.empty() ? "/" : "";
    for (const std::string& segment : segments) {
        rebuilt += '/';
        rebuilt += routing::percent_encode(segment);
    }
    require(routing::split_path(rebuilt) == segments, "a re-encoded path splits the same");
}

void check_query(const routing::Params& params) {
    std::string rebuilt;
    for (const auto& [name, value] : params) {
        rebuilt += rebuilt.empty() ? "" : "&";
        rebuilt += routing::percent_encode(name) + "=" + routing::percent_encode(value);
    }
    require(routing::parse_query(rebuilt) == params, "a re-encoded query parses the same");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // The one decoder refuses by its result, never by throwing.
    if (const util::PercentDecoded decoded = util::percent_decode(text)) {
        check_decoded(text, decoded.text);
    }
    if (const auto segments = unless_refused([&] { return routing::split_path(text); })) {
        check_split(text, *segments);
    }
    if (const auto params = unless_refused([&] { return routing::parse_query(text); })) {
        check_query(*params);
    }
    return 0;
}
