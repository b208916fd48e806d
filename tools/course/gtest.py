"""Running a GoogleTest binary and reading what it printed, test by test.

The verdicts come from GoogleTest's streamed lines, not from its XML report:
the XML is written at exit, so a test that crashes or hangs would take every
verdict of its binary with it. The streamed lines survive: the running test
is the one with a "[ RUN      ]" line and no end line.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

STATUSES = ("passed", "failed", "crashed", "timeout", "not_run")

# What one test may leave in memory; a test that floods its output keeps the head.
OUTPUT_LIMIT = 64 * 1024
TRUNCATED = "[output truncated]"

_RUN = re.compile(r"^\[ RUN      \] (\S+)")
_END = re.compile(
    r"^\[ +(OK|FAILED|SKIPPED) +\] (\S+?)(?:, where .*?)?(?: \((\d+) ms\)| \(timeout\))?\s*$"
)
_NOT_DONE = re.compile(r"^\s*NOT DONE: (exercise (\d\d\.\d+) not done: see (\S+))")
# The stub's message where the test did not print it itself: a server that
# logged the exception its handler threw, or std::terminate's "what():".
_STUB_MESSAGE = re.compile(r"(exercise (\d\d\.\d+) not done: see (lessons/[^\s\"']+))")
_TIMEOUT = re.compile(r"^\s*TIMEOUT: ")


@dataclass
class TestResult:
    """The verdict on one test and what it printed while it ran."""

    name: str
    status: str
    output: str = ""
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """True when the test ran and passed."""
        return self.status == "passed"

    @property
    def not_done(self) -> str | None:
        """The stub's message ("exercise 02.3 not done: see ...") when a stub is why it failed."""
        match = self._not_done_match()
        return match.group(1) if match else None

    @property
    def not_done_exercise(self) -> str | None:
        """The id of the exercise whose stub stopped this test ("02.3"), if one did."""
        match = self._not_done_match()
        return match.group(2) if match else None

    def _not_done_match(self) -> re.Match | None:
        """The NOT DONE line of a stub that stopped the test, or else the first stub
        message in what it printed: the unfinished exercise it reached."""
        if self.passed:
            return None
        lines = self.output.splitlines()
        for line in lines:
            match = _NOT_DONE.match(line)
            if match:
                return match
        for line in lines:
            match = _STUB_MESSAGE.search(line)
            if match:
                return match
        return None


class OutputParser:
    """Reads GoogleTest output line by line, as the binary prints it."""

    def __init__(self, limit: int = OUTPUT_LIMIT):
        self.results: dict[str, TestResult] = {}
        self.running: str | None = None
        self._lines: list[str] = []
        self._size = 0
        self._limit = limit

    def feed(self, line: str) -> None:
        """Take one line of output, without its newline."""
        run = _RUN.match(line)
        if run:
            self._close_running("crashed")
            self.running = run.group(1)
            self._lines, self._size = [], 0
            return
        end = _END.match(line)
        if end and self.running is not None and end.group(2) == self.running:
            kind, _, ms = end.groups()
            if kind == "OK":
                status = "passed"
            elif kind == "SKIPPED":
                status = "not_run"
            elif line.rstrip().endswith("(timeout)"):
                status = "timeout"
            else:
                status = "failed"
            self._finish(status, int(ms) / 1000 if ms else None)
            return
        if self.running is not None:
            self._keep(line)

    def note(self, line: str) -> None:
        """Add a line of our own to the running test's output (why it was stopped)."""
        if self.running is not None:
            self._lines.append(line)

    def finish(self) -> dict[str, TestResult]:
        """The verdicts so far; a test still running when output ended crashed or timed out."""
        self._close_running("crashed")
        return self.results

    def _keep(self, line: str) -> None:
        if self._size >= self._limit:
            return
        if self._size + len(line) + 1 > self._limit:
            line = line[: max(0, self._limit - self._size)]
            self._lines.append(line)
            self._lines.append(TRUNCATED)
            self._size = self._limit
            return
        self._lines.append(line)
        self._size += len(line) + 1

    def _close_running(self, status: str) -> None:
        if self.running is None:
            return
        if status == "crashed" and any(_TIMEOUT.match(line) for line in self._lines):
            status = "timeout"
        self._finish(status, None)

    def _finish(self, status: str, seconds: float | None) -> None:
        assert self.running is not None
        self.results[self.running] = TestResult(
            name=self.running,
            status=status,
            output="\n".join(self._lines),
            seconds=seconds or 0.0,
        )
        self.running = None
        self._lines, self._size = [], 0


def parse_output(text: str, limit: int = OUTPUT_LIMIT) -> dict[str, TestResult]:
    """Every test GoogleTest reported in text: "Suite.Name" -> its result (each output cut
    to limit characters)."""
    parser = OutputParser(limit)
    for line in text.splitlines():
        parser.feed(line)
    return parser.finish()


def list_tests(binary: Path, timeout: float = 60, env: dict | None = None) -> list[str]:
    """The tests a binary holds ("Suite.Name"), in its order, from --gtest_list_tests."""
    done = subprocess.run(
        [str(binary), "--gtest_list_tests"],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{binary} --gtest_list_tests exited with {done.returncode}: "
            f"{(done.stderr or done.stdout).strip()[:500]}"
        )
    names: list[str] = []
    suite = None
    for line in done.stdout.splitlines():
        text = line.split("#", 1)[0].rstrip()
        if not text:
            continue
        if not line.startswith(" "):
            suite = text
        elif suite is not None:
            names.append(suite + text.strip())
    return names


def default_time_limit(env: dict | None = None) -> float:
    """The per-test limit the test main enforces (MINIFW_TEST_TIMEOUT, default 10 s)."""
    value = (env if env is not None else os.environ).get("MINIFW_TEST_TIMEOUT", "")
    try:
        seconds = float(value)
    except ValueError:
        return 10.0
    return seconds if seconds > 0 else 10.0


class RunResults(dict):
    """Verdicts by test name, plus what went wrong outside every test.

    A sanitizer report or a crash after the last test (in a static destructor,
    say) belongs to no test, yet the run is not clean: `problems` keeps it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[str] = []


def run_binary(
    binary: Path,
    tests: Iterable[str] | None = None,
    timeout: float | None = None,
    env: dict | None = None,
    cwd: Path | None = None,
    prefix_cmd: list[str] | None = None,
    on_result: Callable[[TestResult], None] | None = None,
) -> RunResults:
    """Run the tests (all by default) and return a verdict for every one of them.

    The binary runs whole, once. When it dies part way (a crash, the test main's
    watchdog exiting with 124, or `timeout` seconds passing for one run), the
    running test is recorded as crashed or timeout and the tests that had no
    turn run again in a fresh process: at most len(tests) + 1 runs in all.
    """
    wanted = list(tests) if tests is not None else list_tests(binary, env=env)
    # A binary that prints nothing for as long as one test may run is stuck
    # before its first test (in a static constructor, say): no test will run.
    start_limit = default_time_limit(env) + 2
    if timeout is None:
        timeout = start_limit * max(1, len(wanted)) + 30
    results: dict[str, TestResult] = {}
    problems: list[str] = []
    remaining = list(wanted)
    for _ in range(len(wanted) + 1):
        if not remaining:
            break
        found, died, tail = _run_once(
            binary, remaining, timeout, env, cwd, prefix_cmd, on_result, problems, start_limit
        )
        results.update(found)
        if not died:
            remaining = [name for name in remaining if name not in results]
            for name in remaining:
                # The binary ended normally without running it: filtered out, disabled.
                results[name] = TestResult(name, "not_run", "the test binary did not run it")
            break
        progress = any(name in found for name in remaining)
        remaining = [name for name in remaining if name not in results]
        if not progress:
            # It died outside any test (at start-up or exit): nothing more will run.
            status = "timeout" if tail.startswith(STUCK_AT_START) else "crashed"
            for name in remaining:
                results[name] = TestResult(name, status, tail)
            break
    ordered = RunResults((name, results[name]) for name in wanted)
    ordered.problems = problems
    return ordered


STUCK_AT_START = "STUCK AT START:"


def _run_once(binary, names, timeout, env, cwd, prefix_cmd, on_result, problems,
              start_limit=None):
    """One run of the binary; returns (results, died, last output lines).

    When the binary prints nothing within start_limit seconds, it is killed and
    the last output lines say so (they start with STUCK_AT_START).
    """
    command = list(prefix_cmd or []) + [
        str(binary),
        "--gtest_color=no",
        "--gtest_filter=" + ":".join(names),
    ]
    parser = OutputParser()
    reported: set[str] = set()
    tail: list[str] = []
    # Its own process group, so a test that forks cannot leave children behind.
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    started = time.monotonic()
    deadline = started + timeout
    if start_limit is not None:
        deadline = min(deadline, started + start_limit)
    killed = silent = False
    pending = b""
    try:
        fd = process.stdout.fileno()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                killed = True
                silent = start_limit is not None and not tail and not pending
                break
            ready, _, _ = select.select([fd], [], [], min(left, 0.5))
            if not ready:
                # A child the test forked may hold the pipe open after the binary is gone.
                if process.poll() is not None:
                    break
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            if start_limit is not None:
                deadline = started + timeout  # it started: the whole run's limit applies
                start_limit = None
            pending += chunk
            *lines, pending = pending.split(b"\n")
            if len(pending) > OUTPUT_LIMIT:
                # One endless line: keep its head, so memory stays bounded.
                lines.append(pending[:OUTPUT_LIMIT])
                pending = b""
            for raw in lines:
                line = raw.decode("utf-8", "replace").rstrip("\r")
                parser.feed(line)
                tail = (tail + [line[:500]])[-20:]
                if on_result and len(parser.results) != len(reported):
                    for name in parser.results.keys() - reported:
                        reported.add(name)
                        on_result(parser.results[name])
    finally:
        _kill_group(process)
        process.stdout.close()
        process.wait()
    if pending:
        parser.feed(pending.decode("utf-8", "replace"))
    running = parser.running
    if silent:
        tail = [f"{STUCK_AT_START} {Path(binary).name} printed nothing in its first "
                f"{time.monotonic() - started:.0f} s, so it never reached its first test: code "
                "that runs before main() (the constructor of a global or static object?) loops "
                "or waits"]
    elif killed:
        parser.note(f"  TIMEOUT: the run passed its deadline of {timeout:.0f} s")
    results = parser.finish()
    if on_result:
        for name in results.keys() - reported:
            on_result(results[name])
    died = killed or running is not None or process.returncode not in (0, 1)
    clean = all(results[n].status in ("passed", "not_run") for n in names if n in results)
    if running is None and not killed and process.returncode != 0 and clean:
        problems.append(
            f"{Path(binary).name} exited with code {process.returncode} although no test "
            f"failed; its last lines:\n" + "\n".join(tail)
        )
    if running is not None and running in results and results[running].status == "crashed":
        results[running].output = _with_exit_reason(results[running].output, process.returncode)
    return results, died, "\n".join(tail)


def _with_exit_reason(output: str, returncode: int) -> str:
    if returncode < 0:
        try:
            reason = f"killed by signal {signal.Signals(-returncode).name}"
        except ValueError:
            reason = f"killed by signal {-returncode}"
    else:
        reason = f"the test binary exited with code {returncode} in the middle of this test"
    return (output + "\n" if output else "") + f"CRASHED: {reason}"


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
