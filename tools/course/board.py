"""The progress board: per stage and exercise, tests passed and points earned, and what next."""

from __future__ import annotations

from dataclasses import dataclass

from .metadata import Course, Exercise
from .runs import StageRun
from .term import Style, width

ERROR_LINES = 8


@dataclass
class Next:
    """The one thing the learner should do now."""

    what: str
    read: str | None
    run: str | None


def next_step(runs: list[StageRun]) -> Next | None:
    """The first stage that does not compile, else the first unfinished exercise."""
    for run in runs:
        if run.kind == "build_failed":
            return Next(f"make stage {run.stage.id} compile (the errors are above)", None,
                        f"./course test {run.stage.id}")
        if run.kind != "ran":
            continue
        for exercise in run.stage.exercises:
            if run.passed(exercise.tests) < len(exercise.tests):
                return Next(f"exercise {exercise.id}: {exercise.title}", exercise.section,
                            f"./course test {run.stage.id} {exercise.id}")
    return None


def render_board(course: Course, runs: list[StageRun], style: Style) -> str:
    """The whole board as text; runs has one entry per stage, in course order."""
    lines: list[str] = []
    reference = [run.stage.id for run in runs if run.kind == "reference"]
    track = "learner track"
    if reference:
        plural = "s" if len(reference) > 1 else ""
        track += f" (stage{plural} {', '.join(reference)} from the reference)"
    lines.append(style.bold("minifw: build a web framework in C++20") + style.dim(f"   {track}"))
    if not runs:
        lines.append("")
        lines.append("No stage has a lessons/NN-name/stage.toml yet.")
        return "\n".join(lines)

    # Room for the longest title, as far as the terminal allows beside the counts.
    # Titles start in one column, also past exercise 9 of a stage (06.10).
    id_width = max((len(e.id) for run in runs for e in run.stage.exercises), default=4)
    title_width = min(max(30, width() - 36), max((id_width + 2 + len(e.title) for run in runs
                                                  for e in run.stage.exercises), default=20))
    # Fractions line up on their slash, however many digits a count has.
    every = [e for run in runs if run.kind != "reference" for e in run.stage.exercises]
    test_digits = max((len(str(len(e.tests))) for e in every), default=1)
    point_digits = max((len(str(e.points)) for e in every), default=1)
    earned = possible = passed = total = done = exercises = 0
    for run in runs:
        stage = run.stage
        lines.append("")
        heading = f"{stage.id}  {stage.title}"
        if run.kind == "reference":
            lines.append(f"{style.dim(heading)}   {style.ref} taken from solutions/ "
                         f"(./course use-exercises {stage.id} to write it yourself)")
            continue
        if run.kind == "ran":
            stage_points = sum(_earned(run, e) for e in stage.exercises)
            heading_note = style.dim(f"{stage_points}/{stage.points} points")
        elif run.kind == "build_failed":
            heading_note = style.red("does not compile:")
        elif run.kind == "blocked":
            heading_note = style.yellow(f"waits for stage {run.blocked_by} to compile")
        else:
            heading_note = style.yellow("no test binary yet (tests/" + stage.name + " is empty)")
        lines.append(f"{style.bold(heading)}   {heading_note}")
        if run.kind == "build_failed":
            lines.extend("      " + line for line in run.errors[:ERROR_LINES])
        for exercise in stage.exercises:
            got = run.passed(exercise.tests)
            count = len(exercise.tests)
            points = _earned(run, exercise)
            finished = got == count
            mark = style.ok if finished else style.bad
            label = f"{exercise.id:<{id_width}}  {exercise.title}"
            if len(label) > title_width:
                ellipsis = "…" if style.fancy else "..."
                label = label[: title_width - len(ellipsis)] + ellipsis
            tests = f"{got:>{test_digits}}/{count:<{test_digits}}"
            score = f"{points:>{point_digits}}/{exercise.points:<{point_digits}}"
            lines.append(f"  {mark} {label.ljust(title_width)}  {tests} tests  {score} points")
            earned += points
            possible += exercise.points
            passed += got
            total += count
            done += finished
            exercises += 1
        for problem in run.problems:
            lines.append("    " + style.yellow("warning: " + problem.splitlines()[0]))

    lines.append("")
    lines.append(style.bold(f"Total: {earned}/{possible} points, {passed}/{total} tests, "
                            f"{done} of {exercises} exercises done"))
    step = next_step(runs)
    lines.append("")
    if step is None:
        if exercises and done == exercises:
            lines.append(style.green("Every exercise passes. ") +
                         "Compare yours with the reference: ./course compare NN")
    else:
        lines.append(style.bold("Next: ") + step.what)
        if step.read:
            lines.append(f"  read  {step.read}")
        if step.run:
            lines.append(f"  run   {step.run}")
    if course.without_metadata:
        lines.append("")
        lines.append(style.dim("Not on the board yet (no lessons/NAME/stage.toml): "
                               + ", ".join(course.without_metadata)))
    return "\n".join(lines)


def _earned(run: StageRun, exercise: Exercise) -> int:
    return sum(points for name, points in exercise.tests.items()
               if name in run.results and run.results[name].passed)
