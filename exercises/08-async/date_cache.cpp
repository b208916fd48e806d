#include "minifw/async/date.hpp"
#include "minifw/exercise.hpp"

namespace minifw::async {

std::string_view cached_http_date() {
    // Exercise 08.1: keep this thread's Date text, and format it again
    // (http::http_date) only when the second has changed.
    throw ExerciseNotDone{"08.1", "lessons/08-async/README.md#exercise-081-the-date-once-a-second"};
}

}  // namespace minifw::async
