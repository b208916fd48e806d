// Fuzzes stage 05's parse_url_path, the pure half of serving static files:
// it decides which URL paths may become file names below the static root.
// (open_below, the half that touches the file system, is not fuzzed here.)
//
// Properties: it never throws; a path it accepts has only safe file names
// (non-empty, no leading '.', no '/', '\' or NUL), one per '/' sent, and
// trailing_slash says whether the path ends in '/'; a verdict other than ok
// carries no segments; re-encoding what it accepted gives the same result;
// and it decodes as stage 04's split_path does: a broken escape that makes
// one malformed makes the other refuse, and where both accept, the
// segments are the same.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "invariant.hpp"
#include "minifw/http/status.hpp"
#include "minifw/middleware/safe_path.hpp"
#include "minifw/routing/url.hpp"

namespace http = minifw::http;
namespace middleware = minifw::middleware;
namespace routing = minifw::routing;
using middleware::PathStatus;
using minifw::fuzz::require;

namespace {

bool is_safe_name(std::string_view name) {
    return !name.empty() && name.front() != '.' &&
           name.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos;
}

// split_path's segments, or nullopt when it refuses the path with a 400.
std::optional<std::vector<std::string>> split_or_refuse(std::string_view path) {
    try {
        return routing::split_path(path);
    } catch (const http::HttpError& refused) {
        require(refused.status() == 400, "split_path refuses with 400");
        return std::nullopt;
    }
}

void check_accepted(std::string_view path, const middleware::UrlPath& parsed) {
    require(std::all_of(parsed.segments.begin(), parsed.segments.end(), is_safe_name),
            "an accepted path holds only safe file names");
    const auto slashes = static_cast<std::size_t>(std::count(path.begin(), path.end(), '/'));
    require(parsed.trailing_slash == path.ends_with('/'), "trailing_slash is a path ending in '/'");
    require(parsed.segments.size() == slashes - (parsed.trailing_slash ? 1 : 0),
            "an accepted path has one segment per '/' sent, the trailing one aside");

    std::string rebuilt;
    for (const std::string& segment : parsed.segments) {
        rebuilt += "/" + routing::percent_encode(segment);
    }
    if (parsed.trailing_slash) {
        rebuilt += '/';
    }
    const middleware::UrlPath again = middleware::parse_url_path(rebuilt);
    require(again.status == PathStatus::ok && again.segments == parsed.segments &&
                again.trailing_slash == parsed.trailing_slash,
            "a re-encoded path parses the same");

    // split_path may still refuse: it also insists on UTF-8.
    if (auto segments = split_or_refuse(path)) {
        if (parsed.trailing_slash && !segments->empty()) {
            segments->pop_back();  // "/a/" is {"a", ""} there, {"a"} + trailing_slash here
        }
        require(*segments == parsed.segments, "both decoders see the same segments");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view path(reinterpret_cast<const char*>(data), size);
    const middleware::UrlPath parsed = middleware::parse_url_path(path);  // must not throw
    switch (parsed.status) {
        case PathStatus::ok:
            check_accepted(path, parsed);
            break;
        case PathStatus::malformed:
            require(parsed.segments.empty(), "a malformed path carries no segments");
            require(!split_or_refuse(path), "a path malformed here is refused by split_path");
            break;
        case PathStatus::forbidden:
            require(parsed.segments.empty(), "a forbidden path carries no segments");
            break;
    }
    return 0;
}
