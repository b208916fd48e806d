#include "minifw/views/negotiate.hpp"

#include "minifw/exercise.hpp"

// Exercise 06.9: parse an Accept field into media ranges: type and subtype,
// parameters (quoted strings too), and q-values in thousandths.

namespace minifw::views {
namespace {
constexpr const char* kSection = "lessons/06-views/README.md#exercise-069-parsing-accept";
}

std::optional<MediaRange> parse_media_range(std::string_view) {
    throw ExerciseNotDone{"06.9", kSection};
}

std::vector<MediaRange> parse_accept(std::string_view) { throw ExerciseNotDone{"06.9", kSection}; }

}  // namespace minifw::views
