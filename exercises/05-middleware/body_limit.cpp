#include "minifw/middleware/body_limit.hpp"
#include "minifw/exercise.hpp"

// Exercise 05.3: a layer that answers 413 when Content-Length or the body is over the limit,
// 400 when Content-Length is not a number, and otherwise calls next.

namespace minifw::middleware {
namespace {
constexpr const char* kSection =
    "lessons/05-middleware/README.md#exercise-053-request-ids-access-logs-and-body-limits";
}

Layer body_limit(std::size_t) { throw ExerciseNotDone{"05.3", kSection}; }

}  // namespace minifw::middleware
