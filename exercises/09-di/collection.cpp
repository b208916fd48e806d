#include "minifw/di/collection.hpp"
#include "minifw/exercise.hpp"

// Exercise 09.1: keep the registrations, then index them into a plan: one
// service per type (a second registration is a problem), each declared
// dependency looked up by its key.

namespace minifw::di {
namespace {
constexpr const char* kSection = "lessons/09-di/README.md#exercise-091-registrations-and-the-plan";
}

ServiceCollection& ServiceCollection::add(Descriptor) { throw ExerciseNotDone{"09.1", kSection}; }

namespace detail {
Plan make_plan(const std::vector<Descriptor>&) { throw ExerciseNotDone{"09.1", kSection}; }
}  // namespace detail

}  // namespace minifw::di
