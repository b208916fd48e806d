#include "minifw/exercise.hpp"
#include "minifw/routing/router.hpp"

// Exercise 04.5 (part 1): route groups. A group only remembers a prefix and
// puts it in front of every pattern added through it.

namespace minifw::routing {
namespace {
constexpr const char* kSection =
    "lessons/04-routing/README.md#exercise-045-route-groups-and-reverse-routing";
}

// Check the prefix as a pattern; "/" adds nothing.
RouteGroup Router::group(std::string_view) { throw ExerciseNotDone{"04.5", kSection}; }

// This group's prefix, then the new one.
RouteGroup RouteGroup::group(std::string_view) const { throw ExerciseNotDone{"04.5", kSection}; }

// Router::add with the prefix in front ("/" means the prefix itself).
RouteGroup& RouteGroup::add(std::string_view, std::string_view, RouteHandler, std::string_view) {
    throw ExerciseNotDone{"04.5", kSection};
}

}  // namespace minifw::routing
