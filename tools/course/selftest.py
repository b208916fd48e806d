"""Runs the course tools' own tests (tools/tests) and writes their verdicts as JSON.

`./course verify` starts this in a subprocess, so one broken tool test can
neither take the CLI down with it nor leave state behind in its process.
Usage: python3 -m course.selftest OUT.json  (with tools/ on PYTHONPATH)
"""

from __future__ import annotations

import json
import sys
import time
import unittest
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"


class _Recorder(unittest.TextTestResult):
    """A text result that also remembers every verdict by test id."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed: list[str] = []

    def addSuccess(self, test):  # noqa: N802 (unittest's name)
        super().addSuccess(test)
        self.passed.append(test.id())


def main(argv: list[str]) -> int:
    """Run every test under tools/tests; write {passed, failed, skipped, seconds} to argv[0]."""
    out = Path(argv[0])
    started = time.monotonic()
    suite = unittest.TestLoader().discover(str(TESTS), top_level_dir=str(TESTS))
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=_Recorder)
    result = runner.run(suite)
    failed = [{"name": test.id(), "reason": _last_line(text)}
              for test, text in result.failures + result.errors + [
                  (test, "passed but was expected to fail") for test in result.unexpectedSuccesses]]
    report = {
        "passed": result.passed + [test.id() for test, _ in result.expectedFailures],
        "failed": failed,
        "skipped": [test.id() for test, _ in result.skipped],
        "seconds": round(time.monotonic() - started, 1),
    }
    out.write_text(json.dumps(report, indent=2))
    return 0 if not failed else 1


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "failed"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
