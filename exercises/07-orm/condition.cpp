#include "minifw/orm/condition.hpp"
#include "minifw/exercise.hpp"

// Exercise 07.4: lookups and connectives as a tree that compiles to SQL
// text with `?`s and the values to bind; identifiers checked and quoted.

namespace minifw::orm {
namespace {
constexpr const char* kSection = "lessons/07-orm/README.md#exercise-074-compiling-conditions";
}

std::string quote_identifier(std::string_view) { throw ExerciseNotDone{"07.4", kSection}; }

std::string checked_identifier(const ModelInfo&, std::string_view) {
    throw ExerciseNotDone{"07.4", kSection};
}

std::string escape_like(std::string_view) { throw ExerciseNotDone{"07.4", kSection}; }

void Condition::compile(const ModelInfo&, Compiled&) const {
    throw ExerciseNotDone{"07.4", kSection};
}

Condition operator&&(const Condition&, const Condition&) {
    throw ExerciseNotDone{"07.4", kSection};
}

Condition operator||(const Condition&, const Condition&) {
    throw ExerciseNotDone{"07.4", kSection};
}

Condition operator!(const Condition&) { throw ExerciseNotDone{"07.4", kSection}; }

Condition Field::eq(Value) const { throw ExerciseNotDone{"07.4", kSection}; }
Condition Field::ne(Value) const { throw ExerciseNotDone{"07.4", kSection}; }
Condition Field::lt(Value) const { throw ExerciseNotDone{"07.4", kSection}; }
Condition Field::lte(Value) const { throw ExerciseNotDone{"07.4", kSection}; }
Condition Field::gt(Value) const { throw ExerciseNotDone{"07.4", kSection}; }
Condition Field::gte(Value) const { throw ExerciseNotDone{"07.4", kSection}; }
Condition Field::in(std::vector<Value>) const { throw ExerciseNotDone{"07.4", kSection}; }
Condition Field::like(std::string) const { throw ExerciseNotDone{"07.4", kSection}; }
Condition Field::contains(std::string_view) const { throw ExerciseNotDone{"07.4", kSection}; }
Condition Field::is_null(bool) const { throw ExerciseNotDone{"07.4", kSection}; }

}  // namespace minifw::orm
