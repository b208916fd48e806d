"""Where things are: the repository root, the build trees and their binaries."""

from __future__ import annotations

import os
from pathlib import Path

# tools/course/layout.py -> the repository root
ROOT = Path(__file__).resolve().parents[2]

PRESETS = ("learner", "reference", "release")


def root() -> Path:
    """The course checkout this CLI belongs to (MINIFW_COURSE_ROOT overrides, for tests)."""
    override = os.environ.get("MINIFW_COURSE_ROOT")
    return Path(override).resolve() if override else ROOT


def build_dir(course_root: Path, preset: str) -> Path:
    """The build tree of a preset, as CMakePresets.json names it."""
    return course_root / "build" / preset


def log_dir(course_root: Path) -> Path:
    """Where build logs go, so a quiet build can still be read in full."""
    path = course_root / "build" / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def state_dir(course_root: Path) -> Path:
    """The learner's own state (.course/, ignored by git)."""
    return course_root / ".course"


def find_binary(build: Path, name: str) -> Path | None:
    """A target's executable in a build tree: at its top, or under tests/."""
    for candidate in (build / name, build / "tests" / name):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def relative(path: Path, course_root: Path) -> str:
    """A path as a learner would type it from the repository root."""
    try:
        return str(Path(path).resolve().relative_to(course_root))
    except ValueError:
        return str(path)


def reference_only(help_text: str) -> str:
    """A command's help, marked unavailable in a student copy (no solutions/)."""
    if (root() / "solutions").is_dir():
        return help_text
    return help_text + " [needs solutions/, absent in a student copy]"
