#include "minifw/cgi/process.hpp"
#include "minifw/exercise.hpp"

namespace minifw::cgi {

// Exercise 03.2: posix_spawn with three pipes, an explicit environment and a
// new process group; poll until done or the deadline, kill the group, reap.
ProcessResult run_process(const ProcessSpec&) {
    throw ExerciseNotDone{
        "03.2", "lessons/03-cgi/README.md#exercise-032-spawning-a-script-without-a-shell"};
}

}  // namespace minifw::cgi
