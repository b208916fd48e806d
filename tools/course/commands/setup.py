"""./course setup: install what is missing, build the learner track, show the board."""

from __future__ import annotations

from .. import packages
from ..build import first_errors
from ..context import Context
from . import status
from .packages import elsewhere


def register(subparsers) -> None:
    """Add the setup command."""
    parser = subparsers.add_parser(
        "setup", help="install the packages the course needs, build, show the board",
        description="Resolve tools/packages-debian.txt against apt (./course packages shows "
                    "how) and install what is missing (as root; otherwise print the command), "
                    "then configure and build the learner track and show the progress board. "
                    "Build output goes to build/logs/.")
    parser.set_defaults(func=main)


def main(args) -> int:
    """Packages first, then the board (which configures and builds)."""
    ctx = Context.load()
    if not packages.is_debian():
        print("This system does not use apt, so setup cannot install packages for you; "
              + elsewhere(ctx.root))
        print("(CMake >= 3.25, a C++20 compiler, Boost >= 1.81 with Boost.JSON, llhttp, SQLite3, "
              "GoogleTest, Google Benchmark, Doxygen with Graphviz, Python >= 3.11.)")
    elif not packages.ensure(ctx.root):
        return 1
    print(ctx.style.dim("Building the learner track (the log: build/logs/learner-build.log)..."))
    result = ctx.learner_build().build(None)
    if not result.ok:
        # The board below says which stage is at fault; this shows where.
        print(ctx.style.red("Part of the learner track does not build yet:"))
        for line in first_errors(result.failed.get("all", ""), ctx.root):
            print("    " + line)
    print(status.board(ctx))
    return 0
