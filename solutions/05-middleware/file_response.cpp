#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "minifw/http/status.hpp"
#include "minifw/middleware/mime_types.hpp"
#include "minifw/middleware/static_files.hpp"
#include "minifw/middleware/validators.hpp"

namespace minifw::middleware {
namespace {

struct ByteRange {
    std::uint64_t first = 0;
    std::uint64_t last = 0;  // inclusive, as in Content-Range
};

enum class RangeVerdict { ignore, satisfiable, unsatisfiable };

std::optional<std::uint64_t> parse_number(std::string_view text) {
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// One "bytes=" range (RFC 9110 14.1.2). Several ranges, or other units, are
// ignored: a server may always answer a Range with the whole file (14.2).
RangeVerdict parse_range(std::string_view value, std::uint64_t size, ByteRange& out) {
    constexpr std::string_view unit = "bytes=";
    if (value.size() < unit.size() || !http::iequals(value.substr(0, unit.size()), unit)) {
        return RangeVerdict::ignore;
    }
    value.remove_prefix(unit.size());
    auto dash = value.find('-');
    if (dash == std::string_view::npos || value.find(',') != std::string_view::npos) {
        return RangeVerdict::ignore;
    }
    auto first_text = value.substr(0, dash);
    auto last_text = value.substr(dash + 1);
    if (first_text.empty()) {
        // "-500": the last 500 bytes.
        auto suffix = parse_number(last_text);
        if (!suffix) {
            return RangeVerdict::ignore;
        }
        if (*suffix == 0 || size == 0) {
            return RangeVerdict::unsatisfiable;
        }
        out = {size - std::min(*suffix, size), size - 1};
        return RangeVerdict::satisfiable;
    }
    auto first = parse_number(first_text);
    auto last =
        last_text.empty() ? std::optional<std::uint64_t>(UINT64_MAX) : parse_number(last_text);
    if (!first || !last || *last < *first) {
        return RangeVerdict::ignore;
    }
    if (*first >= size) {
        return RangeVerdict::unsatisfiable;
    }
    out = {*first, std::min(*last, size - 1)};
    return RangeVerdict::satisfiable;
}

std::int64_t mtime_ns(const struct stat& info) {
    return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
}

}  // namespace

http::Response file_response(const http::Request& request,
                             std::shared_ptr<const net::UniqueFd> file, const struct stat& info,
                             std::string_view name, const StaticOptions& options) {
    const auto size = static_cast<std::uint64_t>(info.st_size);
    const std::string etag = make_etag(size, mtime_ns(info));

    http::Response response;
    response.headers.set("ETag", etag);
    if (!options.cache_control.empty()) {
        response.headers.set("Cache-Control", options.cache_control);
    }
    // If-None-Match comes before Range (RFC 9110 13.2.2): a client that
    // already holds the file needs no part of it.
    if (auto tags = request.headers.get("If-None-Match"); tags && none_match(*tags, etag)) {
        response.status = 304;  // ETag and Cache-Control only (RFC 9110 15.4.5)
        return response;
    }
    response.headers.set("Content-Type", mime_type(name));
    response.headers.set(
        "Last-Modified",
        http::http_date(std::chrono::system_clock::from_time_t(info.st_mtim.tv_sec)));
    response.headers.set("Accept-Ranges", "bytes");

    std::uint64_t offset = 0;
    std::uint64_t length = size;
    auto range = request.headers.get("Range");
    auto if_range = request.headers.get("If-Range");
    // Range is defined for GET only (RFC 9110 14.2). If-Range asks for the
    // part only if the file is still the one the client has (13.1.5);
    // otherwise the whole file, fresh.
    if (range && request.method == "GET" && (!if_range || *if_range == etag)) {
        ByteRange part;
        switch (parse_range(*range, size, part)) {
            case RangeVerdict::ignore:
                break;
            case RangeVerdict::unsatisfiable:
                response.status = 416;
                response.headers.set("Content-Range", "bytes */" + std::to_string(size));
                return response;
            case RangeVerdict::satisfiable:
                response.status = 206;
                offset = part.first;
                length = part.last - part.first + 1;
                response.headers.set("Content-Range", "bytes " + std::to_string(part.first) + "-" +
                                                          std::to_string(part.last) + "/" +
                                                          std::to_string(size));
                break;
        }
    }
    // The bytes stay in the file: the server sends them with sendfile(2),
    // so memory does not grow with the file, and HEAD (which gets the same
    // Content-Length) never reads it at all.
    response.file = http::FileRange{std::move(file), offset, length};
    return response;
}

}  // namespace minifw::middleware
