#pragma once
/// @file
/// Mapping a URL path onto a file below a root directory without ever leaving
/// it (stage 05, exercise 05.5).

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/net/unique_fd.hpp"

namespace minifw::middleware {

/// The verdict of parse_url_path.
enum class PathStatus {
    ok,         ///< `segments` are safe file names
    malformed,  ///< not a path: no leading '/', or what util::percent_decode refuses (a broken
                ///< %-escape such as "%4" or "%zz", a NUL, invalid UTF-8)
    forbidden,  ///< a path that tries to reach outside, or a hidden file
};

/// A URL path split into file names.
struct UrlPath {
    PathStatus status = PathStatus::ok;  ///< read this first
    std::vector<std::string> segments;   ///< the decoded segments, when ok
    bool trailing_slash = false;         ///< the path ends with '/' (it names a directory)
};

/// Splits a URL path such as "/css/site%20v2.css" (as sent, not decoded)
/// into decoded segments {"css", "site v2.css"}. Each segment is decoded on
/// its own, after splitting, so "%2f" cannot make a new one. A segment is
/// forbidden when it is empty ("a//b"), starts with '.' (which covers "."
/// and ".." in every spelling, such as "%2e%2e", and hidden files such as
/// ".env"), or contains '/' or '\\' once decoded. A segment that does not
/// decode (util::percent_decode: a bad escape, a NUL, invalid UTF-8) makes
/// the path malformed. "/" is ok with no segments.
UrlPath parse_url_path(std::string_view path);

/// The verdict of open_below.
enum class OpenStatus {
    opened,     ///< `fd` is open
    not_found,  ///< a segment does not exist, or one before the last is not a directory
    forbidden,  ///< a symbolic link on the way, or no permission
};

/// What open_below found.
struct OpenedFile {
    OpenStatus status = OpenStatus::not_found;  ///< read this first
    net::UniqueFd fd;                           ///< open for reading, when opened
};

/// Opens `segments` below the directory `root_dir`, one segment at a time with
/// openat(2) and O_NOFOLLOW, so no symbolic link is followed anywhere below
/// the root: not one that leads outside, nor (a policy kept simple) one that
/// stays inside. Empty `segments` opens the root itself. The result may be a
/// directory; the caller checks with fstat. Failures other than the verdicts
/// above throw std::system_error naming the segment.
OpenedFile open_below(int root_dir, std::span<const std::string> segments);

}  // namespace minifw::middleware
