"""A learner's first hour, run the way a learner runs it: real builds, real tests.

The course is copied to a temporary folder (its first two stages, to keep
the builds short), put under git as a clone would be, and driven with the
real `./course` commands in subprocesses: nothing of the build or of the
test run is mocked. Every command's output is checked for what the learner
must see, and for what they must never see: a Python traceback.

The steps run in order, each on what the previous one left:
  1. a compile error: the compiler's first errors, the exercise, no traceback;
     `reset` puts the stub back and keeps the broken file;
  2. a failing stage: the current exercise in full, one line for each other;
  3. a pass: the points on the board;
  4. `watch`: one run, one save, one more run, Ctrl-C;
  5. jumping to stage 02 with stage 01 unfinished: the tests that stop in
     stage 01 are said once, with the command that takes it from the reference;
  6. `use-reference 01`, then stage 02 passes;
  7. back to one's own stage 01, finished: `compare` shows it beside the reference.

Set MINIFW_SKIP_SLOW_TESTS=1 to skip them.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from course.metadata import load_course  # noqa: E402

COURSE = load_course(ROOT)
KEPT = COURSE.stages[:2]  # the stages the copy keeps
TOOLS = all(shutil.which(tool) for tool in ("cmake", "ninja", "g++", "git"))
COMMAND_SECONDS = 900  # the most one command may take (a first build under sanitizers)


def skip_reason() -> str | None:
    if os.environ.get("MINIFW_SKIP_SLOW_TESTS"):
        return "MINIFW_SKIP_SLOW_TESTS is set"
    if not TOOLS:
        return "cmake, ninja, g++ or git is missing: run ./course setup"
    if len(KEPT) < 2 or not all(stage.has_solution for stage in KEPT):
        return "the journey needs two stages with their reference solutions"
    return None


def course_files(root: Path) -> list[str]:
    """The files a clone of the course has: tracked or new, never ignored (no build/)."""
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True)
    if listed.returncode == 0:
        return [name for name in listed.stdout.decode().split("\0")
                if name and (root / name).is_file()]
    skipped = {".git", "build", ".course", "__pycache__"}
    return [str(path.relative_to(root)) for path in root.rglob("*")
            if path.is_file() and not skipped & set(path.relative_to(root).parts)]


def copy_course(target: Path) -> Path:
    """A fresh clone of the course with only its first two stages, committed once."""
    kept = {stage.name for stage in KEPT}
    staged = re.compile(r"^(exercises|solutions|tests|lessons)/(\d\d-[^/]+)/")
    for name in course_files(ROOT):
        match = staged.match(name)
        if match and match.group(2) not in kept:
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    git = ["git", "-C", str(target), "-c", "user.name=Learner", "-c",
           "user.email=learner@example.org", "-c", "init.defaultBranch=main"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "the course"]):
        subprocess.run(git + command, check=True, capture_output=True)
    return target


class Journey(unittest.TestCase):
    """The steps share one copy of the course and run in the order of their names."""

    @classmethod
    def setUpClass(cls):
        reason = skip_reason()
        if reason:
            raise unittest.SkipTest(reason)
        cls._folder = tempfile.TemporaryDirectory(prefix="minifw-journey-")
        cls.root = copy_course(Path(cls._folder.name) / "course")
        cls.first, cls.second = KEPT
        cls.env = {key: value for key, value in os.environ.items()
                   if not key.startswith("MINIFW_")}
        cls.started = time.monotonic()

    @classmethod
    def tearDownClass(cls):
        print(f"\n  the learner's journey (stages {cls.first.id} and {cls.second.id}, real "
              f"builds): {time.monotonic() - cls.started:.0f} s", file=sys.stderr)
        cls._folder.cleanup()

    # -- helpers -------------------------------------------------------------

    def course(self, *argv: str) -> tuple[int, str, str]:
        """Run ./course in the copy; (exit status, stdout, stderr), never a traceback."""
        done = subprocess.run([str(self.root / "course"), *argv], cwd=self.root, env=self.env,
                              capture_output=True, text=True, timeout=COMMAND_SECONDS,
                              stdin=subprocess.DEVNULL)
        self.assertNotIn("Traceback", done.stdout + done.stderr,
                         f"./course {' '.join(argv)}:\n{done.stdout}\n{done.stderr}")
        return done.returncode, done.stdout, done.stderr

    def path(self, stage, name: str, kind: str = "exercises") -> Path:
        return self.root / kind / stage.name / name

    def solve(self, exercise) -> None:
        """Write the exercise as the reference does (a learner's correct work)."""
        for name in exercise.files:
            shutil.copyfile(self.path(exercise.stage, name, "solutions"),
                            self.path(exercise.stage, name))

    def stub(self, stage, name: str) -> bytes:
        return subprocess.run(["git", "-C", str(self.root), "show",
                               f"HEAD:exercises/{stage.name}/{name}"],
                              capture_output=True, check=True).stdout

    # -- the steps -----------------------------------------------------------

    def test_1_a_compile_error_names_the_file_line_and_exercise_and_reset_undoes_it(self):
        exercise = self.first.exercises[0]
        name = exercise.files[0]
        mine = self.path(self.first, name)
        mine.write_text(mine.read_text() + "\nint broken(\n")
        status, out, err = self.course("test", self.first.id)
        self.assertEqual(status, 1, out + err)
        self.assertIn(f"Stage {self.first.id} does not compile:", out)
        self.assertRegex(out, rf"\n    exercises/{self.first.name}/{re.escape(name)}:\d+:\d+: "
                              r"error: ")
        self.assertIn(f"the file of exercise {exercise.id}: {exercise.title}", out)
        self.assertIn("build/logs/learner-build.log", out)
        # Not a terminal: plain progress lines, not a line rewritten in place.
        self.assertIn(f"configuring build/learner", err)
        self.assertIn("building build/learner: step ", err)
        self.assertNotIn("\r", err)

        status, out, _ = self.course("reset", exercise.id)
        self.assertEqual(status, 0, out)
        self.assertEqual(mine.read_bytes(), self.stub(self.first, name))
        backups = list((self.root / ".course" / "backups").rglob(name))
        self.assertEqual(len(backups), 1)
        self.assertTrue(backups[0].read_text().endswith("int broken(\n"))

    def test_2_a_failing_stage_shows_the_current_exercise_and_a_line_for_the_others(self):
        status, out, _ = self.course("test", self.first.id)
        self.assertEqual(status, 1, out)
        current, *others = self.first.exercises
        self.assertIn(f"exercise {current.id}: {current.title}   read {current.section}", out)
        self.assertIn(f"NOT DONE: exercise {current.id} not done: see {current.section}", out)
        for name in current.tests:
            self.assertIn(f"\n      {name}\n", out)
        for exercise in others:
            self.assertRegex(out, rf"\n  -- exercise {re.escape(exercise.id)}: .*not started "
                                  rf"\(\d+ tests?\), read {re.escape(exercise.section)}\n")
        self.assertEqual(out.count("NOT DONE"), 1, out)  # one stub, said once
        count = len(self.first.test_points())
        self.assertIn(f"stage {self.first.id} ({self.first.title}): 0 of {count} tests pass", out)

    def test_3_a_pass_puts_the_points_on_the_board(self):
        exercise, following = self.first.exercises[:2]
        self.solve(exercise)
        status, out, _ = self.course("test", self.first.id, exercise.id)
        self.assertEqual(status, 0, out)
        tests = len(exercise.tests)
        self.assertIn(f"exercise {exercise.id}: {tests} of {tests} tests pass, "
                      f"{exercise.points}/{exercise.points} points", out)
        self.assertIn(f"Next: exercise {following.id}: {following.title}", out)
        status, out, _ = self.course()
        self.assertEqual(status, 0, out)
        self.assertRegex(out, rf"\n  ok {re.escape(exercise.id)}  .* {tests}/{tests} +tests  +"
                              rf"{exercise.points}/{exercise.points} +points\n")
        self.assertIn(f"{self.first.id}  {self.first.title}   {exercise.points}/"
                      f"{self.first.points} points", out)
        self.assertIn(f"Next: exercise {following.id}", out)

    def test_4_watch_runs_the_tests_again_after_one_save(self):
        done, current, after = self.first.exercises[:3]
        self.assertFalse(set(current.files) & set(done.files),
                         "the journey needs the first two exercises in files of their own")
        watch = subprocess.Popen([str(self.root / "course"), "watch", self.first.id],
                                 cwd=self.root, env=self.env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            first = self.read_until(watch, "Ctrl-C stops", seconds=COMMAND_SECONDS)
            self.assertIn(f"stage {self.first.id}: {self.first.title}", first)
            self.assertIn(f"exercise {current.id}: {current.title}   read", first)
            self.assertRegex(first, rf"-- exercise {re.escape(after.id)}: .*not started")
            self.assertNotIn(f"exercise {done.id}:", first)

            self.solve(current)  # the save
            second = self.read_until(watch, "Ctrl-C stops", seconds=COMMAND_SECONDS)
            self.assertEqual(second.count(f"stage {self.first.id}: {self.first.title}"), 1)
            self.assertIn(f"exercises/{self.first.name}/{current.files[0]}", second)  # changed
            self.assertIn(f"exercise {after.id}: {after.title}   read", second)
            self.assertNotIn(f"exercise {current.id}:", second)

            watch.send_signal(signal.SIGINT)  # Ctrl-C
            rest = self.read_until(watch, None, seconds=60)
            self.assertEqual(watch.wait(timeout=30), 0)
            self.assertIn("stopped watching", rest)
            self.assertNotIn("Traceback", first + second + rest)
        finally:
            if watch.poll() is None:
                watch.kill()
                watch.wait()
            watch.stdout.close()

    def read_until(self, process: subprocess.Popen, marker: str | None, seconds: float) -> str:
        """Read the process's output up to the line holding marker (None: to its end)."""
        deadline = time.monotonic() + seconds
        text = b""
        fd = process.stdout.fileno()
        while True:
            lines = text.decode(errors="replace")
            if marker is not None and marker in lines:
                return lines
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail(f"no {marker!r} within {seconds} s; the output so far:\n{lines}")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    if marker is None:
                        return lines
                    self.fail(f"watch ended before {marker!r}:\n{lines}")
                text += chunk

    def test_5_a_later_stage_stopped_by_an_unfinished_one_says_so_once(self):
        for exercise in self.second.exercises:
            self.solve(exercise)  # the learner's own stage 02, done
        status, out, _ = self.course("test", self.second.id)
        self.assertEqual(status, 1, out)
        self.assertEqual(out.count("Some tests stopped in exercises that are not done yet:"), 1)
        stopped = re.findall(rf"\n  ({self.first.id}\.\d+) .* \(stage {self.first.id}\): "
                             r"stopped \d+ tests?\n", out)
        self.assertTrue(stopped, out)
        unfinished = {e.id for e in self.first.exercises[2:]}
        self.assertLessEqual(set(stopped), unfinished)
        self.assertIn(f"\n      ./course use-reference {self.first.id}\n", out)
        self.assertIn(f"Your files in exercises/{self.first.name}/ stay as they are", out)
        self.assertNotIn("not started", out)  # stage 02's own code is all there

    def test_6_use_reference_then_the_later_stage_passes(self):
        status, out, _ = self.course("use-reference", self.first.id)
        self.assertEqual(status, 0, out)
        self.assertRegex(out, rf"Your work on stage {self.first.id} \(\d+ of "
                              rf"{len(self.first.test_points())} tests passed in your last run; "
                              r"2 files changed from the stubs\) stays in "
                              rf"exercises/{self.first.name}/, untouched")
        self.assertIn(f"./course use-exercises {self.first.id} builds from it again", out)
        status, out, _ = self.course("test", self.second.id)
        self.assertEqual(status, 0, out)
        count = len(self.second.test_points())
        self.assertIn(f"stage {self.second.id} ({self.second.title}): {count} of {count} "
                      f"tests pass, {self.second.points}/{self.second.points} points", out)

    def test_7_compare_shows_ones_finished_stage_beside_the_reference(self):
        status, out, _ = self.course("use-exercises", self.first.id)
        self.assertEqual(status, 0, out)
        status, _, err = self.course("compare", self.first.id)
        self.assertEqual(status, 1)
        self.assertIn("does not pass yet", err)
        for exercise in self.first.exercises:
            self.solve(exercise)
        name = self.first.exercises[-1].files[0]
        mine = self.path(self.first, name)
        mine.write_text("// written by me\n" + mine.read_text())
        status, out, _ = self.course("test", self.first.id)
        self.assertEqual(status, 0, out)
        status, out, _ = self.course("compare", self.first.id)
        self.assertEqual(status, 0, out)
        self.assertIn(f"--- exercises/{self.first.name}/{name}", out)
        self.assertIn(f"+++ solutions/{self.first.name}/{name}", out)
        self.assertIn("-// written by me", out)
        self.assertIn("identical to the reference", out)


if __name__ == "__main__":
    unittest.main()
