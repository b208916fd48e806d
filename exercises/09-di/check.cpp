#include "minifw/di/container.hpp"
#include "minifw/exercise.hpp"

// Exercise 09.2: walk the plan's dependency graph and report every missing
// service with its chain, every cycle, and every scoped service a singleton
// would capture.

namespace minifw::di::detail {

std::vector<std::string> check_plan(const Plan&) {
    throw ExerciseNotDone{"09.2", "lessons/09-di/README.md#exercise-092-checking-the-graph"};
}

}  // namespace minifw::di::detail
