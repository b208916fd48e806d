#include "minifw/cgi/environment.hpp"
#include "minifw/exercise.hpp"

// Exercise 03.1: the RFC 3875 meta-variables a script receives for a request.
// Everything in this file.

namespace minifw::cgi {
namespace {
constexpr const char* kSection =
    "lessons/03-cgi/README.md#exercise-031-meta-variables-from-a-request";
}

// "User-Agent" -> "HTTP_USER_AGENT"; nullopt for the fields a script must not see.
std::optional<std::string> header_variable(std::string_view) {
    throw ExerciseNotDone{"03.1", kSection};
}

// The path is the mount itself or below it, at a '/' boundary.
bool is_mounted_at(std::string_view, std::string_view) { throw ExerciseNotDone{"03.1", kSection}; }

// GATEWAY_INTERFACE, SERVER_*, REQUEST_METHOD, SCRIPT_NAME, PATH_INFO,
// QUERY_STRING, REMOTE_*, CONTENT_*, then HTTP_* for the header fields.
Environment meta_variables(const http::Request&, const ServerInfo&) {
    throw ExerciseNotDone{"03.1", kSection};
}

}  // namespace minifw::cgi
