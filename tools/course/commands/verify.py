"""./course verify: the red/green check of the whole course, then the tools' own tests.

Every graded test must fail with its stage's stubs (test_NN_red: stage NN
from exercises/, every earlier stage from solutions/) and pass with the
reference (test_NN), and stage.toml must list exactly the tests the binary
holds. A test that passes on a stub proves nothing; a test the metadata does
not list earns nobody points.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import gtest, layout
from ..build import Build, first_errors
from ..checks import stage_problems
from ..context import Context
from ..metadata import Stage
from ..term import Progress


def register(subparsers) -> None:
    """Add the verify command."""
    parser = subparsers.add_parser(
        "verify", help=layout.reference_only(
            "check the course itself: every test red on its stub, green on the reference"),
        description="Build the reference preset, then for every stage run test_NN (all must pass) "
                    "and test_NN_red (all must fail), and check that stage.toml lists exactly the "
                    "tests the binary holds. Then run the course tools' own tests. Ends with the "
                    "line 'N passed, N failed'; exits 1 on any failure.")
    parser.add_argument("--stage", metavar="NN", action="append",
                        help="check only this stage (repeatable); skips the tools' tests")
    parser.add_argument("--no-tools", action="store_true", help="skip the tools' own tests")
    parser.set_defaults(func=main)


def main(args) -> int:
    """Print one line per stage, every offending test, and the total line."""
    ctx = Context.load()
    ctx.require_solutions("verify")
    stages = [ctx.course.stage(s) for s in args.stage] if args.stage else ctx.course.stages
    style = ctx.style
    started = time.monotonic()

    passed = failed = 0
    if not args.stage:
        for name in ctx.course.without_metadata:
            print(style.red(f"{name}: no lessons/{name}/stage.toml, so none of its tests "
                            "is graded"))
            failed += 1

    progress = Progress()
    build = Build(ctx.root, "reference", progress=progress)
    targets = [t for s in stages for t in (f"test_{s.id}", f"test_{s.id}_red")]
    result = build.build(targets)
    for stage in stages:
        if progress.live:
            progress.update(f"verify: running stage {stage.id}'s "
                            f"{len(stage.test_points())} tests on the solution and on the stubs")
        good, bad = verify_stage(ctx, build, result, stage)
        progress.clear()
        passed += good
        failed += bad

    if not args.stage and not args.no_tools:
        good, bad = run_tool_tests(ctx, progress)
        passed += good
        failed += bad

    print(style.dim(f"({time.monotonic() - started:.0f} s)"))
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def verify_stage(ctx: Context, build: Build, result, stage: Stage) -> tuple[int, int]:
    """Check one stage; print its line and its offending tests; return (passed, failed)."""
    style = ctx.style
    graded = stage.test_points()
    offending: list[str] = []
    problems = [f"{stage.name}: {p}" for p in stage_problems(stage)]

    green_name, red_name = f"test_{stage.id}", f"test_{stage.id}_red"
    for target in (green_name, red_name):
        if target in result.blocked:
            return _stage_failed(ctx, stage, f"{target} waits for stage {result.blocked[target]} "
                                 "to build", problems)
        if target in result.failed:
            errors = first_errors(result.failed[target], ctx.root)
            return _stage_failed(ctx, stage, f"{target} does not build:\n" + "\n".join(errors),
                                 problems)

    green_binary = layout.find_binary(build.dir, green_name)
    red_binary = layout.find_binary(build.dir, red_name)
    if green_binary is None or red_binary is None:
        why = (f"solutions/{stage.name} is missing" if not stage.has_solution
               else f"is tests/{stage.name} empty?")
        return _stage_failed(ctx, stage, f"no red/green test binaries ({why})", problems)

    try:
        listed = gtest.list_tests(green_binary)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return _stage_failed(ctx, stage, f"{green_name} cannot list its tests: {error}", problems)
    names = list(dict.fromkeys(listed + list(graded)))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"minifw-verify-{stage.id}-") as scratch:
        green = gtest.run_binary(green_binary, listed, cwd=scratch)
        red = gtest.run_binary(red_binary, listed, cwd=scratch)

    good = 0
    for name in names:
        reasons = []
        if name not in listed:
            reasons.append("listed in stage.toml but not in the test binary")
        else:
            if name not in graded:
                reasons.append("not listed in stage.toml (no exercise, no points)")
            if not green[name].passed:
                reasons.append(f"{green[name].status} on the solution: " + _first_line(green[name]))
            if red[name].status in ("passed", "not_run"):
                reasons.append(f"{'passes' if red[name].passed else 'did not run'} on the stub")
        if reasons:
            offending.append(f"{name}: " + "; ".join(reasons))
        else:
            good += 1
    for problem in green.problems:
        problems.append(f"{green_name}: {problem}")

    red_count = sum(1 for n in listed if not red[n].passed and red[n].status != "not_run")
    green_count = sum(1 for n in listed if green[n].passed)
    total = len(listed)
    line = (f"{stage.id} {stage.title}: {total} tests, red on stub {red_count}/{total}, "
            f"green on solution {green_count}/{total} ({time.monotonic() - started:.1f} s)")
    print(style.green(line) if not offending and not problems else style.red(line))
    for text in offending + problems:
        print("    " + text.replace("\n", "\n    "))
    return good, len(names) - good + len(problems)


def _stage_failed(ctx: Context, stage: Stage, reason: str, problems: list[str]) -> tuple[int, int]:
    """A stage that could not be run: every graded test counts as failed."""
    print(ctx.style.red(f"{stage.id} {stage.title}: " + reason.replace("\n", "\n      ")))
    for problem in problems:
        print("    " + problem)
    return 0, max(1, len(stage.test_points())) + len(problems)


def _first_line(result: gtest.TestResult) -> str:
    for line in result.output.splitlines():
        if line.strip():
            return line.strip()
    return "(no output)"


# unittest's verbose verdict on a test, at the end of its line or on a line of its own.
_VERDICT = re.compile(r"(?:^|\.\.\. )(ok|FAIL|ERROR|skipped\b.*|expected failure|"
                      r"unexpected success)$")


def run_tool_tests(ctx: Context, progress: Progress | None = None) -> tuple[int, int]:
    """Run tools/tests in a subprocess; print its line; return (passed, failed)."""
    style = ctx.style
    progress = progress or Progress()
    log = layout.log_dir(ctx.root) / "tools-tests.log"
    where = layout.relative(log, ctx.root)
    progress.restart()
    progress.update("tools: starting the course tools' own tests",
                    f"tools: running the course tools' own tests, some of which build and grade "
                    f"copies of the course (a few minutes; the log: {where})")
    progress.interval = 30.0
    with tempfile.TemporaryDirectory(prefix="minifw-selftest-") as scratch:
        out = Path(scratch) / "report.json"
        env = dict(os.environ, PYTHONPATH=str(ctx.root / "tools"), PYTHONDONTWRITEBYTECODE="1")
        with log.open("w") as file:
            process = subprocess.Popen(
                [sys.executable, "-m", "course.selftest", str(out)], cwd=ctx.root, env=env,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                text=True, errors="replace")
            done = 0
            try:
                for line in process.stdout:
                    file.write(line)
                    if _VERDICT.search(line.rstrip("\n")):
                        done += 1
                        progress.update(f"tools: {done} tests done", f"tools: {done} tests done")
            finally:
                process.wait()
                progress.clear()
        try:
            report = json.loads(out.read_text())
        except (OSError, ValueError):
            where = layout.relative(log, ctx.root)
            print(style.red(f"tools: the test run did not finish; see {where}"))
            return 0, 1
    good, bad = len(report["passed"]), len(report["failed"])
    skipped = f", {len(report['skipped'])} skipped" if report["skipped"] else ""
    line = f"tools: {good + bad} tests, {good} passed{skipped} ({report['seconds']} s)"
    print(style.green(line) if not bad else style.red(line))
    for entry in report["failed"]:
        print(f"    {entry['name']}: {entry['reason']}")
    if bad:
        print(f"    (the whole output: {layout.relative(log, ctx.root)})")
    return good, bad
