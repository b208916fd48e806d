#include "minifw/middleware/errors.hpp"
#include "minifw/exercise.hpp"

// Exercise 05.2: the default error handler applies the connection's error
// policy (http::error_response, exercise 02.8); a failing error handler
// still yields a response.

namespace minifw::middleware {
namespace {
constexpr const char* kSection =
    "lessons/05-middleware/README.md#exercise-052-errors-become-responses";
}

http::Response default_error_handler(const http::Request&, std::exception_ptr) {
    throw ExerciseNotDone{"05.2", kSection};
}

http::Response respond_to_exception(const ErrorHandler&, const http::Request&, std::exception_ptr) {
    throw ExerciseNotDone{"05.2", kSection};
}

}  // namespace minifw::middleware
