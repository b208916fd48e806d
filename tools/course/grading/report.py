"""The grade of one submission: a verdict and points per test, and what the grader noticed.

Every format (formats.py) is written from this one structure, so Gradescope,
GitHub Classroom, JUnit and JSON always agree on the numbers.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..metadata import Exercise
from .workspace import Ignored

STATUSES = ("passed", "failed", "crashed", "timeout", "not_run", "build_error")

# What a report keeps of a failing test's output: the first lines (what went
# wrong first) and the last (how it ended). Exercism keeps 500 characters;
# Gradescope shows every test's output on one page. A passing test keeps none:
# its message is its line.
EXCERPT_BYTES = 1000
# All the tests' outputs together stay within this, so a report is a few
# hundred KB at most, however many tests the course has and whatever a
# submission prints.
OUTPUT_BUDGET = 200_000
# The compiler's errors kept for a stage that does not compile.
STAGE_ERRORS_BYTES = 4000
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")  # all but \t and \n


def output_allowance(tests: int) -> int:
    """The bytes of output each failing test keeps in a report of this many tests."""
    return max(200, min(EXCERPT_BYTES, OUTPUT_BUDGET // max(1, tests)))


def excerpt(text: str, allowance: int = EXCERPT_BYTES) -> str:
    """The head and the tail of text within about `allowance` UTF-8 bytes, marked where cut.

    Control characters become "?", so neither JSON escapes nor a terminal's
    escape sequences can make the excerpt larger or stranger than it looks.
    """
    text = _UNPRINTABLE.sub("?", text.replace("\r\n", "\n"))
    data = text.encode("utf-8", "replace")
    if len(data) <= allowance:
        return text
    head = data[: allowance // 2].decode("utf-8", "ignore")
    tail = data[len(data) - (allowance - allowance // 2):].decode("utf-8", "ignore")
    # Cut at a line's end when one is near, so no line is shown half.
    newline = head.rfind("\n")
    if newline >= len(head) // 2:
        head = head[: newline + 1]
    newline = tail.find("\n")
    if 0 <= newline < len(tail) // 2:
        tail = tail[newline + 1:]
    dropped = len(data) - len(head.encode()) - len(tail.encode())
    return f"{head.rstrip()}\n[output truncated: {dropped} bytes not shown]\n{tail}"


@dataclass
class TestOutcome:
    """One graded test: its verdict, its points, and a message that says where to read."""

    name: str
    stage: str
    exercise: str
    exercise_title: str
    section: str
    status: str
    score: float
    max_score: float
    message: str
    output: str = ""
    seconds: float = 0.0
    hidden: bool = False
    visibility: str = "visible"

    @property
    def passed(self) -> bool:
        """True when the test earned its points."""
        return self.status == "passed"


@dataclass
class StageOutcome:
    """Whether a stage's tests compiled, and the compiler's first errors when not."""

    id: str
    name: str
    title: str
    built: bool
    errors: str = ""
    build_seconds: float = 0.0


@dataclass
class Report:
    """Everything one grading found."""

    course: str
    submission: str
    started: str
    seconds: float = 0.0
    tests: list[TestOutcome] = field(default_factory=list)
    stages: list[StageOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    more_ignored: int = 0
    isolation: str = ""
    limits: dict = field(default_factory=dict)
    error: str | None = None  # set when the grader itself could not finish

    @property
    def score(self) -> float:
        """Points earned."""
        return sum(test.score for test in self.tests)

    @property
    def max_score(self) -> float:
        """Points on offer."""
        return sum(test.max_score for test in self.tests)

    @property
    def all_passed(self) -> bool:
        """True when every graded test passed and nothing went wrong."""
        return self.error is None and bool(self.tests) and all(t.passed for t in self.tests)

    def counts(self) -> dict[str, int]:
        """How many tests ended in each status."""
        counts = {status: 0 for status in STATUSES}
        for test in self.tests:
            counts[test.status] += 1
        return counts

    def summary(self) -> str:
        """A few lines for the whole submission: builds, ignored files, notes."""
        lines = [f"Score: {points(self.score)}/{points(self.max_score)}"]
        if self.error:
            lines.append(f"The grader could not finish: {self.error}")
        for stage in self.stages:
            if not stage.built:
                lines.append(f"Stage {stage.id} ({stage.title}) does not compile; its tests "
                             f"earn 0 points. First errors:")
                lines += ["    " + line for line in stage.errors.splitlines()]
        if self.ignored:
            lines.append("Ignored (only the course's exercise files are graded; the rest "
                         "comes from the course):")
            lines += [f"    {item.path}: {item.reason}" for item in self.ignored]
            if self.more_ignored:
                lines.append(f"    ... and {self.more_ignored} more")
        lines += self.notes
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """Plain data, for the JSON format."""
        data = asdict(self)
        data.update(score=self.score, max_score=self.max_score, counts=self.counts())
        return data


def message(exercise: Exercise, status: str, reason: str, not_done: str | None) -> str:
    """The short line a student reads first: the verdict, the exercise, where to read."""
    named = f'exercise {exercise.id} "{exercise.title}"'
    if status == "passed":
        return f"Passed: {named}, taught in {exercise.section}"
    if not_done:
        other = re.match(r"exercise (\d\d\.\d+) not done: see (\S+)", not_done)
        if other and other.group(1) != exercise.id:
            return (f"Not done yet: this test of {named} reached exercise {other.group(1)}, "
                    f"which is still a stub (read {other.group(2)}). Then read "
                    f"{exercise.section}")
        return f"Not done yet: {named} is still a stub. Read {exercise.section}"
    headline = {
        "failed": "Failed",
        "crashed": "Crashed",
        "timeout": "Timed out",
        "not_run": "Not run",
        "build_error": "Not compiled",
    }[status]
    return f"{headline} ({reason}). For {named}, read {exercise.section}"


def points(value: float) -> str:
    """Points as people write them: 3, not 3.0."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"
