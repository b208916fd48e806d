#pragma once
/// @file
/// One log line per request (stage 05, exercise 05.3).

#include <functional>
#include <string_view>

#include "minifw/middleware/pipeline.hpp"

namespace minifw::middleware {

/// Receives one finished log line, without the newline. Called on the threads
/// that serve requests, possibly at the same time.
using LogSink = std::function<void(std::string_view line)>;

/// A sink that writes each line and a newline to stderr with a single
/// write(2), so lines of concurrent requests never interleave mid-line.
LogSink stderr_sink();

/// A layer that writes one line per request once its response is known:
///
///     127.0.0.1 "GET /index.html?v=2 HTTP/1.1" 200 5120 153us 3f9c0e...
///
/// The peer's address ("-" if unknown), the request line, the status, the
/// body size in bytes, the time spent inside this layer in microseconds, and
/// the request's X-Request-Id ("-" if none). In the address, request line and
/// id, a byte outside printable ASCII becomes `\xNN`, and `"` and `\` are
/// escaped, so a crafted request cannot forge a line. A failing endpoint is
/// logged with the 500 it was answered with.
Layer access_log(LogSink sink = stderr_sink());

}  // namespace minifw::middleware
