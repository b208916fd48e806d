#pragma once
/// @file
/// One log line per request (stage 05, exercise 05.3).

#include "minifw/log.hpp"

#include "minifw/middleware/pipeline.hpp"

namespace minifw::middleware {

/// Receives one finished log line (minifw/log.hpp).
using minifw::LogSink;
/// Writes each line to stderr with one write(2) (minifw/log.hpp).
using minifw::stderr_sink;

/// A layer that writes one line per request once its response is known:
///
///     127.0.0.1 "GET /index.html?v=2 HTTP/1.1" 200 5120 153us 3f9c0e...
///
/// The peer's address ("-" if unknown), the request line, the status, the
/// body size in bytes, the time spent inside this layer in microseconds, and
/// the request's id from the request_id layer, read once the response is
/// known, so wherever that layer runs ("-" if none ran). A body of unknown
/// size (chunks) is logged as "-". In the address, the method, the target
/// and the id, a byte below 0x20 or from 0x7f up becomes `\x` and two
/// lower-case hex digits (a newline is `\x0a`), and `"` and `\` get a `\`
/// in front, so a crafted request cannot forge a line. A failing endpoint is
/// logged with the 500 it was answered with.
Layer access_log(LogSink sink = stderr_sink());

}  // namespace minifw::middleware
