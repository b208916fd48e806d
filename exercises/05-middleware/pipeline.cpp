#include "minifw/middleware/pipeline.hpp"
#include "minifw/exercise.hpp"

// Exercise 05.1: build() returns a Handler that runs the layers around the endpoint
// (define detail::Chain here); Next refuses a second call; catch and respond_to_exception.

namespace minifw::middleware {
namespace {
constexpr const char* kSection = "lessons/05-middleware/README.md#exercise-051-the-onion";
}

http::Response Next::operator()(http::Context&) { throw ExerciseNotDone{"05.1", kSection}; }

Pipeline& Pipeline::use(std::string, Layer) { throw ExerciseNotDone{"05.1", kSection}; }

Pipeline& Pipeline::on_error(ErrorHandler) { throw ExerciseNotDone{"05.1", kSection}; }

http::Handler Pipeline::build(http::Handler) const { throw ExerciseNotDone{"05.1", kSection}; }

}  // namespace minifw::middleware
