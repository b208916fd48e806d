#include "minifw/orm/database.hpp"
#include "minifw/exercise.hpp"

// Exercise 07.1: open the connection (busy timeout, foreign keys, WAL),
// close it, run scripts, and turn SQLite's result codes into exceptions.

namespace minifw::orm {
namespace {
constexpr const char* kSection = "lessons/07-orm/README.md#exercise-071-opening-a-connection";
}

namespace detail {
void throw_error(sqlite3*, int, std::string_view, std::chrono::milliseconds) {
    throw ExerciseNotDone{"07.1", kSection};
}
}  // namespace detail

Database::Database(const std::string&, OpenOptions) { throw ExerciseNotDone{"07.1", kSection}; }

Database::~Database() {}

void Database::execute(std::string_view) { throw ExerciseNotDone{"07.1", kSection}; }

std::int64_t Database::last_insert_rowid() const { throw ExerciseNotDone{"07.1", kSection}; }

std::int64_t Database::changes() const { throw ExerciseNotDone{"07.1", kSection}; }

}  // namespace minifw::orm
