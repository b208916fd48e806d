#include "minifw/middleware/static_files.hpp"
#include "minifw/exercise.hpp"

// Exercise 05.8: open the root once; per request, map the path with 05.5, find the file
// or the index of a directory, and answer with file_response (05.7), a redirect or an
// error, or pass the request on.

namespace minifw::middleware {
namespace {
constexpr const char* kSection = "lessons/05-middleware/README.md#exercise-058-serving-a-directory";
}

Layer static_files(std::string, const std::filesystem::path&, StaticOptions) {
    throw ExerciseNotDone{"05.8", kSection};
}

}  // namespace minifw::middleware
