#include "minifw/cgi/spawn.hpp"
#include "minifw/exercise.hpp"

namespace minifw::cgi {
namespace {
constexpr const char* kSection =
    "lessons/03-cgi/README.md#exercise-032-spawning-a-script-without-a-shell";
}

// Exercise 03.2: posix_spawn with the three descriptors on 0, 1 and 2 and no
// other, an explicit environment, a new process group and default signals;
// kill the group and reap the child in the destructor.
ChildProcess::ChildProcess(const ProcessSpec&, int, int, int) {
    throw ExerciseNotDone{"03.2", kSection};
}

ChildProcess::~ChildProcess() {}

void ChildProcess::kill_group() const { throw ExerciseNotDone{"03.2", kSection}; }

int ChildProcess::wait() { throw ExerciseNotDone{"03.2", kSection}; }

}  // namespace minifw::cgi
