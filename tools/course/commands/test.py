"""./course test NN [EXERCISE]: one stage's or one exercise's tests, with readable failures."""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

from ..context import Context
from ..gtest import TestResult
from ..metadata import Exercise, Stage
from ..runs import StageRun, build_stages, run_stage
from ..term import Style


def register(subparsers) -> None:
    """Add the test command."""
    parser = subparsers.add_parser(
        "test", help="run one stage's tests, or one exercise's",
        description="Build your track and run stage NN's tests (only EXERCISE's when given). "
                    "Every failure names its exercise and the lesson section to read. Stages "
                    "you had finished are run again, to catch a regression.")
    parser.add_argument("stage", metavar="NN", help="a stage id such as 02, or an exercise id")
    parser.add_argument("exercise", metavar="EXERCISE", nargs="?",
                        help="an exercise id such as 02.3")
    parser.set_defaults(func=main)


def main(args) -> int:
    """Exit 0 only when every selected test passes and no finished stage regressed."""
    ctx = Context.load()
    stage, exercise = select(ctx, args.stage, args.exercise)
    return test_stage(ctx, stage, exercise)


def select(ctx: Context, stage_text: str,
           exercise_text: str | None) -> tuple[Stage, Exercise | None]:
    """The stage and exercise named on the command line ("02 02.3", or "02.3" alone)."""
    if exercise_text is None and "." in stage_text:
        exercise = ctx.course.exercise(stage_text)
        return exercise.stage, exercise
    stage = ctx.course.stage(stage_text)
    return stage, stage.exercise(exercise_text) if exercise_text else None


def test_stage(ctx: Context, stage: Stage, exercise: Exercise | None) -> int:
    """Build, run, report; shared with watch."""
    style = ctx.style
    if ctx.is_reference(stage):
        print(style.yellow(f"Stage {stage.id} is taken from solutions/ on your track, so this "
                           "tests the reference "
                           f"(./course use-exercises {stage.id} to test yours)."))
    earlier = [s for s in ctx.course.stages
               if s.id < stage.id and not ctx.is_reference(s)
               and ctx.state.stage_passed(s.id, list(s.test_points()))]
    early = build_stages(ctx, earlier + [stage])
    if stage.id in early:
        return _cannot_run(ctx, early[stage.id], early)

    names = list(exercise.tests) if exercise else list(stage.test_points())
    run = run_stage(ctx, stage, names, on_result=_progress(len(names)))
    _report(ctx, run, exercise, names)
    regressed = _check_earlier(ctx, earlier, early)
    passed = run.passed(names) == len(names)
    if passed and not regressed:
        _say_next(ctx, stage, exercise)
    return 0 if passed and not regressed else 1


def _cannot_run(ctx: Context, run: StageRun, early: dict[str, StageRun]) -> int:
    style = ctx.style
    if run.kind == "no_tests":
        print(f"Stage {run.stage.id} has no test binary yet: tests/{run.stage.name} holds no test.")
        return 1
    errors = run.errors
    if run.kind == "blocked":
        print(style.red(f"Stage {run.stage.id} cannot be built until stage {run.blocked_by} "
                        "compiles, since it links every earlier stage:"))
        at_fault = early.get(run.blocked_by)
        errors = errors or (at_fault.errors if at_fault else [])
    else:
        print(style.red(f"Stage {run.stage.id} does not compile:"))
    for line in errors:
        print("    " + line)
    for path, owners in files_at_fault(ctx, errors):
        if owners:
            named = "; ".join(f"exercise {e.id}: {e.title} (read {e.section})" for e in owners)
            print(f"The errors are in {path}, the file of {named}.")
        else:
            print(f"The errors are in {path}.")
    if any("undefined reference" in line for line in errors):
        print("An undefined reference is a function that is declared but that no file defines: "
              "keep every function of a stub (./course reset EXERCISE puts the stub back, "
              "keeping a copy of your file).")
    print("The whole output is in build/logs/learner-build.log.")
    return 1


_SOURCE = re.compile(r"(?:^|[\s(])((exercises|solutions)/(\d\d-[^/\s]+)/([^:\s)]+))")
_UNDEFINED = re.compile(r"undefined reference to `(?:[\w:]*::)?(\w+::~?\w+)\(")


def files_at_fault(ctx: Context, errors: list[str]) -> list[tuple[str, list[Exercise]]]:
    """The course files the compiler's errors point into, each with the exercises it holds.

    A function the linker cannot find is at fault in the file that should
    define it: the exercise file whose reference (or stub) defines it.
    """
    found: dict[str, list[Exercise]] = {}

    def add(folder: str, name: str, kind: str = "exercises") -> None:
        path = f"{kind}/{folder}/{name}"
        if path not in found:
            found[path] = [e for s in ctx.course.stages if s.name == folder
                           for e in s.exercises if name in e.files]

    for line in errors:
        match = _SOURCE.search(line)
        if match:
            add(match.group(3), match.group(4), match.group(2))
        missing = _UNDEFINED.search(line)
        if missing:
            for stage, name in _defined_in(ctx, missing.group(1) + "("):
                add(stage.name, name)
    return list(found.items())


def _defined_in(ctx: Context, function: str) -> list[tuple[Stage, str]]:
    """The exercise files that define function ("UniqueFd::release("), in the reference or,
    without one, in the stubs as they are now."""
    found = []
    for stage in ctx.course.stages:
        folder = stage.folder("solutions" if stage.has_solution else "exercises")
        for path in sorted(folder.glob("*.cpp")):
            try:
                if function in path.read_text(errors="replace"):
                    found.append((stage, path.name))
            except OSError:
                continue
    return found


def _progress(total: int):
    if not sys.stderr.isatty():
        return None
    count = [0]

    def show(result: TestResult) -> None:
        count[0] += 1
        sys.stderr.write(f"\r  running: {count[0]}/{total}".ljust(40) + "\r")
        if count[0] == total:
            sys.stderr.write(" " * 40 + "\r")
        sys.stderr.flush()

    return show


def _report(ctx: Context, run: StageRun, exercise: Exercise | None, names: list[str]) -> None:
    """Every failure, exercise by exercise, and the stage's score.

    For a whole stage, the first unfinished exercise is shown in full and every
    later one not started yet (its own stub stops each of its tests) in one
    line, as rustlings shows only the exercise at hand. A test stopped by the
    stub of another exercise is counted under it, and said once at the end.
    """
    style = ctx.style
    owners = run.stage.test_points()
    shown_in_full = compacted = False
    stopped_in: dict[str, list[str]] = {}  # exercise id -> the tests its stub stopped
    for current in ([exercise] if exercise else run.stage.exercises):
        selected = [n for n in current.tests if n in names]
        failing = [n for n in selected if not run.results[n].passed]
        if not failing:
            continue
        passing = len(selected) - len(failing)
        stops = {n: run.results[n].not_done_exercise for n in failing}
        elsewhere: dict[str, list[str]] = {}
        for name, other in stops.items():
            if other and other != current.id:
                elsewhere.setdefault(other, []).append(name)
        not_started = (not passing and all(stops.values())
                       and current.id in stops.values())
        if not_started and shown_in_full and exercise is None:
            print(f"  {style.bad} exercise {current.id}: {current.title}   "
                  + style.dim(f"not started ({_tests(len(selected))}), read {current.section}"))
            compacted = True
            continue
        print(style.bold(f"exercise {current.id}: {current.title}") +
              f"   read {current.section}")
        shown_in_full = True
        for other, tests in elsewhere.items():
            stopped_in.setdefault(other, []).extend(tests)
        own = [n for n in failing if stops[n] == current.id]
        for name in failing:
            if name not in own and stops[name] not in elsewhere:
                print_failure(style, run.results[name], ctx.root)
        if own:
            # One stub, one message: said once, with the tests it stops.
            print(f"  {style.bad} {_tests(len(own))} stopped in this exercise's stub "
                  f"(NOT DONE: {run.results[own[0]].not_done}):")
            for name in own:
                print(f"      {name}")
        for other, tests in elsewhere.items():
            print(f"  {style.bad} {_tests(len(tests))} stopped in exercise {other}, which is "
                  "not done yet:")
            for name in tests[:3]:
                print(f"      {name}")
            if len(tests) > 3:
                print(f"      and {len(tests) - 3} more")
        if passing:
            print(f"  {style.ok} {passing} other test{'s' if passing > 1 else ''} of "
                  f"{current.id} pass{'' if passing > 1 else 'es'}")
        print()
    if compacted:
        print()
    for problem in run.problems:
        print(style.yellow("warning: " + problem))
    if stopped_in:
        _say_blockers(ctx, run.stage, stopped_in)
    got = run.passed(names)
    points = sum(owners[n][1] for n in names if run.results[n].passed)
    most = sum(owners[n][1] for n in names)
    what = f"exercise {exercise.id}" if exercise else f"stage {run.stage.id} ({run.stage.title})"
    mark = style.ok if got == len(names) else style.bad
    print(f"{mark} {what}: {got} of {len(names)} tests pass, {points}/{most} points")


def _tests(count: int) -> str:
    return f"{count} test{'s' if count != 1 else ''}"


def _say_blockers(ctx: Context, stage: Stage, stopped_in: dict[str, list[str]]) -> None:
    """Once per run: the unfinished exercises the tests ran into, and the way past them."""
    style = ctx.style
    known = {e.id: e for e in ctx.course.exercises()}
    blockers = sorted(stopped_in, key=lambda i: (i.split(".")[0], int(i.split(".")[1])))
    print(style.yellow(style.bold("Some tests stopped in exercises that are not done yet:")))
    for exercise_id in blockers:
        count = len(stopped_in[exercise_id])
        other = known.get(exercise_id)
        title = f" {other.title}" if other else ""
        print(f"  {exercise_id}{title} (stage {exercise_id[:2]}): stopped {_tests(count)}")
    same = [i for i in blockers if i[:2] == stage.id]
    earlier = sorted({i[:2] for i in blockers if i[:2] < stage.id})
    later = sorted({i[:2] for i in blockers if i[:2] > stage.id})
    print("Those tests cannot pass until these exercises are done.")
    for exercise_id in same:
        print(f"  Exercise {exercise_id} is of this stage: do it first "
              f"(./course test {stage.id} {exercise_id}).")
    stages = {s.id: s for s in ctx.course.stages}
    can_skip = [i for i in earlier if i in stages and stages[i].has_solution]
    if can_skip and ctx.course.has_solutions:
        folders = ", ".join(f"exercises/{stages[i].name}/" for i in can_skip)
        plural = "s" if len(can_skip) > 1 else ""
        print(f"  To work on stage {stage.id} now, take the earlier stage{plural} from the "
              f"reference:\n      ./course use-reference {' '.join(can_skip)}\n"
              f"  Your files in {folders} stay as they are; ./course use-exercises "
              f"{' '.join(can_skip)} builds from them again.")
    for stage_id in [i for i in earlier if i not in can_skip] + later:
        first = next(i for i in blockers if i[:2] == stage_id)
        print(f"  Stage {stage_id} comes first: ./course test {stage_id} {first}")
    print()


def print_failure(style: Style, result: TestResult, root: Path | None = None) -> None:
    """One failing test: its name, then GoogleTest's text indented (or the NOT DONE line)."""
    kind = {"failed": "", "crashed": " (crashed)", "timeout": " (timed out)",
            "not_run": " (did not run)"}.get(result.status, "")
    print(f"  {style.bad} {result.name}" + (style.red(kind) if kind else ""))
    if result.not_done:
        lines = ["NOT DONE: " + result.not_done]
    else:
        output = result.output.replace(f"{root}/", "") if root else result.output
        lines = [line.rstrip() for line in textwrap.dedent(output).splitlines() if line.strip()]
    if not lines and result.status == "not_run":
        lines = ["the test binary has no such test: is it spelled the same in stage.toml?"]
    for line in lines[:40]:
        print("      " + line)
    if len(lines) > 40:
        print(f"      ... {len(lines) - 40} more lines")


def _check_earlier(ctx: Context, earlier: list[Stage], early: dict[str, StageRun]) -> bool:
    """Re-run the stages that were all green; True when one of them regressed."""
    style = ctx.style
    regressed = False
    for stage in earlier:
        if stage.id in early:
            print(style.red(f"REGRESSION: stage {stage.id} passed before and now does not "
                            "compile."))
            regressed = True
            continue
        run = run_stage(ctx, stage)
        graded = list(stage.test_points())
        failing = [n for n in graded if not run.results[n].passed]
        if failing:
            regressed = True
            print()
            print(style.red(style.bold(
                f"REGRESSION: stage {stage.id} ({stage.title}) passed before; now "
                f"{len(failing)} of its tests fail:")))
            for name in failing:
                print_failure(style, run.results[name], ctx.root)
    return regressed


def _say_next(ctx: Context, stage: Stage, exercise: Exercise | None) -> None:
    """After a green run, point at the next exercise not known to pass."""
    exercises = ctx.course.exercises()
    start = exercises.index(exercise) + 1 if exercise else exercises.index(stage.exercises[-1]) + 1
    for candidate in exercises[start:] + exercises[:start]:
        if ctx.is_reference(candidate.stage):
            continue
        if not ctx.state.stage_passed(candidate.stage.id, list(candidate.tests)):
            print(f"Next: exercise {candidate.id}: {candidate.title}\n"
                  f"  read  {candidate.section}\n"
                  f"  run   ./course test {candidate.stage.id} {candidate.id}")
            return
