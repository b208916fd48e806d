#include "minifw/http/connection.hpp"
#include "minifw/exercise.hpp"

// Exercise 02.8: the connection policy. Decide, for each response, whether the
// connection goes on and how the response is framed; and turn an exception
// into the response the client may see.

namespace minifw::http {
namespace {
constexpr const char* kSection = "lessons/02-http/README.md#exercise-028-the-connection-policy";
}

SerializeOptions prepare_response(const Request&, Response&, const Exchange&) {
    throw ExerciseNotDone{"02.8", kSection};
}

Response error_response(const Request&, std::exception_ptr) {
    throw ExerciseNotDone{"02.8", kSection};
}

}  // namespace minifw::http
