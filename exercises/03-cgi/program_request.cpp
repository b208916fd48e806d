#include "minifw/cgi/program.hpp"
#include "minifw/exercise.hpp"

// Exercise 03.6: the way back, from meta-variables to the Request a server was
// answering, so that a Handler can run where a CGI script would.

namespace minifw::cgi {

// The inverse of meta_variables(): method, target, version, header fields, body.
http::Request request_from_environment(const Environment&, std::string) {
    throw ExerciseNotDone{
        "03.6", "lessons/03-cgi/README.md#exercise-036-meta-variables-back-into-a-request"};
}

}  // namespace minifw::cgi
