// Fuzzes stage 04's percent-decoding, path splitting and query parsing.
// Invariants: bad input is an HttpError(400), nothing else; whatever decodes
// survives a round trip through percent_encode; a split path has exactly one
// segment per unencoded '/' ("%2F" never creates a segment).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "minifw/http/status.hpp"
#include "minifw/routing/url.hpp"

namespace http = minifw::http;
namespace routing = minifw::routing;

namespace {

// Runs `step`; an HttpError other than 400 is a bug.
template <class Step>
void refused_only_with_400(Step step) {
    try {
        step();
    } catch (const http::HttpError& refused) {
        if (refused.status() != 400) {
            std::abort();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    refused_only_with_400([&] {
        const std::string decoded = routing::percent_decode(text);
        if (routing::percent_decode(routing::percent_encode(decoded)) != decoded) {
            std::abort();
        }
    });
    refused_only_with_400([&] {
        const auto segments = routing::split_path(text);
        const auto separators = static_cast<std::size_t>(std::count(text.begin(), text.end(), '/'));
        if (text != "/" && segments.size() != separators) {
            std::abort();
        }
    });
    refused_only_with_400([&] { (void)routing::parse_query(text); });
    return 0;
}
