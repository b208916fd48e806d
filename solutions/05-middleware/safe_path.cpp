#include "minifw/middleware/safe_path.hpp"

#include <fcntl.h>

#include <cerrno>
#include <optional>
#include <system_error>
#include <utility>

#include "minifw/util/percent.hpp"

namespace minifw::middleware {
namespace {

// A decoded segment we are willing to hand to openat() as a file name.
bool is_safe_name(std::string_view name) noexcept {
    // A leading dot covers ".", ".." and hidden files such as ".git" or
    // ".env" in one rule; '/' and '\\' would start another segment (the
    // latter on Windows). A NUL never gets here: the decoder refuses it.
    return !name.empty() && name.front() != '.' &&
           name.find_first_of("/\\") == std::string_view::npos;
}

}  // namespace

UrlPath parse_url_path(std::string_view path) {
    UrlPath result;
    if (path.empty() || path.front() != '/') {
        result.status = PathStatus::malformed;
        return result;
    }
    path.remove_prefix(1);
    if (path.empty()) {
        result.trailing_slash = true;  // "/": the root directory itself
        return result;
    }
    if (path.back() == '/') {
        result.trailing_slash = true;
        path.remove_suffix(1);
    }
    // Split first, decode second: "a%2fb" must stay one (forbidden) segment.
    while (true) {
        auto slash = path.find('/');
        // The framework's one decoder (RFC 3986 2.1; '+' stays a plus sign
        // in a path), with its one policy: a bad escape, a NUL and invalid
        // UTF-8 are malformed here as they are to the router.
        util::PercentDecoded decoded = util::percent_decode(path.substr(0, slash));
        if (!decoded) {
            return UrlPath{PathStatus::malformed, {}, false};
        }
        if (!is_safe_name(decoded.text)) {
            return UrlPath{PathStatus::forbidden, {}, false};
        }
        result.segments.push_back(std::move(decoded.text));
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash + 1);
    }
    return result;
}

OpenedFile open_below(int root_dir, std::span<const std::string> segments) {
    // O_NOFOLLOW refuses a symbolic link as the segment being opened (ELOOP);
    // opening one segment at a time puts every segment in that position, so
    // no link is followed anywhere on the way. O_NONBLOCK keeps a FIFO from
    // blocking the open; it changes nothing for regular files.
    constexpr int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
    net::UniqueFd current;  // stays empty while we are still at the root
    for (const std::string& segment : segments) {
        int parent = current ? current.get() : root_dir;
        net::UniqueFd child(::openat(parent, segment.c_str(), flags));
        if (!child) {
            switch (errno) {
                case ENOENT:
                case ENOTDIR:  // an earlier segment was a file, not a directory
                case ENAMETOOLONG:
                    return {OpenStatus::not_found, {}};
                case ELOOP:  // a symbolic link
                case EACCES:
                    return {OpenStatus::forbidden, {}};
                default:
                    throw std::system_error(errno, std::generic_category(),
                                            "openat '" + segment + "' below the static root");
            }
        }
        current = std::move(child);
    }
    if (!current) {
        // No segments: the caller gets its own descriptor of the root.
        current.reset(::fcntl(root_dir, F_DUPFD_CLOEXEC, 0));
        if (!current) {
            throw std::system_error(errno, std::generic_category(), "duplicate the static root");
        }
    }
    return {OpenStatus::opened, std::move(current)};
}

}  // namespace minifw::middleware
