#include "minifw/middleware/errors.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "minifw/http/connection.hpp"
#include "minifw/http/status.hpp"
#include "minifw/log.hpp"

namespace minifw::middleware {
namespace {

http::Response internal_error() {
    return http::Response::text(500, std::string(http::reason_phrase(500)) + "\n");
}

// One line through the process's log sink, which keeps a target or message
// holding a newline from forging a second line.
void report(const http::Request& request, std::string_view what) {
    log_line("minifw: " + request.method + " " + request.target + " failed: " + std::string(what));
}

}  // namespace

http::Response default_error_handler(const http::Request& request, std::exception_ptr error) {
    // The connection's policy (exercise 02.8): one set of rules for what a
    // client may learn of a failure, whichever part of the server caught it.
    return http::error_response(request, std::move(error));
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
