#include "minifw/cgi/handler.hpp"
#include "minifw/exercise.hpp"

namespace minifw::cgi {

// Exercise 03.5: a Handler that runs the script for requests under its mount
// and answers 404, 502, 504 or 500 when the gateway cannot.
http::Handler cgi_handler(CgiConfig) {
    throw ExerciseNotDone{"03.5",
                          "lessons/03-cgi/README.md#exercise-035-mounting-a-script-as-a-handler"};
}

}  // namespace minifw::cgi
