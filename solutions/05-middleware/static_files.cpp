#include "minifw/middleware/static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "minifw/http/status.hpp"
#include "minifw/middleware/safe_path.hpp"
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
    return file_response(request, std::make_shared<const net::UniqueFd>(std::move(file.fd)), info,
                         name, mount.options);
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
