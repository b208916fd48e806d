#include "minifw/middleware/errors.hpp"

#include <iostream>
#include <string>
#include <string_view>
#include <utility>

#include "minifw/http/status.hpp"

namespace minifw::middleware {
namespace {

http::Response internal_error() {
    return http::Response::text(500, std::string(http::reason_phrase(500)) + "\n");
}

// Control bytes become '?': a target or message holding a newline must not
// forge a second line in the server's log.
void append_printable(std::string& line, std::string_view text) {
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        line += (byte < 0x20 || byte == 0x7f) ? '?' : c;
    }
}

// One write per line, so concurrent requests do not mix their messages.
void report(const http::Request& request, std::string_view what) {
    std::string line = "minifw: ";
    append_printable(line, request.method);
    line += ' ';
    append_printable(line, request.target);
    line += " failed: ";
    append_printable(line, what);
    line += '\n';
    std::cerr << line << std::flush;
}

}  // namespace

http::Response default_error_handler(const http::Request& request, std::exception_ptr error) {
    if (!error) {
        return internal_error();  // rethrowing a null exception_ptr is undefined
    }
    try {
        std::rethrow_exception(error);
    } catch (const http::HttpError& e) {
        int status = e.status();
        if (status < 400 || status > 599) {
            report(request, e.what());
            return internal_error();
        }
        if (status >= 500) {
            // A 5xx is our fault; what went wrong is for our log, not the client.
            report(request, e.what());
            return http::Response::text(status, std::string(http::reason_phrase(status)) + "\n");
        }
        return http::Response::text(status, std::string(e.what()) + "\n");
    } catch (const std::exception& e) {
        // The message may hold paths, SQL or secrets: log it, never send it.
        report(request, e.what());
        return internal_error();
    } catch (...) {
        report(request, "an exception that is not a std::exception");
        return internal_error();
    }
}

http::Response respond_to_exception(const ErrorHandler& handler, const http::Request& request,
                                    std::exception_ptr error) {
    if (!handler) {
        return internal_error();
    }
    try {
        return handler(request, std::move(error));
    } catch (const std::exception& e) {
        report(request, std::string("the error handler failed too: ") + e.what());
    } catch (...) {
        report(request, "the error handler failed too");
    }
    return internal_error();
}

}  // namespace minifw::middleware
