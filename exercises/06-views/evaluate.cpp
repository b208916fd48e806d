#include "minifw/exercise.hpp"
#include "minifw/views/template.hpp"

// Exercise 06.6: the value of an expression while a template renders: its
// dotted name looked up in the open loops and then in the data, then its
// filters (upper, lower, length, default, safe).

namespace minifw::views {

ValueRef evaluate(const Expression&, const Scope&, std::optional<boost::json::value>&, bool&) {
    throw ExerciseNotDone{"06.6", "lessons/06-views/README.md#exercise-066-looking-values-up"};
}

}  // namespace minifw::views
