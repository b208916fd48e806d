"""Hidden tests: test files an instructor keeps outside the student template.

The folder given to `--extra-tests` mirrors tests/: one sub-folder per stage,
named like the stage (02-http), holding GoogleTest sources and a
`hidden.toml` that gives each test its exercise and points, in the same
shape as a stage.toml:

    visibility = "after_published"     # optional: when Gradescope shows them

    [[exercises]]
    id = "02.1"
    [exercises.tests]
    "HiddenHeaders.KeepsEmptyValues" = 2

The sources are compiled into the stage's test binary, beside the public tests.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..metadata import Course, CourseError, Exercise

METADATA = "hidden.toml"
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
_TEST_NAME = re.compile(r"^[A-Za-z_][\w/]*\.[A-Za-z_][\w/]*$")


@dataclass(frozen=True)
class HiddenTest:
    """One hidden test: its exercise, its points, and when students may see it."""

    name: str
    exercise: Exercise
    points: int
    visibility: str


@dataclass
class ExtraTests:
    """Every hidden test, and the files to add to the course's tests/ for them."""

    files: dict[str, Path]  # "tests/02-http/hidden_headers.cpp" -> the instructor's file
    tests: list[HiddenTest]

    def for_stage(self, stage_id: str) -> list[HiddenTest]:
        """The hidden tests of one stage, in the order hidden.toml lists them."""
        return [test for test in self.tests if test.exercise.stage.id == stage_id]


def load_extra_tests(directory: Path | None, course: Course) -> ExtraTests:
    """Read --extra-tests DIR; CourseError names the file and what to change."""
    extra = ExtraTests(files={}, tests=[])
    if directory is None:
        return extra
    directory = Path(directory)
    if not directory.is_dir():
        raise CourseError(f"--extra-tests {directory}: no such folder")
    stages = {stage.name: stage for stage in course.stages}
    public = {name for stage in course.stages for name in stage.test_points()}
    for folder in sorted(directory.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        stage = stages.get(folder.name)
        if stage is None:
            raise CourseError(
                f"{folder}: no stage of the course is named {folder.name!r}; name the folder "
                f"after a stage: {', '.join(stages) or 'none yet'}"
            )
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder)
            if str(relative) == METADATA:
                continue
            target = f"tests/{stage.name}/{relative.as_posix()}"
            if (course.root / target).exists():
                raise CourseError(
                    f"{path}: the course already has {target}; rename the hidden file"
                )
            extra.files[target] = path
        metadata = folder / METADATA
        if not metadata.is_file():
            raise CourseError(
                f"{folder}: {METADATA} is missing; it gives each hidden test its exercise "
                "and points (see book/instructor-guide.md)"
            )
        extra.tests += _load_metadata(metadata, stage, public | {t.name for t in extra.tests})
    return extra


def _load_metadata(path: Path, stage, taken: set[str]) -> list[HiddenTest]:
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise CourseError(f"{path}: not valid TOML: {error}") from None
    visibility = data.get("visibility", "after_published")
    if visibility not in VISIBILITIES:
        raise CourseError(
            f"{path}: visibility = {visibility!r}; use one of {', '.join(VISIBILITIES)}"
        )
    tables = data.get("exercises")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise CourseError(f"{path}: needs at least one [[exercises]] table with an id and tests")
    found: list[HiddenTest] = []
    for index, table in enumerate(tables):
        where = f"{path}: exercises[{index}]"
        exercise_id = table.get("id")
        try:
            exercise = stage.exercise(str(exercise_id))
        except CourseError as error:
            raise CourseError(f"{where}: {error}") from None
        tests = table.get("tests")
        if not isinstance(tests, dict) or not tests:
            raise CourseError(f'{where}: add [exercises.tests] with "Suite.Name" = points')
        for name, points in tests.items():
            if not _TEST_NAME.match(name):
                raise CourseError(f'{where}: "{name}" is not a GoogleTest name; write "Suite.Name"')
            if isinstance(points, bool) or not isinstance(points, int) or points < 0:
                raise CourseError(f'{where}: "{name}" = {points!r}; points are a whole number >= 0')
            if name in taken:
                raise CourseError(f'{where}: "{name}" is already a test of the course; rename it')
            taken.add(name)
            found.append(HiddenTest(name, exercise, points, visibility))
    return found
