#include "minifw/exercise.hpp"
#include "minifw/routing/pattern.hpp"

// Exercise 04.2 (part 1): decide whether one request segment fits one
// pattern segment. The route list and the route tree both use these.

namespace minifw::routing {
namespace {
constexpr const char* kSection =
    "lessons/04-routing/README.md#exercise-042-a-first-match-route-list";
}

// An optional '-' and digits that fit std::int64_t, nothing else.
std::optional<std::int64_t> parse_int_segment(std::string_view) {
    throw ExerciseNotDone{"04.2", kSection};
}

// One comparison per SegmentKind: equal text, an integer, non-empty, anything.
bool segment_matches(const Segment&, std::string_view) { throw ExerciseNotDone{"04.2", kSection}; }

// The catch-all's value: the segments joined by '/'.
std::string join_segments(std::span<const std::string>) { throw ExerciseNotDone{"04.2", kSection}; }

}  // namespace minifw::routing
