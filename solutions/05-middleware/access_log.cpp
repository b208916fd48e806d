#include "minifw/middleware/access_log.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>

namespace minifw::middleware {
namespace {

// Appends `text` so that it cannot end the field or the line it sits in: a
// target holding "\n127.0.0.1 ..." would otherwise forge a second entry.
void append_escaped(std::string& line, std::string_view text) {
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            line += '\\';
            line += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            line += hex;
        } else {
            line += static_cast<char>(c);
        }
    }
}

void append_field(std::string& line, std::string_view value) {
    if (value.empty()) {
        line += '-';
    } else {
        append_escaped(line, value);
    }
}

}  // namespace

LogSink stderr_sink() {
    return [](std::string_view line) {
        std::string out(line);
        out += '\n';
        std::string_view rest = out;
        // A line is far below PIPE_BUF, so one write() lands whole; loop only
        // for the rare partial write to a full terminal or file.
        while (!rest.empty()) {
            ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return;  // nowhere left to report a failed log write
            }
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
    };
}

Layer access_log(LogSink sink) {
    return [sink = std::move(sink)](const http::Request& request, Next& next) {
        auto start = std::chrono::steady_clock::now();
        // The pipeline turns an exception inside into a response, so there is
        // always a status to log.
        http::Response response = next(request);
        auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();

        std::string line;
        line.reserve(96 + request.target.size());
        append_field(line, request.remote_address);
        line += " \"";
        append_escaped(line, request.method);
        line += ' ';
        append_escaped(line, request.target);
        line += " HTTP/";
        line += std::to_string(request.version_major);
        line += '.';
        line += std::to_string(request.version_minor);
        line += "\" ";
        line += std::to_string(response.status);
        line += ' ';
        line += std::to_string(response.body.size());
        line += ' ';
        line += std::to_string(micros);
        line += "us ";
        append_field(line, request.headers.get("X-Request-Id").value_or(""));
        sink(line);
        return response;
    };
}

}  // namespace minifw::middleware
