"""./course packages: what tools/packages-debian.txt resolves to here; install it."""

from __future__ import annotations

import sys

from .. import layout, packages
from ..metadata import CourseError
from ..term import Style


def register(subparsers) -> None:
    """Add the packages command."""
    parser = subparsers.add_parser(
        "packages", help="the distribution packages the course needs, as this system names them",
        description="Resolve tools/packages-debian.txt against apt: for each need, the first "
                    "alternative installed or installable in a version new enough. With no "
                    "option, show each need, its package and whether it is installed (exit 1 "
                    "when something is missing). setup, CI and the graders install through "
                    "--install.")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--print", action="store_true", dest="print_names",
                      help="print the chosen package names, one a line, for scripts (exit 1, "
                           "saying why on stderr, when a need cannot be met)")
    what.add_argument("--install", action="store_true",
                      help="as root: apt-get update and install what is missing; otherwise "
                           "print the command to run")
    parser.add_argument("--quiet", action="store_true",
                        help="with --install, show apt's output only if it fails")
    parser.set_defaults(func=main)


def main(args) -> int:
    """The command."""
    root = layout.root()
    if not packages.is_debian():
        raise CourseError("this system has no apt; " + elsewhere(root))
    if args.install:
        return 0 if packages.ensure(root, quiet=args.quiet) else 1
    resolution = packages.resolve_here(root)
    if args.print_names:
        for line in resolution.unmet:
            print(f"no package: {line}", file=sys.stderr)
        print("\n".join(resolution.packages))
        return 1 if resolution.unmet else 0
    style = Style.for_stream(sys.stdout)
    width = max((len(f"{c.package} {c.version}") for c in resolution.choices if c.package),
                default=0)
    for choice in resolution.choices:
        if choice.package is None:
            print(f"{style.bad} {packages.why_unmet(choice.need, resolution.policies)}")
            continue
        text = f"{choice.package} {choice.version}"
        state = "installed " if choice.installed else "to install"
        print(f"{style.ok if choice.installed else style.bad} {text:<{width}}  {state}  "
              + style.dim(first_sentence(choice.need.why)))
    if resolution.unmet:
        print("apt offers nothing new enough for the needs marked above; if its package lists "
              "are old, apt-get update may help (the README lists the supported systems).")
    if resolution.missing:
        print("./course setup installs what is missing (as root, or it prints the command).")
    return 1 if resolution.missing or resolution.unmet else 0


def elsewhere(root) -> str:
    """What to install on a system without apt, by what each need is for."""
    lines = [f"  {first_sentence(need.why) or need}  (Debian: {need})"
             for need in packages.read_needs(root / packages.LIST)]
    return ("install your distribution's equivalents of these Debian packages, then run "
            "./course setup again:\n" + "\n".join(lines))


def first_sentence(text: str) -> str:
    """A need's reason, shortened to its first sentence."""
    head, dot, _ = text.partition(". ")
    return head + dot.strip() if dot else text
