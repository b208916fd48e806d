#pragma once
/// @file
/// A CGI script mounted behind the framework's Handler interface
/// (stage 03, exercise 03.5).

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "minifw/cgi/environment.hpp"
#include "minifw/http/handler.hpp"

namespace minifw::cgi {

/// How one script is mounted and run.
struct CgiConfig {
    /// Absolute path of the executable script.
    std::string script;
    /// SCRIPT_NAME (the URL path it answers, and every path below it) and
    /// the server's name, port and software.
    ServerInfo server;
    /// A script still running after this long is killed and answered 504.
    std::chrono::milliseconds timeout{10'000};
    /// Bytes of output accepted; a script that prints more is answered 502.
    std::size_t max_output = 1024 * 1024;
    /// Variables added to the meta-variables (which win on a clash). PATH
    /// lets a "#!/usr/bin/env python3" line find its interpreter.
    Environment extra_environment{{"PATH", "/usr/local/bin:/usr/bin:/bin"}};
    /// Receives each line the script writes to stderr, and each failure,
    /// prefixed with the script's path. Empty: lines go to the process's
    /// log sink (minifw::log_line).
    std::function<void(std::string_view)> log;
};

/// A Handler that answers a request by running `config.script` as a CGI
/// script (RFC 3875): meta-variables in its environment, the body on its
/// stdin, its stdout parsed as a CGI response.
///
/// A path outside server.script_name is answered 404 without running
/// anything; a script that overruns the timeout 504; one that is killed by
/// a signal, prints more than max_output or prints something that is not a
/// CGI response 502; one that cannot be started 500. The details go to the
/// log, never to the client. Throws std::invalid_argument at once for a
/// configuration that can never work (relative script path, a
/// script_name that does not start with '/' or ends with '/').
http::Handler cgi_handler(CgiConfig config);

}  // namespace minifw::cgi
