"""What every command starts from: the checkout, its metadata, the state, the style."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from . import layout
from .build import Build
from .metadata import Course, CourseError, Stage, load_course
from .state import State
from .term import Progress, Style


@dataclass
class Context:
    """One command's view of the course checkout."""

    root: Path
    course: Course
    state: State
    style: Style

    @classmethod
    def load(cls) -> Context:
        """Read the checkout the CLI lives in; CourseError when its metadata is broken."""
        root = layout.root()
        return cls(root=root, course=load_course(root), state=State(root),
                   style=Style.for_stream(sys.stdout))

    def reference_stages(self) -> list[str]:
        """The learner's reference stages that this copy of the course can still provide."""
        known = {stage.id: stage for stage in self.course.stages}
        return [s for s in self.state.reference_stages() if s in known and known[s].has_solution]

    def is_reference(self, stage: Stage) -> bool:
        """Is this stage taken from solutions/ on the learner's track?"""
        return stage.id in self.reference_stages()

    def learner_build(self, progress: Progress | None = None) -> Build:
        """The learner track's build tree, with the learner's choice of reference stages."""
        return Build(self.root, "learner", reference_stages=self.reference_stages(),
                     progress=progress)

    def require_solutions(self, command: str) -> None:
        """Refuse a reference-only command in a student copy, saying why."""
        if not self.course.has_solutions:
            raise CourseError(
                f"'{command}' needs the reference solutions (solutions/), which this copy of "
                "the course does not include: it is a student copy. Your instructor's "
                "copy of the course has them."
            )
