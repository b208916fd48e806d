#include "minifw/middleware/access_log.hpp"

#include <chrono>
#include <cstdio>
#include <string>

#include "minifw/middleware/request_id.hpp"

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

Layer access_log(LogSink sink) {
    return [sink = std::move(sink)](http::Context& context, Next& next) {
        const http::Request& request = context.request();
        auto start = std::chrono::steady_clock::now();
        // The pipeline turns an exception inside into a response, so there is
        // always a status to log.
        http::Response response = next(context);
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
        line += " HTTP/" + std::to_string(request.version_major) + '.' +
                std::to_string(request.version_minor) + "\" " + std::to_string(response.status) +
                ' ';
        // A file body is counted without reading it; a chunked one is not
        // known until it has been sent, after this line.
        auto length = response.content_length();
        line += length ? std::to_string(*length) : std::string("-");
        line += ' ';
        line += std::to_string(micros);
        line += "us ";
        // From the context, wherever the request_id layer found or made it.
        append_field(line, request_id_of(context));
        sink(line);
        return response;
    };
}

}  // namespace minifw::middleware
