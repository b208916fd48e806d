#include "minifw/orm/query.hpp"
#include "minifw/exercise.hpp"

// Exercise 07.5: compile a query to SELECT, COUNT, UPDATE, DELETE and
// INSERT, and run it through a statement cache keyed by the SQL text.

namespace minifw::orm {
namespace {
constexpr const char* kSection =
    "lessons/07-orm/README.md#exercise-075-the-query-and-the-statement-cache";
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

Statement& Database::prepare(std::string_view) { throw ExerciseNotDone{"07.5", kSection}; }

ResultSet Database::run(std::string_view, std::span<const Value>) {
    throw ExerciseNotDone{"07.5", kSection};
}

}  // namespace minifw::orm
