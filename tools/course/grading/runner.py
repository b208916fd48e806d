"""Running one graded test in its own process, and saying what happened to it.

One process per test costs a few milliseconds and buys the report its
honesty: a test that crashes, hangs, forks or floods takes nothing with it,
and its verdict is known the moment it ends. GoogleTest's XML report is not
used: it is written at exit, so a crash or a kill would lose it.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

from .. import gtest
from .builder import SAFE_PATH
from .limits import Limits
from .sandbox import Sandbox

_SIGNALS = {
    signal.SIGSEGV: "a segmentation fault: a bad pointer, a use after free or an overflow?",
    signal.SIGBUS: "a bus error: memory that is not there, such as a truncated mapping?",
    signal.SIGABRT: "abort(): a failed assert, or std::terminate (an exception that left a "
                    "thread or a noexcept function?)",
    signal.SIGFPE: "an arithmetic error: a division by zero?",
    signal.SIGILL: "an illegal instruction: the end of a function that returns nothing "
                   "where it should return a value?",
    signal.SIGPIPE: "SIGPIPE: a write to a closed socket without MSG_NOSIGNAL",
}


@dataclass
class Verdict:
    """The grader's word on one test: a status, why, and what the test printed."""

    status: str  # passed, failed, crashed, timeout, not_run (or build_error, from grade.py)
    reason: str
    output: str
    seconds: float
    not_done: str | None = None  # the stub's "exercise NN.K not done: see ..." line


def _environment(home: Path, limits: Limits) -> dict[str, str]:
    return {
        "PATH": SAFE_PATH,
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "MINIFW_TEST_TIMEOUT": str(limits.watchdog_seconds),
        "GTEST_COLOR": "no",
        # GoogleTest creates this file at start and removes it when it ends well:
        # a test that calls exit(0) midway leaves it behind.
        "GTEST_PREMATURE_EXIT_FILE": str(home / ".gtest-running"),
        # glibc reserves 64 MiB of address space per arena; a test with many
        # threads would meet the address-space limit without using memory.
        "MALLOC_ARENA_MAX": "4",
    }


def run_test(sandbox: Sandbox, binary: Path, name: str, limits: Limits, scratch: Path) -> Verdict:
    """Run the test `name` of `binary` alone, under the limits, in a fresh scratch folder."""
    with sandbox.scratch(scratch) as home:
        done = sandbox.run(
            [str(binary), f"--gtest_filter={name}", "--gtest_color=no"],
            cwd=home, env=_environment(home, limits), limits=limits, seconds=limits.kill_after,
        )
        left_running = (home / ".gtest-running").exists()
    return judge(name, done.returncode, done.output, done.seconds, done.timed_out,
                 left_running, limits)


def check_start(sandbox: Sandbox, binary: Path, limits: Limits, scratch: Path) -> Verdict | None:
    """One short run of a stage's binary before its tests; a verdict for all of them if it fails.

    The binary only lists its tests, which runs everything a test run does
    before the first test and after the last (static constructors and
    destructors, main, GoogleTest's set-up): when that hangs or crashes, every
    test would, each after waiting out its own limit. None when it started well.
    """
    with sandbox.scratch(scratch) as home:
        done = sandbox.run([str(binary), "--gtest_list_tests"], cwd=home,
                           env=_environment(home, limits), limits=limits,
                           seconds=limits.start_seconds)
    return judge_start(binary.name, done.returncode, done.output, done.seconds, done.timed_out,
                       limits)


def judge_start(binary: str, returncode: int, output: str, seconds: float, timed_out: bool,
                limits: Limits) -> Verdict | None:
    """The verdict on a binary's start-up run (see check_start), or None when it went well."""
    before = ("before running any test, in code that runs before main() or after it (the "
              "constructor or destructor of a global or static object?)")
    if timed_out:
        return Verdict("timeout", f"{binary} did not start: it was still running after "
                                  f"{seconds:.0f} s {before}", output, seconds)
    if returncode < 0:
        if -returncode == signal.SIGXCPU:
            return Verdict("timeout", f"{binary} did not start: it used its "
                                      f"{limits.cpu_seconds} s of CPU time {before}",
                           output, seconds)
        return Verdict("crashed", f"{binary} crashed {before}: {_describe_signal(-returncode)}",
                       output, seconds)
    if returncode != 0:
        return Verdict("crashed", f"{binary} exited with code {returncode} {before}",
                       output, seconds)
    return None


def judge(name: str, returncode: int, output: str, seconds: float, timed_out: bool,
          left_running: bool, limits: Limits) -> Verdict:
    """The verdict from how the process ended and what GoogleTest printed."""
    # The capture already bounds the output: keep all of it, its tail holds the verdict.
    result = gtest.parse_output(output, limit=len(output) + 1).get(name)
    not_done = result.not_done if result else None

    def verdict(status: str, reason: str, own: bool = True) -> Verdict:
        # What the test printed between its start and its end says why it
        # failed; GoogleTest's banners around it say nothing. When the
        # trouble came after the test (at exit), the whole output is kept.
        shown = result.output if own and result is not None and result.output else output
        return Verdict(status, reason, shown, seconds, not_done)

    if timed_out:
        return verdict("timeout", f"over its time limit of {limits.watchdog_seconds} s, killed: "
                                  "an endless loop, or a wait for data that never comes?")
    if returncode < 0:
        number = -returncode
        if number == signal.SIGXCPU:
            return verdict("timeout", f"over its {limits.cpu_seconds} s of CPU time: an "
                                      "endless loop?")
        if number == signal.SIGXFSZ:
            return verdict("failed", f"wrote a file over the limit of {limits.file_size_mib} MiB")
        return verdict("crashed", _describe_signal(number))
    if result is None:
        if "0 tests from 0 test suites ran" in output or "0 tests, listed below" in output:
            return verdict("not_run", f"the test binary has no test named {name}: the course's "
                                      "metadata and its tests disagree (./course verify)")
        return verdict("crashed", f"the test process ended with exit code {returncode} before "
                                  "the test started")
    if result.status == "passed":
        if returncode != 0:
            return verdict("failed", f"it passed, then the process exited with code "
                                     f"{returncode}: a crash in a destructor at exit?", own=False)
        if left_running:
            return verdict("failed", "the process ended before GoogleTest finished (exit() "
                                     "called during the test?)", own=False)
        return verdict("passed", "passed")
    if result.status == "timeout":
        return verdict("timeout", f"over its time limit of {limits.watchdog_seconds} s: an "
                                  "endless loop, or a read or accept that waits for data that "
                                  "never comes?")
    if result.status == "crashed":
        return verdict("crashed", f"the process exited with code {returncode} during the "
                                  "test: exit() or quick_exit() called?")
    if result.status == "not_run":
        return verdict("not_run", "the test was skipped")
    if "std::bad_alloc" in output:
        return verdict("failed", f"out of memory: the limit is {limits.memory_mib} MiB of "
                                 "address space")
    return verdict("failed", "an expectation did not hold; its output says which")


def _describe_signal(number: int) -> str:
    try:
        name = signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
    if number == signal.SIGKILL:
        return "killed by SIGKILL: over its CPU limit, or killed from outside?"
    return f"{name}, {_SIGNALS[number]}" if number in _SIGNALS else f"killed by {name}"
