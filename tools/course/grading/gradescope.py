"""./course gradescope-package FILE.zip: an autograder for Gradescope.

Gradescope unpacks the zip into /autograder/source, runs setup.sh once (as
root) when it builds the image, then run_autograder for every submission,
with the student's files in /autograder/submission, and shows
/autograder/results/results.json (see
https://gradescope-autograders.readthedocs.io/en/latest/specs/). The zip holds:

    setup.sh          installs what tools/packages-debian.txt needs (./course packages
                      --install), then builds the course once, so grading compiles only
                      what a submission changed
    run_autograder    ./course grade /autograder/submission --format gradescope
    course/           the student template: the course without solutions/
    hidden-tests/     the --extra-tests folder, when given

AUTOGRADER_ROOT replaces /autograder in both scripts, so the whole thing can
be tried on any machine with the same folders under a temporary one.
"""

from __future__ import annotations

import argparse
import shlex
import stat
import sys
import time
import zipfile
from pathlib import Path

from .. import layout
from ..metadata import load_course
from . import limits
from .extra_tests import load_extra_tests
from .grade import select_stages
from .template import student_files

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
course="$root/source/course"

chmod 755 "$course/course"
# Install what tools/packages-debian.txt needs and the image lacks, resolved
# for the image's release exactly as ./course setup does it (Debian 12 or 13,
# Ubuntu 24.04); ./course installs Python 3.11 first if it has to.
"$course/course" packages --install --quiet

# Hidden tests: for the grader (root) to copy, not for a submission to read.
if [ -d "$root/source/hidden-tests" ]; then
    chmod -R go-rwx "$root/source/hidden-tests"
fi
# Build every stage once now (it also creates the user that runs submissions):
# grading a submission then recompiles only the files it changed. A build
# failure here means the image lacks something: stop, so it shows.
"$course/course" grade "$course" --build-only @OPTIONS@
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission and shows results/results.json.
root="${AUTOGRADER_ROOT:-/autograder}"
course="$root/source/course"
mkdir -p "$root/results"
cd "$root"
# A user created now, in this container, gets a uid of its own: containers on
# one machine share the process limit of a uid they all have.
"$course/course" grade "$root/submission" --format gradescope --user minifw-submission \\
    --out "$root/results/results.json" @OPTIONS@
status=$?
# 0: every test passed, 1: some did not; both wrote results.json.
[ "$status" -le 1 ] && exit 0
exit "$status"
"""


def register(subparsers) -> None:
    """Add the gradescope-package command."""
    parser = subparsers.add_parser(
        "gradescope-package", help="write a Gradescope autograder zip (instructors)",
        description=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("zip", type=Path, metavar="FILE.zip", help="the zip to write")
    parser.add_argument("--stages", nargs="+", metavar="NN",
                        help="grade only these stages (default: every stage)")
    parser.add_argument("--extra-tests", type=Path, metavar="DIR",
                        help="hidden tests to include (see book/instructor-guide.md)")
    limits.add_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """The command."""
    root = layout.root()
    count = write_package(root, Path(args.zip), args)
    print(f"Wrote {args.zip} ({count} files). Upload it as the autograder of a Gradescope "
          "programming assignment; see book/instructor-guide.md.", file=sys.stderr)
    return 0


def write_package(root: Path, zip_path: Path, args: argparse.Namespace) -> int:
    """Write the zip; returns how many files it holds."""
    course = load_course(root)
    load_extra_tests(args.extra_tests, course)  # refuse a broken folder now, not on Gradescope
    selection: list[str] = []
    if args.stages:
        selection += ["--stages"] + [stage.id for stage in select_stages(course, args.stages)]
    if args.extra_tests:
        selection += ["--extra-tests", '"$root/source/hidden-tests"']
    limit_words = [shlex.quote(word) for word in limits.option_words(args)]

    files, _ = student_files(root)
    entries: dict[str, tuple[Path | str, int]] = {
        f"course/{rel}": (path, _mode(path)) for rel, path in files.items()
    }
    if args.extra_tests:
        base = Path(args.extra_tests)
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            entries[f"hidden-tests/{path.relative_to(base).as_posix()}"] = (path, 0o644)
    entries["setup.sh"] = (SETUP_SH.replace("@OPTIONS@", " ".join(selection)), 0o755)
    entries["run_autograder"] = (
        RUN_AUTOGRADER.replace("@OPTIONS@", " ".join(selection + limit_words)), 0o755)

    zip_path.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.localtime()[:6]
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (source, mode) in sorted(entries.items()):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = source.encode() if isinstance(source, str) else source.read_bytes()
            archive.writestr(info, data)
    return len(entries)


def _mode(path: Path) -> int:
    return 0o755 if path.stat().st_mode & stat.S_IXUSR else 0o644
