#include "minifw/http/response.hpp"
#include "minifw/exercise.hpp"

// Exercise 02.6: turn a Response into bytes: status line, Date,
// Content-Length, Connection: close, the handler's fields, a blank line, the body.

namespace minifw::http {

std::string serialize(const Response&, const SerializeOptions&) {
    throw ExerciseNotDone{"02.6", "lessons/02-http/README.md#exercise-026-writing-a-response"};
}

}  // namespace minifw::http
