#include "minifw/exercise.hpp"
#include "minifw/views/template.hpp"

// Exercise 06.7: walk the tree with the data: text, if, for (the loop
// variables the Scope of 06.6 sees), includes, and every value evaluate()
// gives escaped for its context unless it is safe.

namespace minifw::views {

std::string render(const Template&, ValueRef, const IncludeResolver&) {
    throw ExerciseNotDone{"06.7", "lessons/06-views/README.md#exercise-067-rendering"};
}

}  // namespace minifw::views
