#include "minifw/routing/url.hpp"
#include "minifw/exercise.hpp"

// Exercise 04.1: turn the raw, percent-encoded text of a URL into the values
// a router compares, and back. Everything in this file.

namespace minifw::routing {
namespace {
constexpr const char* kSection =
    "lessons/04-routing/README.md#exercise-041-percent-decoding-and-query-strings";
}

// Split on '/' first, then decode each segment with util::percent_decode, so
// %2F stays inside its segment; what it refuses is an HttpError(400).
std::vector<std::string> split_path(std::string_view) { throw ExerciseNotDone{"04.1", kSection}; }

// Pairs on '&', name and value on the first '=', '+' as a space, then decode;
// keep repeats.
Params parse_query(std::string_view) { throw ExerciseNotDone{"04.1", kSection}; }

// Keep A-Z a-z 0-9 - . _ ~ and write every other byte as %XX (upper-case hex).
std::string percent_encode(std::string_view) { throw ExerciseNotDone{"04.1", kSection}; }

}  // namespace minifw::routing
