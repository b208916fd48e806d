#pragma once
/// @file
/// Starting a program the way a CGI server must, and never losing track of
/// it (stage 03, exercise 03.2). run_process (exercise 03.3) talks to the
/// child this starts.

#include <sys/types.h>

#include "minifw/cgi/process.hpp"

namespace minifw::cgi {

/// A started child process that this object alone owns. Its destructor
/// kills the child's whole process group and reaps it, unless wait() has
/// already reaped it: whatever happens after the start, no exception leaves
/// a running script or a zombie behind.
class ChildProcess {
public:
    /// Starts `spec.program` with `spec.arguments` and exactly
    /// `spec.environment`, in `spec.working_directory` (when not empty),
    /// with the descriptors `input`, `output` and `errors` as its stdin,
    /// stdout and stderr and no other descriptor open, in a new process group
    /// that it leads, with SIGPIPE, SIGHUP, SIGINT, SIGQUIT and SIGTERM at
    /// their default actions and no signal blocked. Never through a shell,
    /// never searched for in PATH. `spec.input`, the timeout and the limits
    /// are run_process's business, not this one's.
    ///
    /// Throws std::invalid_argument naming the program when its path is not
    /// absolute, or naming the variable when an environment entry cannot be
    /// passed (an empty name, '=' or NUL in a name, NUL in a value); and
    /// std::system_error, with the error of posix_spawn(3) as its code and a
    /// message naming the program and the likely fix, when it cannot start.
    ChildProcess(const ProcessSpec& spec, int input, int output, int errors);
    /// Kills the process group and reaps the child, unless already reaped.
    ~ChildProcess();
    // One owner: a copy would kill and reap the same child twice.
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    /// The child's process id, which is also its process group's id; -1
    /// once reaped.
    pid_t pid() const noexcept { return pid_; }

    /// Sends SIGKILL to the child's whole process group (kill(-pid)), which
    /// takes whatever the script started as well. Safe until wait(): the
    /// pid of an unreaped child cannot be reused.
    void kill_group() const;

    /// Blocks until the child has exited, reaps it (waitpid, retried on
    /// EINTR) and returns its wait status for WIFEXITED, WEXITSTATUS,
    /// WIFSIGNALED and WTERMSIG.
    int wait();

private:
    pid_t pid_ = -1;  ///< the child, or -1 once reaped
};

}  // namespace minifw::cgi
