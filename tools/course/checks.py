"""Checks of a stage's shape that need no build: the files and headings its metadata names."""

from __future__ import annotations

import re

from .metadata import Stage, github_slug

SOURCES = (".cpp", ".hpp", ".h")


def stage_problems(stage: Stage) -> list[str]:
    """What is wrong with the stage's folders and metadata, one sentence each."""
    problems = []
    exercises = stage.folder("exercises")
    solutions = stage.folder("solutions")
    if not stage.folder("tests").is_dir():
        problems.append(f"tests/{stage.name} is missing")
    if stage.has_solution:
        mine = _sources(exercises)
        theirs = _sources(solutions)
        for name in sorted(mine ^ theirs):
            where = "exercises" if name in mine else "solutions"
            problems.append(f"{name} is only in {where}/{stage.name}; both folders need the "
                            "same files")
    for exercise in stage.exercises:
        for name in exercise.files:
            if not (exercises / name).is_file():
                problems.append(f"exercise {exercise.id} names {name}, which is not in "
                                f"exercises/{stage.name}")
    readme = stage.folder("lessons") / "README.md"
    if not readme.is_file():
        problems.append(f"lessons/{stage.name}/README.md (the chapter) is missing")
    else:
        anchors = {github_slug(m.group(1)) for m in
                   re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", readme.read_text(errors="replace"),
                               re.MULTILINE)}
        for exercise in stage.exercises:
            if exercise.anchor not in anchors:
                problems.append(f"exercise {exercise.id}: {exercise.section} names no heading "
                                f"of the chapter (expected '### Exercise {exercise.id}: "
                                f"{exercise.title}')")
    return problems


def _sources(folder) -> set[str]:
    return {p.name for p in folder.iterdir() if p.suffix in SOURCES} if folder.is_dir() else set()
