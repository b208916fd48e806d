"""Typed routes are checked by the compiler: a check of the course, not a graded test.

The typed forms of the router (router.get<"/users/{id:int}">(handler)) are
given code, so whether a handler that does not fit its pattern is refused
says nothing about a learner's work; it is checked here instead, by compiling
compile_fail/typed_handlers.cpp with and without its fitting handlers, with
the compiler the build uses.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(__file__).resolve().parent / "compile_fail" / "typed_handlers.cpp"
SLOW = os.environ.get("MINIFW_SKIP_SLOW_TESTS") == "1"


def compiler() -> str | None:
    """$CXX, else the one a configured build tree names, else c++ on PATH."""
    if os.environ.get("CXX"):
        return os.environ["CXX"]
    for tree in ("reference", "learner"):
        cache = ROOT / "build" / tree / "CMakeCache.txt"
        if cache.exists():
            for line in cache.read_text().splitlines():
                if line.startswith("CMAKE_CXX_COMPILER:"):
                    return line.split("=", 1)[1]
    return shutil.which("c++")


def compile_routes(*defines: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [compiler(), "-std=c++20", "-fsyntax-only", "-fdiagnostics-color=never",
         f"-I{ROOT / 'minifw' / 'include'}", *[f"-D{d}" for d in defines], str(SOURCE)],
        capture_output=True, text=True, timeout=300)


@unittest.skipIf(SLOW or compiler() is None, "slow: runs the C++ compiler")
class TypedRoutes(unittest.TestCase):
    def test_a_handler_that_fits_its_pattern_compiles(self):
        done = compile_routes("FITS")
        self.assertEqual(done.returncode, 0, done.stderr)

    def test_handlers_that_do_not_fit_are_refused_with_a_message_for_people(self):
        done = compile_routes()
        self.assertNotEqual(done.returncode, 0)
        self.assertEqual(done.stderr.count("this handler does not fit its route pattern"), 2,
                         done.stderr)
        self.assertIn("typed_handlers.cpp", done.stderr,
                      "the error should point at the route in the user's file")


if __name__ == "__main__":
    unittest.main()
