#pragma once
/// @file
/// Running a program the way a CGI server must: no shell, an explicit
/// environment, three pipes, a deadline, and nothing left behind
/// (stage 03, exercise 03.3; the start itself is ChildProcess, exercise 03.2).

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "minifw/cgi/environment.hpp"

namespace minifw::cgi {

/// What to run, and the limits it runs under.
struct ProcessSpec {
    /// Absolute path of the executable. Never looked up in PATH and never
    /// handed to a shell, so no byte of a request can become a command.
    std::string program;
    /// argv[1] onwards; argv[0] is `program`.
    std::vector<std::string> arguments;
    /// The child's whole environment: nothing of the server's is inherited.
    Environment environment;
    /// The child's working directory; empty keeps the server's.
    std::string working_directory;
    /// Written to the child's stdin, which is closed afterwards.
    std::string input;
    /// After this long the child and its whole process group are killed.
    std::chrono::milliseconds timeout{10'000};
    /// Bytes of stdout accepted; a child that writes more is killed.
    std::size_t max_output = 1024 * 1024;
    /// Bytes of stderr kept; the rest is read and dropped.
    std::size_t max_errors = 64 * 1024;
};

/// How a child ended, and what it wrote.
struct ProcessResult {
    std::string output;            ///< its stdout (at most max_output bytes)
    std::string errors;            ///< its stderr (at most max_errors bytes)
    int exit_code = -1;            ///< the status it exited with, or -1 if a signal ended it
    int term_signal = 0;           ///< the signal that ended it (SIGKILL after a timeout), or 0
    bool timed_out = false;        ///< killed because the deadline passed
    bool output_overflow = false;  ///< killed because stdout passed max_output
};

/// Starts `spec.program` in a new process group with only stdin, stdout and
/// stderr open, writes `spec.input` to its stdin while reading its stdout
/// and stderr (so no side waits for the other), and returns once the child
/// has been reaped: it never leaves a zombie, a running child or a
/// descriptor behind, whether the child exits, crashes, overruns the
/// deadline or floods its output.
///
/// Throws std::invalid_argument for a relative program path or an
/// environment entry that cannot be passed, and std::system_error naming the
/// program when it cannot be started (missing, not executable, no #! line).
ProcessResult run_process(const ProcessSpec& spec);

}  // namespace minifw::cgi
