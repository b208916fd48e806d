#include "minifw/exercise.hpp"
#include "minifw/views/template.hpp"

// Exercise 06.5: walk the tree with the data: lookups, if, for, filters,
// includes, and every value escaped for its context unless it is safe.

namespace minifw::views {

std::string render(const Template&, const boost::json::value&, const IncludeResolver&) {
    throw ExerciseNotDone{"06.5", "lessons/06-views/README.md#exercise-065-rendering"};
}

}  // namespace minifw::views
