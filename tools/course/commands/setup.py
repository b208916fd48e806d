"""./course setup: install what is missing, build the learner track, show the board."""

from __future__ import annotations

import os
import shlex
import subprocess

from .. import packages
from ..build import first_errors
from ..context import Context
from ..metadata import CourseError
from . import status


def register(subparsers) -> None:
    """Add the setup command."""
    parser = subparsers.add_parser(
        "setup", help="install the packages the course needs, build, show the board",
        description="Check the packages in tools/packages-debian.txt and install the missing "
                    "ones (as root; otherwise print the command), then configure and build the "
                    "learner track and show the progress board. Build output goes to "
                    "build/logs/.")
    parser.set_defaults(func=main)


def main(args) -> int:
    """Packages first, then the board (which configures and builds)."""
    ctx = Context.load()
    listed = packages.read_list(ctx.root / "tools" / "packages-debian.txt")
    if not packages.is_debian():
        print("This system does not use apt, so setup cannot install packages for you. Install "
              "your distribution's equivalents of these Debian packages, then run ./course "
              "setup again:\n  " + " ".join(listed))
        print("(CMake >= 3.25, a C++20 compiler, Boost >= 1.81 with Boost.JSON, llhttp, SQLite3, "
              "GoogleTest, Google Benchmark, Doxygen with Graphviz, Python >= 3.11.)")
    else:
        wanted = packages.missing(listed)
        if wanted:
            root = os.geteuid() == 0
            commands = packages.install_command(wanted, root)
            if not root:
                print("These packages are missing: " + " ".join(wanted))
                print("Install them with:\n  " + " && ".join(shlex.join(c) for c in commands))
                print("then run ./course setup again.")
                return 1
            print("Installing: " + " ".join(wanted))
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            for command in commands:
                if subprocess.run(command, env=env).returncode != 0:
                    raise CourseError(f"{shlex.join(command)} failed (its output is above)")
    print(ctx.style.dim("Building the learner track (the log: build/logs/learner-build.log)..."))
    result = ctx.learner_build().build(None)
    if not result.ok:
        # The board below says which stage is at fault; this shows where.
        print(ctx.style.red("Part of the learner track does not build yet:"))
        for line in first_errors(result.failed.get("all", ""), ctx.root):
            print("    " + line)
    print(status.board(ctx))
    return 0
