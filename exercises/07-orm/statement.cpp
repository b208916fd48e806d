#include "minifw/exercise.hpp"
#include "minifw/orm/database.hpp"

// Exercise 07.2: prepare one statement, bind every value by index with
// sqlite3_bind_*, step, read columns, reset for the next run.

namespace minifw::orm {
namespace {
constexpr const char* kSection = "lessons/07-orm/README.md#exercise-072-statements-and-binding";
}

Statement::Statement(Database& db, std::string_view) : db_(db) {
    throw ExerciseNotDone{"07.2", kSection};
}

Statement::~Statement() {}

void Statement::bind(int, const Value&) { throw ExerciseNotDone{"07.2", kSection}; }

void Statement::bind_all(std::span<const Value>) { throw ExerciseNotDone{"07.2", kSection}; }

bool Statement::step() { throw ExerciseNotDone{"07.2", kSection}; }

int Statement::column_count() const { throw ExerciseNotDone{"07.2", kSection}; }

std::string Statement::column_name(int) const { throw ExerciseNotDone{"07.2", kSection}; }

Value Statement::column(int) const { throw ExerciseNotDone{"07.2", kSection}; }

void Statement::reset() { throw ExerciseNotDone{"07.2", kSection}; }

}  // namespace minifw::orm
