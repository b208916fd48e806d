#include "minifw/orm/query.hpp"
#include "minifw/exercise.hpp"

// Exercise 07.5: compile a query to SELECT, COUNT, UPDATE, DELETE and
// INSERT: SQL text with a ? for every value, and the values in order.

namespace minifw::orm {
namespace {
constexpr const char* kSection = "lessons/07-orm/README.md#exercise-075-compiling-the-query";
}

Compiled compile_select(const QuerySpec&) { throw ExerciseNotDone{"07.5", kSection}; }

Compiled compile_count(const QuerySpec&) { throw ExerciseNotDone{"07.5", kSection}; }

Compiled compile_update(const QuerySpec&, std::span<const Assignment>) {
    throw ExerciseNotDone{"07.5", kSection};
}

Compiled compile_delete(const QuerySpec&) { throw ExerciseNotDone{"07.5", kSection}; }

Compiled compile_insert(const ModelInfo&, std::span<const Value>, bool) {
    throw ExerciseNotDone{"07.5", kSection};
}

}  // namespace minifw::orm
