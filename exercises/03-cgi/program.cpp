#include "minifw/cgi/program.hpp"
#include "minifw/exercise.hpp"

// Exercise 03.6: the way back, from meta-variables to a Request and from a
// Response to CGI output, so any Handler can run as a CGI program.

namespace minifw::cgi {
namespace {
constexpr const char* kSection = "lessons/03-cgi/README.md#exercise-036-a-handler-as-a-cgi-program";
}

// The inverse of meta_variables(): method, target, version, header fields, body.
http::Request request_from_environment(const Environment&, std::string) {
    throw ExerciseNotDone{"03.6", kSection};
}

// "Status: 200 OK", the fields, an empty line, the body; every line ends in LF.
std::string to_cgi_output(const http::Response&) { throw ExerciseNotDone{"03.6", kSection}; }

// Body from CONTENT_LENGTH, call the handler, and always print a response.
std::string serve_cgi(const http::Handler&, const Environment&, std::string_view, std::ostream&) {
    throw ExerciseNotDone{"03.6", kSection};
}

}  // namespace minifw::cgi
