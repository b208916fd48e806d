#include "minifw/cgi/program.hpp"
#include "minifw/exercise.hpp"

// Exercise 03.7: from a Response to CGI output, and one run of a Handler as a
// CGI program that always answers.

namespace minifw::cgi {
namespace {
constexpr const char* kSection = "lessons/03-cgi/README.md#exercise-037-a-handler-as-a-cgi-program";
}

// "Status: 200 OK", the fields, an empty line, the body; every line ends in LF.
std::string to_cgi_output(const http::Response&) { throw ExerciseNotDone{"03.7", kSection}; }

// Body from CONTENT_LENGTH, call the handler, and always print a response.
std::string serve_cgi(const http::Handler&, const Environment&, std::string_view, std::ostream&) {
    throw ExerciseNotDone{"03.7", kSection};
}

}  // namespace minifw::cgi
