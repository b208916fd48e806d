#include "minifw/exercise.hpp"
#include "minifw/middleware/static_files.hpp"

// Exercise 05.7: the response for one open file: ETag and Cache-Control, then a 304,
// or the type, Last-Modified and Accept-Ranges with a 206, 416 or 200 whose body is
// the file itself.

namespace minifw::middleware {
namespace {
constexpr const char* kSection =
    "lessons/05-middleware/README.md#exercise-057-one-file-etag-304-and-ranges";
}

http::Response file_response(const http::Request&, std::shared_ptr<const net::UniqueFd>,
                             const struct stat&, std::string_view, const StaticOptions&) {
    throw ExerciseNotDone{"05.7", kSection};
}

}  // namespace minifw::middleware
