#include "minifw/views/problem.hpp"

#include "minifw/exercise.hpp"

// Exercise 06.8: errors as RFC 9457 problem details, application/problem+json.

namespace minifw::views {
namespace {
constexpr const char* kSection = "lessons/06-views/README.md#exercise-068-problem-details";
}

http::Response problem_response(const Problem&) { throw ExerciseNotDone{"06.8", kSection}; }

http::Response problem_error_handler(const http::Request&, std::exception_ptr) {
    throw ExerciseNotDone{"06.8", kSection};
}

}  // namespace minifw::views
