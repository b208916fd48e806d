#pragma once
/// @file
/// Where the framework's log lines go (given, not an exercise).
///
/// One sink for the whole process, chosen by the application: the connection
/// loop, the error handlers, the CGI runner and the access log all write
/// through it, so redirecting or capturing the log is one call.

#include <functional>
#include <string_view>

namespace minifw {

/// Receives one finished log line, without the newline. Called on the threads
/// that serve requests, possibly at the same time.
using LogSink = std::function<void(std::string_view line)>;

/// A sink that writes each line and a newline to stderr with a single
/// write(2), so lines of concurrent requests never interleave mid-line.
LogSink stderr_sink();

/// Makes `sink` the process's log sink (at first stderr_sink()). An empty
/// sink discards every line. Set it before serving: it is not synchronised
/// with log_line() calls on other threads.
void set_log_sink(LogSink sink);

/// Writes `line` to the process's log sink. Control bytes in it become '?',
/// so text from a request cannot forge a second line.
void log_line(std::string_view line);

}  // namespace minifw
