"""./course watch [NN]: run the current stage's tests again on every save."""

from __future__ import annotations

import time

from ..context import Context
from ..metadata import CourseError, Stage
from ..watcher import make_watcher
from . import test


def register(subparsers) -> None:
    """Add the watch command."""
    parser = subparsers.add_parser(
        "watch", help="re-run the current stage's tests whenever you save a file",
        description="Run the tests of stage NN (by default the stage of your next unfinished "
                    "exercise) now and after every change under exercises/. Ctrl-C stops.")
    parser.add_argument("stage", metavar="NN", nargs="?", help="a stage id such as 02")
    parser.add_argument("--poll", action="store_true",
                        help="check modification times every second instead of using inotify")
    parser.set_defaults(func=main)


def current_stage(ctx: Context) -> Stage | None:
    """The stage of the first of the learner's exercises not known to pass."""
    own = [s for s in ctx.course.stages if not ctx.is_reference(s)]
    for stage in own:
        for exercise in stage.exercises:
            if not ctx.state.stage_passed(stage.id, list(exercise.tests)):
                return stage
    return own[-1] if own else None


def main(args) -> int:
    """Loop: test, wait for a change, test again; Ctrl-C ends it."""
    ctx = Context.load()
    fixed = ctx.course.stage(args.stage) if args.stage else None
    watcher, how = make_watcher(ctx.root / "exercises", poll=args.poll)
    try:
        changed: list[str] = []
        while True:
            ctx = Context.load()
            stage = fixed or current_stage(ctx)
            if stage is None:
                print("The course has no stage to test yet.")
                return 1
            if ctx.style.fancy:
                # A fresh screen per run, so the failures on it are the current ones.
                print("\033[H\033[2J", end="")
            print(ctx.style.bold(f"[{time.strftime('%H:%M:%S')}] stage {stage.id}: {stage.title}")
                  + (ctx.style.dim(f"   ({', '.join(_short(ctx, p) for p in changed[:3])} changed)")
                     if changed else ""))
            try:
                test.test_stage(ctx, stage, None)
            except CourseError as error:
                # A mistake mid-edit (a stage.toml half written, say) ends this run, not watch.
                print(ctx.style.red(f"course: {error}"))
            print(ctx.style.dim(f"\n{how}; Ctrl-C stops"), flush=True)
            changed = watcher.wait()
    except KeyboardInterrupt:
        print("\nstopped watching")
        return 0
    finally:
        watcher.close()


def _short(ctx: Context, path: str) -> str:
    prefix = str(ctx.root) + "/"
    return path[len(prefix):] if path.startswith(prefix) else path
