#include "minifw/http/connection.hpp"
#include "minifw/exercise.hpp"

// Exercise 02.7: read, feed the parser, answer each request in order, and
// close when the request, an error or max_requests says so.

namespace minifw::http {

std::size_t serve_connection(int, const Handler&, const ConnectionOptions&) {
    throw ExerciseNotDone{"02.7", "lessons/02-http/README.md#exercise-027-the-connection-loop"};
}

}  // namespace minifw::http
