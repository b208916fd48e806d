#include "minifw/exercise.hpp"
#include "minifw/http/connection.hpp"

// Exercise 02.6: decide from the version and the Connection field whether
// the connection stays open after this request is answered.

namespace minifw::http {

bool keep_alive(const Request&) {
    throw ExerciseNotDone{"02.6", "lessons/02-http/README.md#exercise-026-persistent-connections"};
}

}  // namespace minifw::http
