#include "minifw/routing/route_tree.hpp"
#include "minifw/exercise.hpp"

// Exercise 04.3: the route tree. Insert walks down one node per segment,
// creating what is missing; match tries literal, int, plain, catch-all.

namespace minifw::routing {
namespace {
constexpr const char* kSection =
    "lessons/04-routing/README.md#exercise-043-a-route-tree-matched-by-specificity";
}

// Walk or create one node per segment; a leaf already there is a RouteConflict.
void RouteTree::insert(std::string_view, std::size_t) { throw ExerciseNotDone{"04.3", kSection}; }

// Start at the root (nodes_[0]) with no captured values.
std::optional<Match> RouteTree::match(std::span<const std::string>) const {
    throw ExerciseNotDone{"04.3", kSection};
}

// Most specific child first; when a branch returns nullopt, try the next kind.
std::optional<Match> RouteTree::match_from(std::size_t, std::span<const std::string>,
                                           std::vector<std::string>&) const {
    throw ExerciseNotDone{"04.3", kSection};
}

}  // namespace minifw::routing
