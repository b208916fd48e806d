#include "minifw/orm/transaction.hpp"
#include "minifw/exercise.hpp"

// Exercise 07.7: BEGIN IMMEDIATE or a SAVEPOINT when made, ROLLBACK in the
// destructor unless committed.

namespace minifw::orm {
namespace {
constexpr const char* kSection =
    "lessons/07-orm/README.md#exercise-077-transactions-and-migrations";
}

Transaction::Transaction(Database& db) : db_(db), level_(0) {
    throw ExerciseNotDone{"07.7", kSection};
}

Transaction::~Transaction() {}

void Transaction::commit() { throw ExerciseNotDone{"07.7", kSection}; }

void Transaction::rollback() { throw ExerciseNotDone{"07.7", kSection}; }

void Transaction::finish(bool) { throw ExerciseNotDone{"07.7", kSection}; }

}  // namespace minifw::orm
