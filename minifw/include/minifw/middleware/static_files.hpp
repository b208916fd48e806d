#pragma once
/// @file
/// Serving files from a directory (stage 05): the response for one open file
/// (exercise 05.7), and the layer that maps a URL onto a file (exercise 05.8).

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/net/unique_fd.hpp"

namespace minifw::middleware {

/// Settings of the static-files layer.
struct StaticOptions {
    std::string index_file = "index.html";   ///< served for a path ending in '/'; empty: none
    std::string cache_control = "no-cache";  ///< sent with every file; empty: not sent
};

/// The response to a GET or HEAD `request` for the regular file `file`, whose
/// fstat(2) is `info` and whose name (for mime_type) is `name`.
///
/// Always: ETag (make_etag of st_size and st_mtim) and Cache-Control (when
/// `options.cache_control` is not empty). Then, in the order RFC 9110 13.2.2
/// gives: 304 with only those two fields when If-None-Match matches the tag
/// (none_match); else Content-Type, Last-Modified (http::http_date of the
/// mtime) and "Accept-Ranges: bytes", and for a GET whose Range is one
/// "bytes=" range (RFC 9110 14.1.2), with no If-Range or one equal to the
/// tag (13.1.5): 206 with "Content-Range: bytes first-last/size", or 416
/// with "Content-Range: bytes */size" when it starts past the end; any other
/// Range (several ranges, another unit, not numbers) is ignored: 200.
/// The body is never read: it is a http::FileRange over `file`.
http::Response file_response(const http::Request& request,
                             std::shared_ptr<const net::UniqueFd> file, const struct stat& info,
                             std::string_view name, const StaticOptions& options = {});

/// A layer that serves the files below `root` for GET and HEAD requests whose
/// path is `url_prefix` or starts with `url_prefix` + "/" ("/" serves every
/// path). Everything else goes to the layers inside.
///
/// The rest of the path goes through parse_url_path and open_below: a
/// malformed path is a 400, a forbidden one (such as "..", encoded or not,
/// or a symbolic link) a 403, both without calling the layers inside; a file
/// that does not exist is passed on, so routes can share the prefix. A file
/// that is a regular file is answered by file_response, whose body is the
/// open file itself (a http::FileRange), which the server sends with
/// sendfile(2): memory does not grow with the file, and HEAD never reads it.
/// A directory is answered with its index file when the path ends in '/',
/// else with a 301 to the path with '/' appended (and the query kept).
///
/// `root` is opened once, here: throws std::system_error naming it when it is
/// not a directory that can be opened, and std::invalid_argument when
/// `url_prefix` does not start with '/'.
Layer static_files(std::string url_prefix, const std::filesystem::path& root,
                   StaticOptions options = {});

}  // namespace minifw::middleware
