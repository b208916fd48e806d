#include "minifw/exercise.hpp"
#include "minifw/http/connection.hpp"

// Exercise 02.7: decide from the version and the Connection field whether
// the connection stays open after this request is answered.

namespace minifw::http {

bool keep_alive(const Request&) {
    throw ExerciseNotDone{"02.7", "lessons/02-http/README.md#exercise-027-persistent-connections"};
}

}  // namespace minifw::http
