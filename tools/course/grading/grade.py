"""./course grade: build a submission against the pristine course and grade every test.

The steps, each in its own module: read what the submission may provide
(workspace), lay it over a copy of the course, build stage by stage (builder),
run each graded test alone under limits (sandbox, runner), and write the
report (report, formats). Whatever the submission does, the grader returns
with a report; only a problem of the grader's own (a bad option, a broken
course) makes it exit with 2, and even then it writes what it can.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Iterator

from .. import layout
from ..metadata import Course, CourseError, Stage, load_course
from . import formats, limits
from .builder import Builder, StageBuild
from .extra_tests import ExtraTests, load_extra_tests
from .report import (EXCERPT_BYTES, STAGE_ERRORS_BYTES, Report, StageOutcome, TestOutcome,
                     excerpt, message, output_allowance)
from .runner import Verdict, check_start, run_test
from .accounts import GRADER_USER
from .sandbox import Sandbox
from .workspace import (Workspace, default_path, others_can_reach, pristine_files,
                        read_submission)

DESCRIPTION = """\
Grade a submission (a student's clone of the course) and write a report.

Only the submission's exercise files are used: they are laid over a pristine
copy of this course, whose tests, CMake files and metadata always win. Each
stage is built on its own (a stage that does not compile scores 0, the others
are still graded), then every graded test runs in its own process with a time
limit and resource limits. As root, tests run as a dedicated unprivileged user."""

EPILOG = """\
exit status: 0 every test passed, 1 some did not, 2 the grader could not grade.

examples:
  ./course grade ../alice
  ./course grade ../alice --format junit --out alice.xml
  ./course grade ../alice --stages 01 02 --extra-tests ../hidden-tests
  sudo ./course grade ../alice      (as root: a dedicated user runs the tests)"""


def register(subparsers) -> None:
    """Add the grade command."""
    parser = subparsers.add_parser(
        "grade", help="grade a submission against the pristine course (instructors)",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("submission", type=Path, help="the submission: a folder holding exercises/")
    parser.add_argument("--stages", nargs="+", metavar="NN",
                        help="grade only these stages (default: every stage)")
    parser.add_argument("--format", choices=formats.FORMATS, default="text",
                        help="report format (default: text)")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write the report here instead of to stdout")
    parser.add_argument("--extra-tests", type=Path, metavar="DIR",
                        help="hidden tests kept outside the student template "
                             "(see book/instructor-guide.md)")
    parser.add_argument("--work-dir", type=Path, metavar="DIR",
                        help="the grading folder, kept between gradings "
                             "(default: build/grade, or MINIFW_GRADE_WORK)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                        help="parallel compile jobs (default: %(default)s)")
    parser.add_argument("--user", default=GRADER_USER,
                        help="as root: the unprivileged user that runs submissions, created "
                             "when missing (default: %(default)s); it must run nothing else")
    parser.add_argument("--allow-network", action="store_true",
                        help="as root: let tests reach the network (default: loopback only, "
                             "where the kernel allows it)")
    parser.add_argument("--build-only", action="store_true",
                        help="build, run no test; exit 0 when every stage compiled")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    limits.add_arguments(parser)
    parser.set_defaults(func=run)


def default_jobs() -> int:
    """CMAKE_BUILD_PARALLEL_LEVEL when set, else the cores, at most 4."""
    value = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


def run(args: argparse.Namespace) -> int:
    """The command: grade, write the report, and say how it went in the exit status."""
    root = layout.root()
    say = (lambda text: None) if args.quiet else (lambda text: print(text, file=sys.stderr,
                                                                       flush=True))
    started = time.monotonic()
    report = Report(course=str(root), submission=str(Path(args.submission).resolve()),
                    started=datetime.datetime.now(datetime.timezone.utc).isoformat(
                        timespec="seconds"))

    def checkpoint(total: int) -> None:
        # A grader stopped from outside (a platform's overall time limit) still
        # leaves every verdict it reached, marked as unfinished.
        if args.out is not None and not args.build_only:
            snapshot = dataclasses.replace(
                report, seconds=time.monotonic() - started,
                error=f"grading was stopped after {len(report.tests)} of {total} tests")
            formats.write(snapshot, args.format, args.out, final=False)

    try:
        grade(root, args, report, say, checkpoint)
    except CourseError as error:
        report.error = str(error)
    except Exception as error:  # a bug of the grader's own: the report still gets written
        where = _save_traceback(root, error)
        report.error = f"{type(error).__name__}: {error} (a bug of the grader; {where})"
    report.seconds = time.monotonic() - started
    if args.build_only:
        say(report.summary())
        compiled = report.error is None and all(stage.built for stage in report.stages)
        return 0 if compiled else 1
    formats.write(report, args.format, args.out)
    if report.error:
        print(f"./course grade: {report.error}", file=sys.stderr)
        return 2
    say(f"Points {report.score:g}/{report.max_score:g} in {report.seconds:.1f} s")
    return 0 if report.all_passed else 1


def grade(root: Path, args: argparse.Namespace, report: Report, say,
          checkpoint=lambda total: None) -> None:
    """Fill the report for args.submission; CourseError for a problem the caller must fix.

    checkpoint(total) is called after every test, with the number of tests to grade.
    """
    course = load_course(root)
    stages = select_stages(course, args.stages)
    extra = load_extra_tests(args.extra_tests, course)
    test_limits = limits.test_limits(args)
    report.limits = test_limits.describe()

    if args.work_dir:
        work, note = Path(args.work_dir).resolve(), None
    else:
        as_root = os.geteuid() == 0
        work, note = default_path(root, others_can_reach if as_root else lambda _: True)
    if note:
        report.notes.append(note)
    workspace = Workspace(work)
    # What a submission must not read, at compile time (#include) or in a test.
    secret = [root / "solutions", args.extra_tests, args.submission]
    hide = [Path(p).resolve() for p in secret
            if p and not _within(work, Path(p).resolve())]
    sandbox = Sandbox.open(user=args.user, network=not args.allow_network, hide=hide)
    report.isolation = sandbox.describe()

    with sandbox.claimed(), workspace.locked():
        # A grading that was itself killed may have left processes and files behind.
        sandbox.kill_leftovers()
        sandbox.remove_leftover_files()

        submission = read_submission(args.submission, root)
        report.ignored, report.more_ignored = submission.ignored, submission.more_ignored
        if submission.exercises is None:
            report.notes.append("The submission has no exercises/ folder: every stage was "
                                "graded on the course's stubs.")
        files = {**pristine_files(root), **extra.files, **submission.files}
        workspace.prepare(files)
        say(f"grading {report.submission} ({len(submission.files)} exercise files)")

        builds = build_stages(sandbox, workspace, stages, limits.build_limits(args),
                              args.jobs, list(extra.files), say)
        report.stages = [StageOutcome(b.stage.id, b.stage.name, b.stage.title, b.ok,
                                      excerpt(b.errors, STAGE_ERRORS_BYTES), b.seconds)
                         for b in builds]
        if args.build_only:
            return
        total = sum(len(b.stage.test_points()) + len(extra.for_stage(b.stage.id))
                    for b in builds)
        allowance = output_allowance(total)
        for build in builds:
            for outcome in grade_stage(sandbox, workspace, build, extra, test_limits, say,
                                       allowance):
                report.tests.append(outcome)
                checkpoint(total)

        sandbox.kill_leftovers()
        removed = sandbox.remove_leftover_files()
        if removed:
            report.notes.append("Removed what the tests left in shared folders: "
                                + ", ".join(removed[:20])
                                + (f" and {len(removed) - 20} more" if len(removed) > 20 else ""))


def select_stages(course: Course, wanted: list[str] | None) -> list[Stage]:
    """The stages to grade, in course order; CourseError lists the valid ids."""
    if not course.stages:
        raise CourseError(f"{course.root}: no stage has a lessons/NN-name/stage.toml yet")
    if not wanted:
        return list(course.stages)
    chosen = {course.stage(item).id for text in wanted for item in text.split(",") if item}
    return [stage for stage in course.stages if stage.id in chosen]


def build_stages(sandbox: Sandbox, workspace: Workspace, stages: list[Stage],
                 build_limits: limits.Limits, jobs: int, hidden: list[str],
                 say) -> list[StageBuild]:
    """Build every stage's tests as the submission's user; then take the tree back."""
    builder = Builder(sandbox, workspace, build_limits, jobs)
    if workspace.build.is_dir():
        sandbox.give(workspace.build)
    error = builder.configure()
    if error:
        return [StageBuild(stage, None, "CMake could not configure the course:\n" + error)
                for stage in stages]
    # Hidden tests compile first, then close: the submission's code, compiled
    # next by the same user, cannot #include them.
    with_hidden = [s for s in stages if any(f.startswith(f"tests/{s.name}/") for f in hidden)]
    broken_tests = builder.build_test_objects(with_hidden)
    workspace.set_mode(hidden, 0o600)
    builds = []
    for stage in stages:
        if stage.id in broken_tests:
            builds.append(StageBuild(stage, None, broken_tests[stage.id]))
            continue
        say(f"building stage {stage.id} ({stage.title})")
        build = builder.build_stage(stage)
        if not build.ok:
            say(f"  stage {stage.id} does not compile:\n"
                + "\n".join("    " + line for line in build.errors.splitlines()))
        builds.append(build)
    if workspace.build.is_dir():
        sandbox.take_back(workspace.build, [b.binary for b in builds if b.binary])
    return builds


def grade_stage(sandbox: Sandbox, workspace: Workspace, build: StageBuild, extra: ExtraTests,
                test_limits: limits.Limits, say,
                allowance: int = EXCERPT_BYTES) -> Iterator[TestOutcome]:
    """Run (or, when it did not compile, fail) every graded test of one stage, in turn.

    A binary that cannot get as far as its first test (it hangs or crashes on
    start) is found by one short run, and all its tests are reported from it.
    Each failing test keeps `allowance` bytes of its output; a passing one none.
    """
    stage = build.stage
    graded = [(name, exercise, points, False, "visible")
              for name, (exercise, points) in stage.test_points().items()]
    graded += [(t.name, t.exercise, t.points, True, t.visibility)
               for t in extra.for_stage(stage.id)]
    start = None
    if build.binary is not None:
        start = check_start(sandbox, build.binary, test_limits, workspace.scratch)
        if start is not None:
            say(f"  stage {stage.id}: {start.reason}")
    for name, exercise, points, hidden, visibility in graded:
        if build.binary is None:
            first = next((line for line in build.errors.splitlines() if line.strip()), "")
            reason = f"stage {stage.id} does not compile ({first.strip()[:300]})"
            verdict = Verdict("build_error", reason, build.errors, 0.0)
        else:
            verdict = start or run_test(sandbox, build.binary, name, test_limits,
                                        workspace.scratch)
        outcome = outcome_of(stage, name, exercise, points, verdict, allowance, hidden,
                             visibility, seconds=0.0 if start else None)
        say(f"  {outcome.status:<11} {exercise.id:<6} {name}  ({outcome.seconds:.2f} s)")
        yield outcome


def outcome_of(stage: Stage, name: str, exercise, points: float, verdict: Verdict,
                 allowance: int = EXCERPT_BYTES, hidden: bool = False,
                 visibility: str = "visible", seconds: float | None = None) -> TestOutcome:
    """A test's line in the report: its points, its message, and (when it failed) an
    excerpt of its output of at most about `allowance` bytes."""
    passed = verdict.status == "passed"
    return TestOutcome(name, stage.id, exercise.id, exercise.title, exercise.section,
                       verdict.status, points if passed else 0, points,
                       message(exercise, verdict.status, verdict.reason, verdict.not_done),
                       "" if passed else excerpt(verdict.output, allowance),
                       verdict.seconds if seconds is None else seconds, hidden, visibility)


def _save_traceback(root: Path, error: Exception) -> str:
    """Keep the traceback of a grader bug in build/logs/grade-error.log; says where."""
    text = "".join(traceback.format_exception(error))
    try:
        log = layout.log_dir(root) / "grade-error.log"
        with log.open("a") as file:
            file.write(datetime.datetime.now().isoformat(timespec="seconds") + "\n" + text)
    except OSError:
        return "its traceback could not be saved:\n" + text
    return f"the traceback is in {log}"


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
