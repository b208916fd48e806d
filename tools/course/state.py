"""The learner's state between runs, kept as small JSON files in .course/.

track.json    {"reference": ["01", "02"]}: stages taken from solutions/
results.json  {"02": {"tests": {"Suite.Name": "passed", ...}, "at": ...}}
hints.json    {"02.1": 2}: the hint levels already shown
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from .layout import state_dir


class State:
    """Reads and writes one course checkout's .course/ files."""

    def __init__(self, course_root: Path):
        self.dir = state_dir(course_root)

    def _read(self, name: str) -> dict:
        try:
            data = json.loads((self.dir / name).read_text())
        except (OSError, ValueError):
            # Missing or damaged state is the same as none: it only saves work.
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, name: str, data: dict) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        # Write then rename, so Ctrl-C never leaves half a file behind.
        fd, temp = tempfile.mkstemp(dir=self.dir, prefix=name, suffix=".tmp")
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "w") as file:
            json.dump(data, file, indent=2, sort_keys=True)
            file.write("\n")
        os.replace(temp, self.dir / name)

    # The track

    def reference_stages(self) -> list[str]:
        """Stage ids the learner takes from solutions/."""
        stages = self._read("track.json").get("reference", [])
        return sorted({s for s in stages if isinstance(s, str)})

    def set_reference_stages(self, stages: list[str]) -> None:
        """Remember the stages taken from solutions/."""
        self._write("track.json", {"reference": sorted(set(stages))})

    # Test results

    def results(self) -> dict[str, dict[str, str]]:
        """The last verdicts per stage: {"02": {"Suite.Name": "passed", ...}}."""
        stages = self._read("results.json")
        return {
            stage: dict(entry.get("tests", {}))
            for stage, entry in stages.items()
            if isinstance(entry, dict)
        }

    def record_results(self, stage: str, verdicts: dict[str, str], complete: bool) -> None:
        """Keep a stage's verdicts; a partial run (one exercise) updates only its tests."""
        data = self._read("results.json")
        entry = data.get(stage) if isinstance(data.get(stage), dict) else {}
        tests = {} if complete else dict(entry.get("tests", {}))
        tests.update(verdicts)
        data[stage] = {"tests": tests, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
        self._write("results.json", data)

    def stage_passed(self, stage: str, graded: list[str]) -> bool:
        """Did every graded test of the stage pass in the last results kept?"""
        verdicts = self.results().get(stage, {})
        return bool(graded) and all(verdicts.get(name) == "passed" for name in graded)

    # Hints

    def hints_shown(self, exercise: str) -> int:
        """How many hint levels of an exercise have been shown."""
        value = self._read("hints.json").get(exercise, 0)
        return value if isinstance(value, int) else 0

    def set_hints_shown(self, exercise: str, level: int) -> None:
        """Remember the highest hint level shown."""
        data = self._read("hints.json")
        before = data.get(exercise)
        data[exercise] = max(level, before if isinstance(before, int) else 0)
        self._write("hints.json", data)
