"""./course status: the progress board, from real test results."""

from __future__ import annotations

import sys

from ..board import render_board
from ..context import Context
from ..runs import run_all


def register(subparsers) -> None:
    """Add the status command (also what ./course does with no command)."""
    parser = subparsers.add_parser(
        "status", help="the progress board and what to do next (the default)",
        description="Build your track, run every stage's tests and show, per exercise, tests "
                    "passed and points earned, then the next thing to do.")
    parser.set_defaults(func=main)


def main(args) -> int:
    """Print the board; exit 0 whatever the results, it is a report."""
    ctx = Context.load()
    print(board(ctx))
    return 0


def board(ctx: Context) -> str:
    """Build, run every stage of the learner's own and render the board."""
    progress = sys.stderr.isatty()

    def announce(stage) -> None:
        if progress:
            sys.stderr.write(f"\rrunning stage {stage.id}'s tests...".ljust(60) + "\r")
            sys.stderr.flush()

    runs = run_all(ctx, on_stage=announce)
    if progress:
        sys.stderr.write(" " * 60 + "\r")
    return render_board(ctx.course, runs, ctx.style)
