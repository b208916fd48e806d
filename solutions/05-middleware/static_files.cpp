#include "minifw/middleware/static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "minifw/http/status.hpp"
#include "minifw/middleware/mime_types.hpp"
#include "minifw/middleware/safe_path.hpp"
#include "minifw/middleware/validators.hpp"
#include "minifw/net/unique_fd.hpp"

namespace minifw::middleware {
namespace {

struct Mount {
    std::string prefix;  // without a trailing '/': "" mounts at the root
    net::UniqueFd root;
    StaticOptions options;
};

// The part of `path` below the mount point, starting with '/' or empty when
// the path is the mount point itself; nothing when it is elsewhere
// ("/staticx" is not below "/static").
std::optional<std::string_view> below(std::string_view path, std::string_view prefix) {
    if (!path.starts_with(prefix)) {
        return std::nullopt;
    }
    std::string_view rest = path.substr(prefix.size());
    if (!rest.empty() && rest.front() != '/') {
        return std::nullopt;
    }
    if (prefix.empty() && rest.empty()) {
        return std::nullopt;  // not a path at all (such as "*")
    }
    return rest;
}

http::Response redirect_to_directory(const http::Request& request) {
    // Relative links in an index page resolve against the URL, so the
    // directory must be asked for with its slash. The path passed
    // parse_url_path, so it cannot turn into "//host" here.
    std::string location(request.path());
    location += '/';
    if (!request.query().empty()) {
        location += '?';
        location += request.query();
    }
    http::Response response = http::Response::text(301, "moved to " + location + "\n");
    response.headers.set("Location", location);
    return response;
}

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

http::Response serve_file(const Mount& mount, const http::Request& request,
                          std::shared_ptr<const net::UniqueFd> file, const struct stat& info,
                          std::string_view name) {
    const auto size = static_cast<std::uint64_t>(info.st_size);
    const std::string etag = make_etag(size, mtime_ns(info));

    http::Response response;
    response.headers.set("ETag", etag);
    if (!mount.options.cache_control.empty()) {
        response.headers.set("Cache-Control", mount.options.cache_control);
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
    response.file = http::FileRange{file, offset, length};
    return response;
}

struct stat stat_of(int fd) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        throw std::system_error(errno, std::generic_category(), "fstat a static file");
    }
    return info;
}

http::Response handle(const Mount& mount, http::Context& context, Next& next) {
    const http::Request& request = context.request();
    auto rest = below(request.path(), mount.prefix);
    if (!rest || (request.method != "GET" && request.method != "HEAD")) {
        return next(context);
    }
    if (rest->empty()) {
        return redirect_to_directory(request);  // "/static" names the root directory
    }
    UrlPath path = parse_url_path(*rest);
    if (path.status == PathStatus::malformed) {
        return http::Response::text(400,
                                    "malformed path: a '%' must be followed by two hex digits\n");
    }
    if (path.status == PathStatus::forbidden) {
        return http::Response::text(403, std::string(http::reason_phrase(403)) + "\n");
    }
    OpenedFile file = open_below(mount.root.get(), path.segments);
    if (file.status == OpenStatus::not_found) {
        return next(context);
    }
    if (file.status == OpenStatus::forbidden) {
        return http::Response::text(403, std::string(http::reason_phrase(403)) + "\n");
    }
    struct stat info = stat_of(file.fd.get());
    std::string_view name = path.segments.empty() ? std::string_view{} : path.segments.back();

    if (S_ISDIR(info.st_mode)) {
        if (!path.trailing_slash) {
            return redirect_to_directory(request);
        }
        if (mount.options.index_file.empty()) {
            return next(context);  // no directory listings
        }
        const std::string index[] = {mount.options.index_file};
        OpenedFile index_file = open_below(file.fd.get(), index);
        if (index_file.status == OpenStatus::not_found) {
            return next(context);
        }
        if (index_file.status == OpenStatus::forbidden) {
            return http::Response::text(403, std::string(http::reason_phrase(403)) + "\n");
        }
        file = std::move(index_file);
        info = stat_of(file.fd.get());
        name = mount.options.index_file;
    } else if (path.trailing_slash) {
        return next(context);  // "/site.css/" names no file
    }
    if (!S_ISREG(info.st_mode)) {
        return next(context);  // FIFOs, sockets, devices: not ours to serve
    }
    return serve_file(mount, request, std::make_shared<const net::UniqueFd>(std::move(file.fd)),
                      info, name);
}

}  // namespace

Layer static_files(std::string url_prefix, const std::filesystem::path& root,
                   StaticOptions options) {
    if (!url_prefix.starts_with('/')) {
        throw std::invalid_argument("static_files: the URL prefix '" + url_prefix +
                                    "' must start with '/', such as \"/static\" or \"/\"");
    }
    while (!url_prefix.empty() && url_prefix.back() == '/') {
        url_prefix.pop_back();
    }
    net::UniqueFd root_fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root_fd) {
        throw std::system_error(errno, std::generic_category(),
                                "static_files: open the root directory '" + root.string() + "'");
    }
    auto mount = std::make_shared<const Mount>(
        Mount{std::move(url_prefix), std::move(root_fd), std::move(options)});
    return [mount](http::Context& context, Next& next) { return handle(*mount, context, next); };
}

}  // namespace minifw::middleware
