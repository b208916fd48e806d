"""./course export-template DIR: the repository a class of students clones.

The template is the course without what only instructors have: solutions/,
the course's own CI (.github/, .ci/: it proves the solutions green), build
trees and local state. It keeps the stubs, the lessons, the book and the
CLI, which sees that solutions/ is absent and explains why the reference
commands are not there. It adds a GitHub Classroom workflow that grades
every push with `./course grade . --format classroom`.

In a git checkout, only files git knows or would add (not ignored) are
exported, so an instructor's ignored notes stay home; untracked files are
listed, since they are exported too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .. import layout
from ..metadata import CourseError

# Only instructors have these; a student template leaves them out.
# fuzz/ fuzzes the reference solutions, so it goes with them.
INSTRUCTOR_ONLY = ("solutions", "fuzz", ".github", ".ci", "build", ".course", ".git")
_SKIPPED_NAMES = {"__pycache__", ".DS_Store"}
WORKFLOW = ".github/workflows/classroom.yml"

# The README's second command proves the reference green, which a student
# copy cannot; students get the command that grades their work instead.
README_TEST_COMMAND = (
    "./course verify    # the whole test suite: every graded test red on the stubs, "
    "green on the reference")
STUDENT_TEST_COMMAND = (
    "./course grade .   # grade your work exactly as your class's autograder does")

CLASSROOM_WORKFLOW = """\
# GitHub Classroom grades every push with the course's own grader.
# The job's name is the check run GitHub Classroom's reporter updates with
# "Points X/Y"; do not rename it.
name: Autograding Tests
on: [push, workflow_dispatch, repository_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    if: github.actor != 'github-classroom[bot]'
    runs-on: ubuntu-latest
    # Debian 12: the course's CI tests every part of the course on it, the
    # grader included (debian:13 and ubuntu:24.04 resolve the same packages
    # by the same rules). As root in the container, the grader runs each test
    # as a dedicated unprivileged user.
    container: debian:12
    timeout-minutes: 45
    steps:
      - uses: actions/checkout@v4
      - name: Install the course's packages
        # Resolved for the container's release, as ./course setup does it;
        # ./course installs Python 3.11 first.
        run: ./course packages --install --quiet
      - name: Grade
        id: minifw
        run: ./course grade . --format classroom
      - name: Report the points to GitHub Classroom
        if: always()
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
          MINIFW_RESULTS: "${{ steps.minifw.outputs.result }}"
        with:
          runners: minifw
"""


def register(subparsers) -> None:
    """Add the export-template command."""
    parser = subparsers.add_parser(
        "export-template", help="write the student template repository (instructors)",
        description=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("directory", type=Path, help="where to write the template")
    parser.add_argument("--force", action="store_true",
                        help="write into a folder that is not empty")
    parser.add_argument("--git", action="store_true",
                        help="also make it a git repository with one commit, ready to push")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """The command."""
    root = layout.root()
    target = Path(args.directory).resolve()
    written, untracked = export_template(root, target, force=args.force)
    if untracked:
        shown = "\n".join(f"    {path}" for path in untracked[:20])
        more = f"\n    ... and {len(untracked) - 20} more" if len(untracked) > 20 else ""
        print(f"note: these files are not committed, and were exported; check that they are "
              f"meant for students:\n{shown}{more}", file=sys.stderr)
    if args.git:
        _commit(target)
    print(f"Wrote the student template to {target} ({len(written)} files).")
    print("Next: push it to GitHub, mark it as a template repository, and use it for a GitHub "
          "Classroom assignment; see book/instructor-guide.md.")
    return 0


def export_template(root: Path, target: Path, force: bool = False) -> tuple[list[str], list[str]]:
    """Copy the course's student files to target; (files written, untracked files among them)."""
    if target == root or root in target.parents:
        raise CourseError(f"{target} is inside the course; export the template outside it")
    if target.exists() and not target.is_dir():
        raise CourseError(f"{target} is a file; name a folder for the template")
    if target.exists() and any(target.iterdir()) and not force:
        raise CourseError(f"{target} is not empty; choose a new folder or pass --force")
    files, untracked = student_files(root)
    for rel, source in files.items():
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination, follow_symlinks=True)
    readme = target / "README.md"
    if readme.is_file():
        readme.write_text(readme.read_text().replace(README_TEST_COMMAND, STUDENT_TEST_COMMAND))
    workflow = target / WORKFLOW
    workflow.parent.mkdir(parents=True, exist_ok=True)
    workflow.write_text(CLASSROOM_WORKFLOW)
    return sorted(files) + [WORKFLOW], untracked


def student_files(root: Path) -> tuple[dict[str, Path], list[str]]:
    """The course's files a student gets, by relative path; and those git does not track."""
    listed = _git_files(root)
    untracked: list[str] = []
    if listed is None:
        candidates = _walk(root)
    else:
        candidates, untracked = listed
    chosen = {}
    for rel in candidates:
        parts = rel.split("/")
        if parts[0] in INSTRUCTOR_ONLY or _SKIPPED_NAMES & set(parts) or rel.endswith(".pyc"):
            continue
        path = root / rel
        if path.is_file():
            chosen[rel] = path
    return chosen, [rel for rel in untracked if rel in chosen]


def _git_files(root: Path) -> tuple[list[str], list[str]] | None:
    """(every file git tracks or would add, the untracked ones), or None outside git."""
    if not (root / ".git").exists() or not shutil.which("git"):
        return None

    def listing(*options: str) -> list[str]:
        done = subprocess.run(["git", "-C", str(root), "ls-files", "-z", *options],
                              capture_output=True, check=True)
        return [item for item in done.stdout.decode().split("\0") if item]

    try:
        tracked = listing("--cached")
        untracked = listing("--others", "--exclude-standard")
    except (subprocess.CalledProcessError, OSError):
        return None
    return tracked + untracked, untracked


def _walk(root: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIPPED_NAMES]
        found += [Path(folder, name).relative_to(root).as_posix() for name in files]
    return found


def _commit(target: Path) -> None:
    """git init and one commit, with a fallback identity when none is configured."""
    def git(*words: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(target), *words], capture_output=True, text=True)

    if git("init", "-q").returncode != 0:
        raise CourseError(f"git init failed in {target}")
    git("add", "-A")
    identity = []
    if not git("config", "user.email").stdout.strip():
        identity = ["-c", "user.name=minifw course", "-c", "user.email=course@example.invalid"]
    done = git(*identity, "commit", "-q", "-m", "Student template")
    if done.returncode != 0:
        raise CourseError(f"git commit failed in {target}: {done.stderr.strip()}")
