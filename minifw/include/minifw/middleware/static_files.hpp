#pragma once
/// @file
/// Serving files from a directory (stage 05, exercise 05.6).

#include <cstdint>
#include <filesystem>
#include <string>

#include "minifw/middleware/pipeline.hpp"

namespace minifw::middleware {

/// Settings of the static-files layer.
struct StaticOptions {
    std::string index_file = "index.html";   ///< served for a path ending in '/'; empty: none
    std::string cache_control = "no-cache";  ///< sent with every file; empty: not sent
};

/// A layer that serves the files below `root` for GET and HEAD requests whose
/// path is `url_prefix` or starts with `url_prefix` + "/" ("/" serves every
/// path). Everything else goes to the layers inside.
///
/// The rest of the path goes through parse_url_path and open_below: a
/// malformed path is a 400, a forbidden one (such as "..", encoded or not,
/// or a symbolic link) a 403, both without calling the layers inside; a file
/// that does not exist is passed on, so routes can share the prefix. A file
/// is answered with Content-Type (mime_type), ETag (make_etag),
/// Last-Modified, Cache-Control and Accept-Ranges; 304 without a body when
/// If-None-Match matches; 206 for one satisfiable "bytes=" Range on a GET
/// (416 when unsatisfiable). The body is the open file itself (a
/// http::FileRange), which the server sends with sendfile(2): memory does not
/// grow with the file, and HEAD never reads it. A directory is answered with its index file when
/// the path ends in '/', else with a 301 to the path with '/' appended.
///
/// `root` is opened once, here: throws std::system_error naming it when it is
/// not a directory that can be opened, and std::invalid_argument when
/// `url_prefix` does not start with '/'.
Layer static_files(std::string url_prefix, const std::filesystem::path& root,
                   StaticOptions options = {});

}  // namespace minifw::middleware
