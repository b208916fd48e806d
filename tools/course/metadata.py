"""The course as its files describe it: stages, exercises, tests and points.

A stage is the folder quartet exercises/, solutions/, tests/ and lessons/
NN-name; its lessons/NN-name/stage.toml says what the board, the test runner
and the grader need to know (see CONTRIBUTING.md). Everything here is read
once and kept immutable, so every command works from the same picture.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

STAGE_DIR = re.compile(r"^(\d\d)-[a-z0-9][a-z0-9-]*$")
EXERCISE_ID = re.compile(r"^(\d\d)\.(\d+)$")


class CourseError(Exception):
    """A problem a user or contributor has to fix; the message says how."""


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: "Exercise 02.1: A map" -> "exercise-021-a-map"."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@dataclass(eq=False)
class Exercise:
    """One exercise of a stage: what to build, where it is taught, how it is graded."""

    id: str
    title: str
    anchor: str
    files: list[str]
    hints: list[str]
    tests: dict[str, int]
    stage: Stage = field(repr=False)

    @property
    def section(self) -> str:
        """The lesson section that teaches this exercise, as the stubs name it."""
        return f"lessons/{self.stage.name}/README.md#{self.anchor}"

    @property
    def points(self) -> int:
        """The most this exercise can earn."""
        return sum(self.tests.values())


@dataclass(eq=False)
class Stage:
    """One stage: its folders share the name NN-name."""

    id: str
    name: str
    title: str
    summary: str
    exercises: list[Exercise]
    has_solution: bool
    root: Path = field(repr=False)

    def test_points(self) -> dict[str, tuple[Exercise, int]]:
        """Every graded test of the stage: "Suite.Name" -> (its exercise, its points)."""
        return {
            name: (exercise, points)
            for exercise in self.exercises
            for name, points in exercise.tests.items()
        }

    @property
    def points(self) -> int:
        """The most this stage can earn."""
        return sum(exercise.points for exercise in self.exercises)

    def folder(self, kind: str) -> Path:
        """This stage's folder under exercises, solutions, tests or lessons."""
        return self.root / kind / self.name

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id in this stage, or a CourseError listing this stage's ids."""
        wanted = normalise_exercise_id(exercise_id)
        for exercise in self.exercises:
            if exercise.id == wanted:
                return exercise
        valid = ", ".join(e.id for e in self.exercises) or "none"
        raise CourseError(
            f"stage {self.id} has no exercise {exercise_id!r}; its exercises are: {valid}"
        )


@dataclass(eq=False)
class Course:
    """The whole course, stages sorted by id."""

    root: Path
    stages: list[Stage]
    # Stage folders in exercises/ that have no stage.toml yet: the build still
    # compiles them, but nothing can grade them.
    without_metadata: list[str] = field(default_factory=list)

    @property
    def has_solutions(self) -> bool:
        """False in a student template, where solutions/ was left out."""
        return (self.root / "solutions").is_dir()

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id ("02", "2" or "02-http"), or a CourseError listing the ids."""
        text = str(stage_id).strip()
        for stage in self.stages:
            if text in (stage.id, stage.name) or (text.isdigit() and int(text) == int(stage.id)):
                return stage
        valid = ", ".join(f"{s.id} ({s.title})" for s in self.stages) or "none yet"
        raise CourseError(f"there is no stage {stage_id!r}; the stages are: {valid}")

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id ("02.3"), or a CourseError listing the valid ids."""
        wanted = normalise_exercise_id(exercise_id)
        for stage in self.stages:
            for exercise in stage.exercises:
                if exercise.id == wanted:
                    return exercise
        valid = ", ".join(e.id for s in self.stages for e in s.exercises) or "none yet"
        raise CourseError(f"there is no exercise {exercise_id!r}; the exercises are: {valid}")

    def exercises(self) -> list[Exercise]:
        """Every exercise, in course order."""
        return [exercise for stage in self.stages for exercise in stage.exercises]


def normalise_exercise_id(text: str) -> str:
    """Accept "2.3" for "02.3"; anything else is returned as given, to fail the lookup."""
    match = re.match(r"^(\d{1,2})\.(\d+)$", str(text).strip())
    if not match:
        return str(text).strip()
    return f"{int(match.group(1)):02d}.{int(match.group(2))}"


def load_course(root: Path) -> Course:
    """Read every lessons/NN-name/stage.toml under root; CourseError names file and key."""
    root = Path(root)
    lessons = root / "lessons"
    stages: list[Stage] = []
    if lessons.is_dir():
        for folder in sorted(lessons.iterdir()):
            if STAGE_DIR.match(folder.name) and (folder / "stage.toml").is_file():
                stages.append(_load_stage(root, folder.name, folder / "stage.toml"))

    seen: dict[str, str] = {}
    for stage in stages:
        if stage.id in seen:
            raise CourseError(
                f"lessons/{stage.name}/stage.toml: stage id {stage.id} is also used by "
                f"lessons/{seen[stage.id]}; give each stage its own two-digit id"
            )
        seen[stage.id] = stage.name

    described = {stage.name for stage in stages}
    exercises_dir = root / "exercises"
    without = []
    if exercises_dir.is_dir():
        without = sorted(
            d.name
            for d in exercises_dir.iterdir()
            if d.is_dir() and STAGE_DIR.match(d.name) and d.name not in described
            and any(d.glob("*.cpp"))  # the build skips a folder with no source yet
        )
    return Course(root=root, stages=stages, without_metadata=without)


def _load_stage(root: Path, name: str, path: Path) -> Stage:
    where = f"lessons/{name}/stage.toml"
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise CourseError(f"{where}: not valid TOML: {error}") from None

    reader = _Reader(where, data)
    stage_id = reader.string("id")
    if stage_id != name[:2]:
        raise CourseError(
            f"{where}: id = {stage_id!r} but the folder is {name}; "
            f'write id = "{name[:2]}"'
        )
    stage = Stage(
        id=stage_id,
        name=name,
        title=reader.string("title"),
        summary=reader.string("summary", default=""),
        exercises=[],
        has_solution=(root / "solutions" / name).is_dir(),
        root=root,
    )

    tables = data.get("exercises")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise CourseError(f"{where}: needs at least one [[exercises]] table")

    owner_of_test: dict[str, str] = {}
    for index, table in enumerate(tables):
        exercise = _load_exercise(_Reader(f"{where}: exercises[{index}]", table), stage)
        if any(e.id == exercise.id for e in stage.exercises):
            raise CourseError(f"{where}: exercise {exercise.id} is listed twice")
        for test in exercise.tests:
            if test in owner_of_test:
                raise CourseError(
                    f"{where}: test {test} is listed under both exercise "
                    f"{owner_of_test[test]} and {exercise.id}; a test belongs to one exercise"
                )
            owner_of_test[test] = exercise.id
        stage.exercises.append(exercise)
    return stage


def _load_exercise(reader: _Reader, stage: Stage) -> Exercise:
    exercise_id = reader.string("id")
    match = EXERCISE_ID.match(exercise_id)
    if not match or match.group(1) != stage.id:
        raise CourseError(
            f"{reader.where}: id = {exercise_id!r}; an exercise id is the stage id, a dot "
            f'and a number, such as "{stage.id}.1"'
        )
    title = reader.string("title")
    anchor = reader.string("anchor", default="") or github_slug(
        f"Exercise {exercise_id}: {title}"
    )

    tests = reader.table("tests")
    for name, points in tests.items():
        if not re.match(r"^[A-Za-z_][\w/]*\.[A-Za-z_][\w/]*$", name):
            raise CourseError(
                f'{reader.where}: tests: "{name}" is not a GoogleTest name; write "Suite.Name"'
            )
        if isinstance(points, bool) or not isinstance(points, int) or points < 0:
            raise CourseError(
                f'{reader.where}: tests: "{name}" = {points!r}; points are a whole number >= 0'
            )
    if not tests:
        raise CourseError(f"{reader.where}: [exercises.tests] lists no test")

    return Exercise(
        id=exercise_id,
        title=title,
        anchor=anchor,
        files=reader.strings("files"),
        hints=reader.strings("hints", default=[]),
        tests=dict(tests),
        stage=stage,
    )


class _Reader:
    """Typed access to one TOML table, with errors that name the file and key."""

    _MISSING = object()

    def __init__(self, where: str, data: dict):
        self.where = where
        self.data = data

    def _get(self, key: str, default, kind: str):
        value = self.data.get(key, self._MISSING)
        if value is self._MISSING:
            if default is self._MISSING:
                raise CourseError(f"{self.where}: the key {key!r} is missing; add it ({kind})")
            return default
        return value

    def string(self, key: str, default=_MISSING) -> str:
        value = self._get(key, default, "a string")
        if not isinstance(value, str):
            raise CourseError(f"{self.where}: {key} = {value!r} should be a string")
        return value

    def strings(self, key: str, default=_MISSING) -> list[str]:
        value = self._get(key, default, "a list of strings")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CourseError(f"{self.where}: {key} = {value!r} should be a list of strings")
        return list(value)

    def table(self, key: str) -> dict:
        value = self._get(key, self._MISSING, "a table")
        if not isinstance(value, dict):
            raise CourseError(f"{self.where}: {key} should be a table")
        return value
