"""./course reset EXERCISE: put an exercise's files back to the stub as first committed."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from .. import layout
from ..context import Context
from ..metadata import CourseError


def register(subparsers) -> None:
    """Add the reset command."""
    parser = subparsers.add_parser(
        "reset", help="restore an exercise's files to the original stub (keeps a backup)",
        description="Copy EXERCISE's files to .course/backups/TIME/, then restore them to the "
                    "stub as git first recorded it. Needs a git checkout.")
    parser.add_argument("exercise", metavar="EXERCISE", help="an exercise id such as 02.3")
    parser.set_defaults(func=main)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True)


def original(root: Path, path: str) -> bytes:
    """The file as the commit that added it holds it; CourseError when git cannot say."""
    if shutil.which("git") is None or _git(root, "rev-parse", "--is-inside-work-tree").returncode:
        raise CourseError("reset needs a git checkout of the course, to find the original stubs; "
                          "this folder is not one (clone the course with git)")
    top = _git(root, "rev-parse", "--show-toplevel").stdout.decode().strip()
    in_repo = str((root / path).resolve().relative_to(Path(top).resolve()))
    log = _git(root, "log", "--diff-filter=A", "--format=%H", "--", in_repo)
    commits = log.stdout.decode().split()
    if not commits:
        raise CourseError(f"git has no commit that added {path}, so there is no stub to restore")
    # The oldest commit that added the file: the stub, before any of the learner's work.
    shown = _git(root, "show", f"{commits[-1]}:{in_repo}")
    if shown.returncode != 0:
        raise CourseError(f"git could not show {path} at {commits[-1][:10]}: "
                          f"{shown.stderr.decode(errors='replace').strip()}")
    return shown.stdout


def main(args) -> int:
    """Back up, restore, and say what else lives in the same files."""
    ctx = Context.load()
    exercise = ctx.course.exercise(args.exercise)
    stage = exercise.stage
    paths = [f"exercises/{stage.name}/{name}" for name in exercise.files]
    stubs = {path: original(ctx.root, path) for path in paths}

    backup = layout.state_dir(ctx.root) / "backups" / time.strftime("%Y%m%d-%H%M%S")
    for path, stub in stubs.items():
        current = ctx.root / path
        if current.is_file():
            if current.read_bytes() == stub:
                print(f"{path} is already the stub")
                continue
            (backup / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(current, backup / path)
        current.parent.mkdir(parents=True, exist_ok=True)
        current.write_bytes(stub)
        kept = layout.relative(backup / path, ctx.root)
        print(f"restored {path} to the stub (your version: {kept})")

    sharing = [other for other in stage.exercises
               if other is not exercise and set(other.files) & set(exercise.files)]
    for other in sharing:
        shared = ", ".join(sorted(set(other.files) & set(exercise.files)))
        print(ctx.style.yellow(f"note: {shared} also holds exercise {other.id} ({other.title}); "
                               "it is back to the stub too. Copy what you keep from the backup."))
    return 0
