"""The grading copy of the course, and what a submission is allowed to put in it.

A submission is never built in place. The grader keeps one working folder per
course checkout (build/grade/ by default) holding:

    src/      a copy of the course's build inputs (CMake files, minifw/,
              tests/, exercises/, lessons/), made to match the pristine
              course on every grading, with the submission's exercise
              files laid over it
    build/    the CMake build tree of src/, kept between gradings
    scratch/  one private folder per test run

Only regular files whose names the course's own exercises/NN-name/ holds are
taken from a submission; everything else comes from the course, whatever the
submission contains, and the report lists what was ignored. Files are written
only when their content changed, so their times stay put and the next build
recompiles only what a submission really changed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..metadata import CourseError

# What the build reads, from the course checkout.
BUILD_INPUTS = ("CMakeLists.txt", "CMakePresets.json", "cmake", "minifw", "tests", "exercises",
                "lessons")
# Parts of a submission whose changes are worth reporting as ignored.
WATCHED = BUILD_INPUTS + ("tools", "course", "solutions", ".github", ".ci", "book")
_SKIPPED_NAMES = {"__pycache__", ".git", ".course", "build", "node_modules", ".DS_Store"}
SUBMITTED_FILE_LIMIT = 1024 * 1024
_WALK_LIMIT = 20000
_IGNORED_SHOWN = 100


@dataclass(frozen=True)
class Ignored:
    """A file of the submission the grade does not use, and why."""

    path: str
    reason: str


@dataclass
class Submission:
    """What the grader takes from a submission: exercise files, by course path."""

    root: Path
    exercises: Path | None
    files: dict[str, bytes] = field(default_factory=dict)
    ignored: list[Ignored] = field(default_factory=list)
    more_ignored: int = 0

    def ignore(self, path: str, reason: str) -> None:
        """Note a file the grade leaves out (the list shown is capped)."""
        if len(self.ignored) < _IGNORED_SHOWN:
            # A name may be as long as the file system allows; the report need not be.
            shown = path if len(path) <= 300 else path[:297] + "..."
            self.ignored.append(Ignored(shown, reason))
        else:
            self.more_ignored += 1


def read_submission(root: Path, course_root: Path) -> Submission:
    """Find the submission's exercises/ and read the files the course lets it provide."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise CourseError(f"{root}: the submission must be a folder (a student's clone)")
    # exercises/NN-name/...: the files of a stage, not notes beside the stages.
    pristine = [rel for rel in pristine_files(course_root, ("exercises",)) if rel.count("/") >= 2]
    stage_names = {rel.split("/")[1] for rel in pristine}
    submission = Submission(root=root, exercises=_find_exercises(root, stage_names))
    if submission.exercises is None:
        return submission
    for rel in sorted(pristine):
        inside = rel.split("/", 1)[1]  # "01-sockets/unique_fd.cpp"
        data, problem = _read_regular(submission.exercises, inside)
        if problem:
            if problem != "missing":
                submission.ignore(rel, problem + ": the course's stub is graded instead")
        else:
            submission.files[rel] = data
    _note_ignored(submission, course_root, set(pristine))
    return submission


def pristine_files(course_root: Path, tops=BUILD_INPUTS) -> dict[str, Path]:
    """Every file the build reads from the course, by path relative to the course root."""
    found: dict[str, Path] = {}
    for top in tops:
        start = course_root / top
        if start.is_file():
            found[top] = start
            continue
        for folder, dirs, files in os.walk(start):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_NAMES)
            for name in files:
                if name in _SKIPPED_NAMES or name.endswith(".pyc"):
                    continue
                path = Path(folder, name)
                found[path.relative_to(course_root).as_posix()] = path
    return found


class Workspace:
    """One course checkout's grading folder (see the module's docstring)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.src = self.path / "src"
        self.build = self.path / "build"
        self.scratch = self.path / "scratch"

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder alone: two gradings at once would overwrite each other's files."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / ".lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"waiting for another grading to finish with {self.path}", file=sys.stderr)
                fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def prepare(self, files: dict[str, Path | bytes]) -> int:
        """Make src/ hold exactly these files; returns how many were written or removed.

        src/ is readable by all, for the submission's user to build; the
        grading folder and scratch/ only let others pass through.
        """
        for folder in (self.path, self.src, self.scratch):
            folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.path, 0o711)
        os.chmod(self.scratch, 0o711)
        os.chmod(self.src, 0o755)
        mode = 0o644
        changed = 0
        for rel, source in files.items():
            data = source if isinstance(source, bytes) else source.read_bytes()
            changed += _write_if_changed(self.src / rel, data, mode, self.src)
        for folder, dirs, names in os.walk(self.src, topdown=False):
            for name in names:
                path = Path(folder, name)
                if path.relative_to(self.src).as_posix() not in files:
                    path.unlink()
                    changed += 1
            for name in dirs:
                path = Path(folder, name)
                if path.is_symlink() or not any(path.iterdir()):
                    path.unlink() if path.is_symlink() else path.rmdir()
        return changed

    def set_mode(self, relative: list[str], mode: int) -> None:
        """Change the mode of some files of src/ (hidden tests: readable only to build them)."""
        for rel in relative:
            os.chmod(self.src / rel, mode)


def default_path(course_root: Path, user_can_reach) -> tuple[Path, str | None]:
    """build/grade/ in the checkout, or a cache folder when the grader's user cannot reach it.

    user_can_reach(path) says whether the unprivileged user can pass through
    every folder above path; the note says why another folder was chosen.
    """
    override = os.environ.get("MINIFW_GRADE_WORK")
    if override:
        return Path(override).resolve(), None
    path = course_root / "build" / "grade"
    if user_can_reach(path):
        return path, None
    digest = hashlib.sha256(str(course_root).encode()).hexdigest()[:12]
    cache = Path("/var/cache/minifw-grader") / digest
    return cache, (
        f"the grading folder is {cache}: the user who runs submissions cannot reach "
        f"{path} (a folder above it is closed to others)"
    )


def others_can_reach(path: Path) -> bool:
    """Can a user who is neither owner nor in the group pass through every folder above path?"""
    for folder in Path(path).resolve().parents:
        try:
            mode = folder.stat().st_mode
        except OSError:
            return False
        if not mode & stat.S_IXOTH:
            return False
    return True


def _write_if_changed(path: Path, data: bytes, mode: int, top: Path) -> int:
    try:
        info = path.lstat()
        if stat.S_ISREG(info.st_mode) and info.st_size == len(data) and path.read_bytes() == data:
            if stat.S_IMODE(info.st_mode) != mode:
                os.chmod(path, mode)
            return 0
    except FileNotFoundError:
        pass
    _make_folders(path.parent, top)
    # A new file replaces the old one whole: a grading that stops midway
    # never leaves half a file for the next build.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".sync-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return 1


def _make_folders(folder: Path, top: Path) -> None:
    missing = []
    while not folder.is_dir() and folder != top:
        if folder.is_symlink() or folder.exists():
            folder.unlink()
        missing.append(folder)
        folder = folder.parent
    for item in reversed(missing):
        item.mkdir()
        os.chmod(item, 0o755)


def _find_exercises(root: Path, stage_names: set[str]) -> Path | None:
    """exercises/ of the submission: at its top, one folder down (a zip), or the folder itself."""
    candidates = [root / "exercises"]
    with contextlib.suppress(OSError):
        candidates += [child / "exercises" for child in sorted(root.iterdir())
                       if _is_real_dir(child) and not child.name.startswith(".")]
    for candidate in candidates:
        if _is_real_dir(candidate):
            return candidate
    if any(_is_real_dir(root / name) for name in stage_names):
        return root
    return None


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _read_regular(base: Path, relative: str) -> tuple[bytes, str | None]:
    """A submitted file's bytes, or why it cannot be used.

    Neither a symbolic link (it could point at /etc/shadow, and the compiler
    would print it in its errors) nor a hard link, a device or a FIFO; no
    folder on the way may be a link either.
    """
    parts = relative.split("/")
    folder = base
    for part in parts[:-1]:
        folder = folder / part
        try:
            info = folder.lstat()
        except FileNotFoundError:
            return b"", "missing"
        if stat.S_ISLNK(info.st_mode):
            return b"", f"{part}/ is a symbolic link"
        if not stat.S_ISDIR(info.st_mode):
            return b"", "missing"
    try:
        fd = os.open(folder / parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return b"", "missing"
    except OSError:
        if (folder / parts[-1]).is_symlink():
            return b"", "a symbolic link"
        return b"", "not readable"
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            return b"", "not a regular file"
        if info.st_nlink > 1:
            return b"", "a hard link"
        if info.st_size > SUBMITTED_FILE_LIMIT:
            return b"", f"larger than {SUBMITTED_FILE_LIMIT // 1024} KiB"
        data = file.read(SUBMITTED_FILE_LIMIT + 1)
    if len(data) > SUBMITTED_FILE_LIMIT:
        return b"", f"larger than {SUBMITTED_FILE_LIMIT // 1024} KiB"
    return data, None


def _note_ignored(submission: Submission, course_root: Path, graded: set[str]) -> None:
    """List what the submission changed or added where the course's copy wins."""
    exercises = submission.exercises
    assert exercises is not None
    if exercises.name == "exercises":
        top, prefix, starts = exercises.parent, "", [exercises.parent / n for n in WATCHED]
    else:
        # The submission is the exercises folder itself: nothing else came with it.
        top, prefix, starts = exercises, "exercises/", [exercises]
    for count, path in enumerate(_entries(starts)):
        if count >= _WALK_LIMIT:
            submission.ignore("...", f"more than {_WALK_LIMIT} files: the rest was not read")
            return
        rel = prefix + path.relative_to(top).as_posix()
        if rel not in graded:  # graded files were read, or refused, already
            reason = _why_ignored(path, rel, course_root)
            if reason:
                submission.ignore(rel, reason)


def _entries(starts: list[Path]) -> Iterator[Path]:
    """Files and symbolic links under the starts, without following any link."""
    for start in starts:
        if not _is_real_dir(start):
            if start.is_symlink() or start.is_file():
                yield start
            continue
        for folder, dirs, files in os.walk(start):
            links = [d for d in dirs if Path(folder, d).is_symlink()]
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_NAMES and d not in links)
            for name in sorted(files + links):
                yield Path(folder, name)


def _why_ignored(path: Path, rel: str, course_root: Path) -> str | None:
    if path.is_symlink():
        return "a symbolic link: not used"
    if rel.startswith("exercises/"):
        return "not one of the stage's files in the course: not compiled (move its code into one)"
    pristine = course_root / rel
    if not pristine.is_file():
        return "not part of the course: not used"
    try:
        same = (path.stat().st_size == pristine.stat().st_size
                and path.read_bytes() == pristine.read_bytes())
    except OSError:
        same = False
    return None if same else "differs from the course: the course's copy is used"
