#include "minifw/exercise.hpp"
#include "minifw/orm/model.hpp"
#include "minifw/orm/value.hpp"

// Exercise 07.3: read a SQLite value into a field of the model, refusing
// what does not fit with a message naming the table and column; find each
// field's column in a result once.

namespace minifw::orm {
namespace {
constexpr const char* kSection = "lessons/07-orm/README.md#exercise-073-rows-into-structs";
}

void from_value(const Value&, std::int64_t&, ColumnRef) { throw ExerciseNotDone{"07.3", kSection}; }

void from_value(const Value&, int&, ColumnRef) { throw ExerciseNotDone{"07.3", kSection}; }

void from_value(const Value&, bool&, ColumnRef) { throw ExerciseNotDone{"07.3", kSection}; }

void from_value(const Value&, double&, ColumnRef) { throw ExerciseNotDone{"07.3", kSection}; }

void from_value(const Value&, std::string&, ColumnRef) { throw ExerciseNotDone{"07.3", kSection}; }

void from_value(const Value&, Blob&, ColumnRef) { throw ExerciseNotDone{"07.3", kSection}; }

RowReader::RowReader(const ModelInfo& model, std::span<const std::string>) : model_(model) {
    throw ExerciseNotDone{"07.3", kSection};
}

}  // namespace minifw::orm
