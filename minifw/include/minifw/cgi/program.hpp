#pragma once
/// @file
/// The other side of the gateway: an in-process Handler run as a CGI
/// program, which shows that a script and a Handler are one contract
/// (stage 03, exercises 03.6 and 03.7).

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <iostream>
#include <string>
#include <string_view>

#include "minifw/cgi/environment.hpp"
#include "minifw/http/handler.hpp"

extern char** environ;  // POSIX: the process environment, "NAME=value" strings

namespace minifw::cgi {

/// Rebuilds the request a CGI program was started for from its
/// meta-variables (the inverse of meta_variables()): REQUEST_METHOD, the
/// target from SCRIPT_NAME + PATH_INFO (percent-encoded again) and
/// QUERY_STRING, the version from SERVER_PROTOCOL, header fields from
/// CONTENT_TYPE, CONTENT_LENGTH and HTTP_* ("HTTP_X_TRACE_ID" becomes
/// "X-Trace-Id"), and REMOTE_ADDR. Throws std::invalid_argument when
/// REQUEST_METHOD is missing (the program was not started by a server).
http::Request request_from_environment(const Environment& environment, std::string body);

/// What a CGI program prints for `response`: a Status line, the header
/// fields, an empty line and the body, each line ended by LF (RFC 3875 6,
/// 7.2). Throws std::invalid_argument for a status outside 100..599, a
/// field name that is not a token, or a value holding CR, LF or NUL (it
/// would end the header block early: response splitting).
std::string to_cgi_output(const http::Response& response);

/// Runs `handler` once, as a CGI program does: the body is the first
/// CONTENT_LENGTH bytes of `input` (none without CONTENT_LENGTH, RFC 3875
/// 4.2), the request comes from `environment`, the response is returned as
/// CGI output. Always returns a response, as a script must (RFC 3875 6.1):
/// a body shorter than CONTENT_LENGTH is a 400, an http::HttpError its own
/// status, any other exception a 500; their messages go to `errors`, which
/// the server reads as the script's stderr.
std::string serve_cgi(const http::Handler& handler, const Environment& environment,
                      std::string_view input, std::ostream& errors);

/// This process's environment as an Environment (given, not an exercise).
inline Environment current_environment() {
    Environment result;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string_view text = *entry;
        auto equals = text.find('=');
        if (equals != std::string_view::npos) {
            result.emplace(text.substr(0, equals), text.substr(equals + 1));
        }
    }
    return result;
}

/// main() of a CGI program built from a Handler (given, not an exercise):
/// reads no more of stdin than CONTENT_LENGTH, runs serve_cgi() and writes
/// the output to stdout. Returns the process's exit status.
inline int cgi_main(const http::Handler& handler) {
    Environment environment = current_environment();
    std::size_t wanted = 0;
    if (auto length = environment.find("CONTENT_LENGTH"); length != environment.end()) {
        const std::string& text = length->second;
        std::from_chars(text.data(), text.data() + text.size(), wanted);
    }
    std::string input;
    char buffer[16 * 1024];
    while (input.size() < wanted) {
        std::size_t want = std::min(sizeof buffer, wanted - input.size());
        ssize_t n = ::read(STDIN_FILENO, buffer, want);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;  // serve_cgi() answers a short body with 400
        }
        input.append(buffer, static_cast<std::size_t>(n));
    }
    std::string output = serve_cgi(handler, environment, input, std::cerr);
    std::string_view rest = output;
    while (!rest.empty()) {
        ssize_t n = ::write(STDOUT_FILENO, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return 1;  // the server stopped reading: nobody is left to answer
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

}  // namespace minifw::cgi
