"""Building the learner track and running stages' tests: what the board and `test` show."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from typing import Callable

from . import gtest, layout
from .build import broken_libraries, first_errors
from .context import Context
from .metadata import Stage


@dataclass
class StageRun:
    """One stage's outcome on the learner track."""

    stage: Stage
    # ran | build_failed | blocked | no_tests | reference
    kind: str
    results: dict[str, gtest.TestResult] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    blocked_by: str | None = None
    problems: list[str] = field(default_factory=list)

    def passed(self, names) -> int:
        """How many of these tests passed."""
        return sum(1 for name in names if name in self.results and self.results[name].passed)


def build_stages(ctx: Context, stages: list[Stage]) -> dict[str, StageRun]:
    """Build the test binaries of these stages; returns the runs that cannot go further."""
    build = ctx.learner_build()
    targets = [f"test_{stage.id}" for stage in stages]
    result = build.build(targets)
    known = build.targets()
    early: dict[str, StageRun] = {}
    for stage in stages:
        target = f"test_{stage.id}"
        if target not in known:
            early[stage.id] = StageRun(stage, "no_tests")
        elif target in result.failed:
            output = result.failed[target]
            errors = first_errors(output, ctx.root)
            earlier = sorted(s for s in broken_libraries(output) if s < stage.id)
            if earlier and stage.id not in broken_libraries(output):
                # Its own code is fine; an earlier stage it links does not compile.
                early[stage.id] = StageRun(stage, "blocked", errors=errors, blocked_by=earlier[0])
            else:
                early[stage.id] = StageRun(stage, "build_failed", errors=errors)
        elif target in result.blocked:
            early[stage.id] = StageRun(stage, "blocked", blocked_by=result.blocked[target])
    return early


def run_stage(ctx: Context, stage: Stage, tests: list[str] | None = None,
              on_result: Callable[[gtest.TestResult], None] | None = None) -> StageRun:
    """Run a built stage's graded tests (or just these) and remember the verdicts."""
    binary = layout.find_binary(layout.build_dir(ctx.root, "learner"), f"test_{stage.id}")
    if binary is None:
        return StageRun(stage, "no_tests")
    names = tests if tests is not None else list(stage.test_points())
    # Tests get a scratch directory as their working directory, so nothing they
    # write lands in the checkout.
    with tempfile.TemporaryDirectory(prefix=f"minifw-test-{stage.id}-") as scratch:
        results = gtest.run_binary(binary, names, cwd=scratch, on_result=on_result)
    if not ctx.is_reference(stage):
        # Only the learner's own work counts towards progress, regressions and compare.
        ctx.state.record_results(stage.id, {name: r.status for name, r in results.items()},
                                 complete=tests is None)
    return StageRun(stage, "ran", results=dict(results), problems=list(results.problems))


def run_all(ctx: Context, on_stage: Callable[[Stage], None] | None = None) -> list[StageRun]:
    """Build the learner track and run every stage that is the learner's own."""
    own = [stage for stage in ctx.course.stages if not ctx.is_reference(stage)]
    early = build_stages(ctx, own)
    runs = []
    for stage in ctx.course.stages:
        if ctx.is_reference(stage):
            runs.append(StageRun(stage, "reference"))
        elif stage.id in early:
            runs.append(early[stage.id])
        else:
            if on_stage:
                on_stage(stage)
            runs.append(run_stage(ctx, stage))
    return runs
