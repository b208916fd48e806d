"""What one graded test, and one build, may use before it is stopped.

Every limit is a kernel resource limit set in the child before it runs, except
the wall-clock limit, which the grader enforces itself (no rlimit measures
time spent blocked), and the output cap, which the grader applies while it
reads. The defaults suit the course's tests; an instructor can raise any of
them on the command line.
"""

from __future__ import annotations

import argparse
import math
import resource
from dataclasses import asdict, dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits for one process tree: a graded test, or the build of one stage."""

    wall_seconds: float
    cpu_seconds: int
    memory_mib: int
    processes: int
    file_size_mib: int
    open_files: int
    output_kib: int

    def rlimits(self, extra_processes: int = 0) -> list[tuple[int, int, int]]:
        """(resource, soft, hard) triples for setrlimit, in the child, before it runs."""
        memory = self.memory_mib * MIB
        file_size = self.file_size_mib * MIB
        # The soft CPU limit sends SIGXCPU, which reports well; the hard one kills.
        return [
            (resource.RLIMIT_CPU, self.cpu_seconds, self.cpu_seconds + 1),
            (resource.RLIMIT_AS, memory, memory),
            (resource.RLIMIT_NPROC, self.processes + extra_processes,
             self.processes + extra_processes),
            (resource.RLIMIT_FSIZE, file_size, file_size),
            (resource.RLIMIT_NOFILE, self.open_files, self.open_files),
            (resource.RLIMIT_CORE, 0, 0),
        ]

    @property
    def watchdog_seconds(self) -> int:
        """The whole seconds the test main's own watchdog gets (MINIFW_TEST_TIMEOUT)."""
        return max(1, math.ceil(self.wall_seconds))

    @property
    def kill_after(self) -> float:
        """When the grader kills a test whose own watchdog did not end it."""
        return self.watchdog_seconds + 1.0

    @property
    def start_seconds(self) -> float:
        """How long a test binary may take to list its tests (see runner.check_start).

        Listing runs what every test run runs before its first test, which
        takes milliseconds in a healthy binary; a binary still busy after this
        would make every one of its tests wait out its limit.
        """
        return min(self.kill_after, START_SECONDS)

    def describe(self) -> dict:
        """The limits as plain data, for reports."""
        return asdict(self)


# The most a binary may take to list its tests before it is taken to hang at start.
START_SECONDS = 3.0

# A test: generous for the course's tests, tight for a runaway.
TEST_DEFAULTS = Limits(
    wall_seconds=10.0,
    cpu_seconds=15,
    memory_mib=2048,
    processes=64,
    file_size_mib=16,
    open_files=256,
    output_kib=64,
)

# The build of one stage: the compiler needs more memory and processes; a
# template that never finishes instantiating still meets the wall clock.
BUILD_DEFAULTS = Limits(
    wall_seconds=900.0,
    cpu_seconds=1800,
    memory_mib=4096,
    processes=256,
    file_size_mib=1024,
    open_files=1024,
    output_kib=256,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The per-test limit options of `grade` (and of the Gradescope package)."""
    group = parser.add_argument_group("limits per test")
    group.add_argument("--timeout", type=_positive_float, default=TEST_DEFAULTS.wall_seconds,
                       metavar="SECONDS",
                       help="wall-clock seconds one test may run (default: %(default)s)")
    group.add_argument("--cpu", type=_positive_int, default=None, metavar="SECONDS",
                       help="CPU seconds per process (default: the timeout plus 5)")
    group.add_argument("--memory", type=_positive_int, default=TEST_DEFAULTS.memory_mib,
                       metavar="MIB", help="address space per process (default: %(default)s MiB)")
    group.add_argument("--processes", type=_positive_int, default=TEST_DEFAULTS.processes,
                       metavar="N",
                       help="processes and threads of one test (default: %(default)s)")
    group.add_argument("--file-size", type=_positive_int, default=TEST_DEFAULTS.file_size_mib,
                       metavar="MIB",
                       help="largest file a test may write (default: %(default)s MiB)")
    group.add_argument("--open-files", type=_positive_int, default=TEST_DEFAULTS.open_files,
                       metavar="N", help="open descriptors per process (default: %(default)s)")
    group.add_argument("--output-cap", type=_positive_int, default=TEST_DEFAULTS.output_kib,
                       metavar="KIB",
                       help="output read per test for its verdict, head and tail; the report "
                            "keeps an excerpt of it (default: %(default)s KiB)")
    group.add_argument("--build-timeout", type=_positive_float,
                       default=BUILD_DEFAULTS.wall_seconds, metavar="SECONDS",
                       help="wall-clock seconds the build of one stage may take "
                            "(default: %(default)s)")


def test_limits(args: argparse.Namespace) -> Limits:
    """The per-test limits the options ask for."""
    cpu = args.cpu if args.cpu is not None else math.ceil(args.timeout) + 5
    return Limits(
        wall_seconds=args.timeout,
        cpu_seconds=cpu,
        memory_mib=args.memory,
        processes=args.processes,
        file_size_mib=args.file_size,
        open_files=args.open_files,
        output_kib=args.output_cap,
    )


def build_limits(args: argparse.Namespace) -> Limits:
    """The build limits, with the wall clock the options ask for."""
    wall = args.build_timeout
    return Limits(**{**asdict(BUILD_DEFAULTS), "wall_seconds": wall,
                     "cpu_seconds": max(BUILD_DEFAULTS.cpu_seconds, math.ceil(wall) * 2)})


def option_words(args: argparse.Namespace) -> list[str]:
    """The limit options as command-line words, to hand on to another grading run."""
    words = ["--timeout", _number(args.timeout), "--memory", str(args.memory),
             "--processes", str(args.processes), "--file-size", str(args.file_size),
             "--open-files", str(args.open_files), "--output-cap", str(args.output_cap),
             "--build-timeout", _number(args.build_timeout)]
    if args.cpu is not None:
        words += ["--cpu", str(args.cpu)]
    return words


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number greater than 0")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number greater than 0")
    return value
