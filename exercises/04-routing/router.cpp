#include "minifw/routing/router.hpp"
#include "minifw/exercise.hpp"

// Exercise 04.4: one route tree per method, and the answers a router owes
// when no route fits: 400, 404, 405 with Allow, HEAD from GET, OPTIONS.

namespace minifw::routing {
namespace {
constexpr const char* kSection =
    "lessons/04-routing/README.md#exercise-044-dispatch-404-405-head-and-options";
}

// Check the method and the name, insert into the method's tree, keep the route.
Router& Router::add(std::string_view, std::string_view, RouteHandler, std::string_view) {
    throw ExerciseNotDone{"04.4", kSection};
}

// Split the path, find the route for the method (GET for HEAD), record the
// match in the context, call the route's handler; else 404/405.
http::Response Router::handle(http::Context&) const { throw ExerciseNotDone{"04.4", kSection}; }

}  // namespace minifw::routing
