"""./course use-reference / use-exercises / track: which stages come from solutions/."""

from __future__ import annotations

from .. import layout
from ..context import Context
from ..metadata import CourseError
from .reset import original


def register(subparsers) -> None:
    """Add use-reference, use-exercises and track."""
    parser = subparsers.add_parser(
        "use-reference",
        help=layout.reference_only("take stages from the reference solution (skip them)"),
        description="Build these stages from solutions/ instead of your exercises/, for "
                    "example to jump in at a later stage. Your files are not touched.")
    parser.add_argument("stages", metavar="NN", nargs="+", help="stage ids such as 01 02")
    parser.set_defaults(func=use_reference)

    parser = subparsers.add_parser(
        "use-exercises", help="build stages from your own exercises/ again",
        description="Undo use-reference for these stages (or 'all').")
    parser.add_argument("stages", metavar="NN", nargs="+", help="stage ids such as 01, or all")
    parser.set_defaults(func=use_exercises)

    parser = subparsers.add_parser(
        "track", help="show which stages come from the reference",
        description="Show, per stage, whether it is built from your exercises/ or from solutions/.")
    parser.set_defaults(func=show)


def use_reference(args) -> int:
    """Add stages to the reference list and reconfigure the learner build."""
    ctx = Context.load()
    ctx.require_solutions("use-reference")
    chosen = set(ctx.reference_stages())
    added = []
    for text in args.stages:
        stage = ctx.course.stage(text)
        if not stage.has_solution:
            raise CourseError(f"stage {stage.id} has no reference in this copy of the course "
                              f"(solutions/{stage.name} is missing), so it cannot be skipped")
        if stage.id not in chosen:
            added.append(stage)
        chosen.add(stage.id)
    status = _apply(ctx, sorted(chosen))
    for stage in added:
        work = learner_work(ctx, stage)
        if work:
            print(ctx.style.yellow(
                f"Your work on stage {stage.id} ({work}) stays in exercises/{stage.name}/, "
                "untouched; the build just does not use it now. ./course use-exercises "
                f"{stage.id} builds from it again."))
    return status


def learner_work(ctx: Context, stage) -> str:
    """What the learner has done on a stage, in words ("12 of 35 tests passed"), or ""."""
    said = []
    verdicts = ctx.state.results().get(stage.id, {})
    graded = list(stage.test_points())
    passed = sum(1 for name in graded if verdicts.get(name) == "passed")
    if passed:
        said.append(f"{passed} of {len(graded)} tests passed in your last run")
    changed = 0
    for path in sorted(stage.folder("exercises").glob("*")):
        if not path.is_file():
            continue
        try:
            stub = original(ctx.root, f"exercises/{stage.name}/{path.name}")
        except CourseError:
            continue  # not a git checkout, or a file of the learner's own: nothing to compare
        if path.read_bytes() != stub:
            changed += 1
    if changed:
        said.append(f"{changed} file{'s' if changed > 1 else ''} changed from the stubs")
    return "; ".join(said)


def use_exercises(args) -> int:
    """Remove stages from the reference list and reconfigure the learner build."""
    ctx = Context.load()
    chosen = set(ctx.reference_stages())
    if [s.lower() for s in args.stages] == ["all"]:
        chosen.clear()
    else:
        for text in args.stages:
            chosen.discard(ctx.course.stage(text).id)
    return _apply(ctx, sorted(chosen))


def _apply(ctx: Context, chosen: list[str]) -> int:
    ctx.state.set_reference_stages(chosen)
    ctx.learner_build().configure()
    return show_track(ctx)


def show(args) -> int:
    """Print the track."""
    return show_track(Context.load())


def show_track(ctx: Context) -> int:
    """One line per stage: where its code comes from."""
    style = ctx.style
    column = max((len(stage.title) for stage in ctx.course.stages), default=0) + 2
    for stage in ctx.course.stages:
        if ctx.is_reference(stage):
            where = (f"{style.ref} solutions/{stage.name}   "
                     f"(./course use-exercises {stage.id} to undo)")
        else:
            where = f"  exercises/{stage.name}"
        print(f"{stage.id}  {stage.title.ljust(column)}{where}")
    if not ctx.course.stages:
        print("The course has no stage with metadata yet.")
    return 0
