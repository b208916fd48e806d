#pragma once
// One Handler that the examples of this stage serve both ways: called in the
// server's process, and built into a CGI program that runs once per request.
// The process id in the answer shows which is which.

#include <unistd.h>

#include <string>
#include <string_view>

#include "minifw/http/handler.hpp"

namespace examples {

inline minifw::http::Response greet(const minifw::http::Request& request) {
    std::string_view path = request.path();
    std::string_view name = path.substr(path.rfind('/') + 1);
    return minifw::http::Response::text(
        200, "Hello, " + std::string(name.empty() ? "stranger" : name) + ", from process " +
                 std::to_string(::getpid()) + ".\n");
}

}  // namespace examples
