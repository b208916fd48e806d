"""The grader's parts, one at a time, on a tiny course made in a temporary folder.

Fast: nothing is compiled. test_grading.py proves the whole against real
submissions.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from course.grading import formats, limits  # noqa: E402
from course.grading.extra_tests import load_extra_tests  # noqa: E402
from course.grading.grade import outcome_of  # noqa: E402
from course.grading.report import (Report, StageOutcome, TestOutcome, excerpt,  # noqa: E402
                                   message, output_allowance)
from course.grading.runner import check_start, judge, judge_start  # noqa: E402
from course.grading.capture import Capture  # noqa: E402
from course.grading.processes import descendants_of, processes_of_user  # noqa: E402
from course.grading.sandbox import Sandbox  # noqa: E402
from course.grading.template import student_files  # noqa: E402
from course.grading.workspace import Workspace, read_submission  # noqa: E402
from course.metadata import CourseError, load_course  # noqa: E402

STAGE_TOML = """\
id = "01"
title = "Demo"
[[exercises]]
id = "01.1"
title = "First things"
files = ["first.cpp"]
[exercises.tests]
"Demo.First" = 2
[[exercises]]
id = "01.2"
title = "Second things"
files = ["second.cpp"]
[exercises.tests]
"Demo.Second" = 3
"""

LIMITS = limits.Limits(wall_seconds=2, cpu_seconds=5, memory_mib=512, processes=32,
                       file_size_mib=4, open_files=64, output_kib=4)


def make_course(folder: Path) -> Path:
    """A course with one stage of two exercises, a solution, a test file and CI files."""
    files = {
        "CMakeLists.txt": "project(demo)\n",
        "lessons/01-demo/stage.toml": STAGE_TOML,
        "exercises/01-demo/first.cpp": "// stub 1\n",
        "exercises/01-demo/second.cpp": "// stub 2\n",
        "solutions/01-demo/first.cpp": "// solution 1\n",
        "solutions/01-demo/second.cpp": "// solution 2\n",
        "tests/01-demo/demo_test.cpp": "// tests\n",
        ".github/workflows/ci.yml": "on: push\n",
        "build/learner/junk.o": "junk\n",
        "tools/course/main.py": "# the CLI\n",
    }
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


class TempCase(unittest.TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.tmp = Path(folder.name)
        self.course_root = make_course(self.tmp / "course")
        self.course = load_course(self.course_root)

    def submission(self, files: dict[str, str], under: str = "student") -> Path:
        root = self.tmp / under
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        root.mkdir(exist_ok=True)
        return root


class CaptureKeepsHeadAndTail(unittest.TestCase):
    def test_small_output_is_kept_whole(self):
        capture = Capture(1024)
        capture.add(b"one\n")
        capture.add(b"two\n")
        self.assertEqual(capture.text(), "one\ntwo\n")
        self.assertEqual(capture.dropped, 0)

    def test_a_flood_keeps_the_head_the_last_lines_and_counts_the_rest(self):
        capture = Capture(1024)
        capture.add(b"[ RUN      ] A.B\n")
        for _ in range(10000):
            capture.add(b"noise noise noise\n")
        capture.add(b"[  FAILED  ] A.B (3 ms)\n")
        text = capture.text()
        self.assertTrue(text.startswith("[ RUN      ] A.B\n"))
        self.assertTrue(text.endswith("[  FAILED  ] A.B (3 ms)\n"))
        self.assertIn(f"[output truncated: {capture.dropped} bytes not shown]", text)
        self.assertLessEqual(len(capture.head) + len(capture.tail), 1024)
        self.assertEqual(capture.total, 17 + 10000 * 18 + 24)


class JudgeReadsHowATestEnded(unittest.TestCase):
    RUN = "[ RUN      ] Demo.First\n"

    def verdict(self, output: str, returncode: int = 0, timed_out=False, left_running=False):
        return judge("Demo.First", returncode, output, 0.1, timed_out, left_running, LIMITS)

    def test_an_ok_line_and_exit_zero_pass(self):
        self.assertEqual(self.verdict(self.RUN + "[       OK ] Demo.First (0 ms)\n").status,
                         "passed")

    def test_a_pass_followed_by_a_bad_exit_fails(self):
        verdict = self.verdict(self.RUN + "[       OK ] Demo.First (0 ms)\n", returncode=3)
        self.assertEqual(verdict.status, "failed")
        self.assertIn("exited with code 3", verdict.reason)

    def test_a_pass_that_left_gtest_running_fails(self):
        verdict = self.verdict(self.RUN + "[       OK ] Demo.First (0 ms)\n", left_running=True)
        self.assertEqual(verdict.status, "failed")
        self.assertIn("exit()", verdict.reason)

    def test_a_stub_is_reported_as_not_done(self):
        verdict = self.verdict(
            self.RUN + "  NOT DONE: exercise 01.1 not done: see lessons/01-demo/README.md#x\n"
            "[  FAILED  ] Demo.First (0 ms)\n", returncode=1)
        self.assertEqual(verdict.status, "failed")
        self.assertEqual(verdict.not_done,
                         "exercise 01.1 not done: see lessons/01-demo/README.md#x")

    def test_a_signal_is_a_crash_named_by_its_signal(self):
        verdict = self.verdict(self.RUN, returncode=-signal.SIGSEGV)
        self.assertEqual(verdict.status, "crashed")
        self.assertIn("SIGSEGV", verdict.reason)

    def test_the_cpu_limit_is_a_timeout(self):
        self.assertEqual(self.verdict(self.RUN, returncode=-signal.SIGXCPU).status, "timeout")

    def test_the_file_size_limit_is_a_failure_that_names_it(self):
        verdict = self.verdict(self.RUN, returncode=-signal.SIGXFSZ)
        self.assertEqual(verdict.status, "failed")
        self.assertIn("4 MiB", verdict.reason)

    def test_the_watchdog_line_is_a_timeout(self):
        verdict = self.verdict(self.RUN + "  TIMEOUT: Demo.First ran past its limit of 2 s\n"
                               "[  FAILED  ] Demo.First (timeout)\n", returncode=124)
        self.assertEqual(verdict.status, "timeout")

    def test_a_kill_at_the_deadline_is_a_timeout(self):
        self.assertEqual(self.verdict(self.RUN, returncode=-9, timed_out=True).status, "timeout")

    def test_a_test_the_binary_lacks_is_not_run(self):
        verdict = self.verdict("[==========] 0 tests from 0 test suites ran. (0 ms total)\n")
        self.assertEqual(verdict.status, "not_run")

    def test_an_exit_in_the_middle_is_a_crash(self):
        self.assertEqual(self.verdict(self.RUN + "half\n", returncode=7).status, "crashed")


    def test_a_failure_keeps_what_the_test_printed_not_the_banners_around_it(self):
        verdict = self.verdict("Note: Google Test filter = Demo.First\n[==========] Running 1 "
                               "test\n" + self.RUN + "x.cpp:3: Failure\n"
                               "[  FAILED  ] Demo.First (1 ms)\n[  FAILED  ] 1 test\n",
                               returncode=1)
        self.assertEqual(verdict.output, "x.cpp:3: Failure")

    def test_a_pass_then_a_bad_exit_keeps_what_came_after_the_test(self):
        verdict = self.verdict(self.RUN + "[       OK ] Demo.First (0 ms)\n==1==ERROR: leak\n",
                               returncode=1)
        self.assertIn("==1==ERROR: leak", verdict.output)


class StartUpIsCheckedOnce(unittest.TestCase):
    def test_a_binary_that_starts_and_lists_its_tests_is_fine(self):
        self.assertIsNone(judge_start("test_01", 0, "Demo.\n  First\n", 0.01, False, LIMITS))

    def test_a_hang_before_the_first_test_is_a_timeout_that_says_where(self):
        verdict = judge_start("test_01", -9, "", 3.0, True, LIMITS)
        self.assertEqual(verdict.status, "timeout")
        self.assertIn("test_01 did not start: it was still running after 3 s", verdict.reason)
        self.assertIn("static object", verdict.reason)

    def test_a_crash_before_the_first_test_names_its_signal(self):
        verdict = judge_start("test_01", -signal.SIGSEGV, "boom\n", 0.1, False, LIMITS)
        self.assertEqual(verdict.status, "crashed")
        self.assertIn("SIGSEGV", verdict.reason)
        self.assertEqual(verdict.output, "boom\n")
        self.assertEqual(judge_start("test_01", 3, "", 0.1, False, LIMITS).status, "crashed")


class ReportsStaySmall(unittest.TestCase):
    def test_short_output_is_kept_whole(self):
        self.assertEqual(excerpt("a failure\nat x.cpp:3\n"), "a failure\nat x.cpp:3\n")

    def test_a_flood_keeps_a_head_and_a_tail_and_says_how_much_is_gone(self):
        text = "first line\n" + "noise\n" * 100000 + "the verdict\n"
        kept = excerpt(text, 1000)
        self.assertTrue(kept.startswith("first line\n"))
        self.assertTrue(kept.endswith("the verdict\n"))
        self.assertRegex(kept, r"\n\[output truncated: \d+ bytes not shown\]\n")
        self.assertLess(len(kept.encode()), 1100)

    def test_control_characters_and_broken_characters_cannot_grow_it(self):
        nasty = ("\x1b[2J\x00\x07é\ufffd" * 20000)
        kept = excerpt(nasty, 1000)
        self.assertNotRegex(kept, "[\x00-\x08\x0b-\x1f]")
        self.assertLess(len(kept.encode()), 1100)

    def test_the_allowance_shrinks_with_the_number_of_tests(self):
        self.assertEqual(output_allowance(40), 1000)
        self.assertEqual(output_allowance(239), 200_000 // 239)
        self.assertEqual(output_allowance(100_000), 200)

    def test_a_course_of_flooding_tests_makes_a_report_under_a_megabyte_in_every_format(self):
        course = load_course(make_course(Path(tempfile.mkdtemp())))
        stage = course.stages[0]
        exercise = stage.exercises[0]
        count = 600  # more than the course's 239 tests, each flooding its 64 KiB
        allowance = output_allowance(count)
        flood = "[ RUN      ] Demo.First\n" + ("\x01ü\"<&> \\ flood\n" * 4000)[:64 * 1024]
        report = Report(course="/course", submission="/alice", started="now", seconds=1.0,
                        isolation="...")
        report.stages = [StageOutcome("01", "01-demo", "Demo", True)]
        for index in range(count):
            status = ("failed", "timeout", "crashed", "passed")[index % 4]
            output = flood + ("[       OK ] Demo.First (1 ms)\n" if status == "passed" else "")
            verdict = judge("Demo.First", -9 if status == "crashed" else 0 if status == "passed"
                            else 1, output, 0.5, status == "timeout", False, LIMITS)
            report.tests.append(outcome_of(stage, f"Demo.Test{index}", exercise, 1, verdict,
                                           allowance))
        for test in report.tests:
            if test.status == "passed":
                self.assertEqual(test.output, "")
            else:
                self.assertLess(len(test.output.encode()), allowance + 100)
        for kind in formats.FORMATS:
            size = len(formats.render(report, kind).encode())
            self.assertLess(size, 1024 * 1024, kind)


class SubmissionsGiveOnlyExerciseFiles(TempCase):
    def test_the_stage_files_are_taken_and_everything_else_is_listed_as_ignored(self):
        root = self.submission({
            "exercises/01-demo/first.cpp": "// mine\n",
            "exercises/01-demo/helper.cpp": "// extra\n",
            "tests/01-demo/demo_test.cpp": "// easier tests\n",
            "CMakeLists.txt": "project(demo)\n",  # unchanged: not worth a line
            "notes.txt": "mine\n",  # outside the course's folders: not listed
        })
        submission = read_submission(root, self.course_root)
        self.assertEqual(submission.files, {"exercises/01-demo/first.cpp": b"// mine\n"})
        ignored = {item.path: item.reason for item in submission.ignored}
        self.assertEqual(set(ignored), {"exercises/01-demo/helper.cpp",
                                        "tests/01-demo/demo_test.cpp"})
        self.assertIn("not one of the stage's files", ignored["exercises/01-demo/helper.cpp"])
        self.assertIn("differs", ignored["tests/01-demo/demo_test.cpp"])

    def test_links_fifos_and_huge_files_are_refused(self):
        root = self.submission({})
        stage = root / "exercises" / "01-demo"
        stage.mkdir(parents=True)
        (stage / "first.cpp").symlink_to("/etc/passwd")
        os.mkfifo(stage / "second.cpp")
        submission = read_submission(root, self.course_root)
        self.assertEqual(submission.files, {})
        reasons = {item.path: item.reason for item in submission.ignored}
        self.assertIn("symbolic link", reasons["exercises/01-demo/first.cpp"])
        self.assertIn("not a regular file", reasons["exercises/01-demo/second.cpp"])

        (stage / "first.cpp").unlink()
        (stage / "second.cpp").unlink()
        outside = self.tmp / "outside.cpp"
        outside.write_text("// someone else's\n")
        os.link(outside, stage / "first.cpp")
        (stage / "second.cpp").write_bytes(b"x" * (1024 * 1024 + 1))
        reasons = {i.path: i.reason for i in read_submission(root, self.course_root).ignored}
        self.assertIn("hard link", reasons["exercises/01-demo/first.cpp"])
        self.assertIn("larger than", reasons["exercises/01-demo/second.cpp"])

    def test_a_linked_stage_folder_is_refused(self):
        elsewhere = self.tmp / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / "first.cpp").write_text("// the reference, say\n")
        root = self.submission({})
        (root / "exercises").mkdir()
        (root / "exercises" / "01-demo").symlink_to(elsewhere)
        submission = read_submission(root, self.course_root)
        self.assertEqual(submission.files, {})
        self.assertTrue(any("symbolic link" in item.reason for item in submission.ignored))

    def test_exercises_are_found_one_folder_down_or_as_the_folder_itself(self):
        zipped = self.submission({"repo-main/exercises/01-demo/first.cpp": "// a\n"}, "zip")
        self.assertEqual(read_submission(zipped, self.course_root).files,
                         {"exercises/01-demo/first.cpp": b"// a\n"})
        bare = self.submission({"01-demo/second.cpp": "// b\n"}, "bare")
        self.assertEqual(read_submission(bare, self.course_root).files,
                         {"exercises/01-demo/second.cpp": b"// b\n"})
        empty = self.submission({"README.md": "hello\n"}, "empty")
        self.assertIsNone(read_submission(empty, self.course_root).exercises)


class WorkspaceWritesOnlyWhatChanged(TempCase):
    def test_unchanged_files_keep_their_time_and_stale_files_go(self):
        workspace = Workspace(self.tmp / "work")
        first = {"a/one.cpp": b"1\n", "two.cpp": b"2\n"}
        self.assertEqual(workspace.prepare(first), 2)
        stamp = (workspace.src / "a/one.cpp").stat().st_mtime_ns
        time.sleep(0.01)  # a later write would show a later time
        self.assertEqual(workspace.prepare(first), 0)
        self.assertEqual((workspace.src / "a/one.cpp").stat().st_mtime_ns, stamp)
        self.assertEqual(workspace.prepare({"two.cpp": b"22\n"}), 2)
        self.assertFalse((workspace.src / "a").exists())
        self.assertEqual((workspace.src / "two.cpp").read_bytes(), b"22\n")
        self.assertEqual((workspace.src / "two.cpp").stat().st_mode & 0o777, 0o644)


class HiddenTestsAreChecked(TempCase):
    def hidden(self, toml: str, files: dict[str, str] | None = None) -> Path:
        folder = self.tmp / "hidden" / "01-demo"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "hidden.toml").write_text(textwrap.dedent(toml))
        for name, text in (files or {"hidden_test.cpp": "// hidden\n"}).items():
            (folder / name).write_text(text)
        return folder.parent

    def test_a_valid_folder_gives_files_and_tests(self):
        extra = load_extra_tests(self.hidden("""\
            visibility = "hidden"
            [[exercises]]
            id = "01.2"
            [exercises.tests]
            "Hidden.Second" = 4
            """), self.course)
        self.assertEqual(list(extra.files), ["tests/01-demo/hidden_test.cpp"])
        [test] = extra.for_stage("01")
        self.assertEqual((test.name, test.exercise.id, test.points, test.visibility),
                         ("Hidden.Second", "01.2", 4, "hidden"))

    def test_mistakes_are_refused_with_the_file_named(self):
        cases = {
            '[[exercises]]\nid = "01.9"\n[exercises.tests]\n"Hidden.X" = 1\n': "no exercise",
            '[[exercises]]\nid = "01.1"\n[exercises.tests]\n"Hidden.X" = -1\n': "whole number",
            '[[exercises]]\nid = "01.1"\n[exercises.tests]\n"Demo.First" = 1\n': "already",
            '[[exercises]]\nid = "01.1"\n[exercises.tests]\n"NoDot" = 1\n': "GoogleTest name",
            'visibility = "sometimes"\n': "visibility",
        }
        for toml, complaint in cases.items():
            with self.subTest(complaint):
                with self.assertRaises(CourseError) as caught:
                    load_extra_tests(self.hidden(toml), self.course)
                self.assertIn(complaint, str(caught.exception))
                self.assertIn("hidden.toml", str(caught.exception))

    def test_a_file_the_course_has_or_an_unknown_stage_is_refused(self):
        good = '[[exercises]]\nid = "01.1"\n[exercises.tests]\n"Hidden.X" = 1\n'
        with self.assertRaises(CourseError) as caught:
            load_extra_tests(self.hidden(good, {"demo_test.cpp": "// clash\n"}), self.course)
        self.assertIn("already has tests/01-demo/demo_test.cpp", str(caught.exception))
        (self.tmp / "hidden" / "01-demo" / "demo_test.cpp").unlink()
        (self.tmp / "hidden" / "07-nope").mkdir()
        with self.assertRaises(CourseError) as caught:
            load_extra_tests(self.tmp / "hidden", self.course)
        self.assertIn("07-nope", str(caught.exception))


def sample_report() -> Report:
    report = Report(course="/course", submission="/alice", started="2024-01-01T00:00:00+00:00",
                    seconds=3.5, isolation="tests ran as the unprivileged user ...")
    course = load_course(make_course(Path(tempfile.mkdtemp())))
    first, second = course.stages[0].exercises
    report.stages = [StageOutcome("01", "01-demo", "Demo", True)]
    report.tests = [
        TestOutcome("Demo.First", "01", "01.1", first.title, first.section, "passed", 2, 2,
                    message(first, "passed", "passed", None), "[ RUN ] ok\x01", 0.01),
        TestOutcome("Demo.Second", "01", "01.2", second.title, second.section, "crashed", 0, 3,
                    message(second, "crashed", "SIGSEGV, a segmentation fault", None),
                    "<boom & bust>", 0.2),
        TestOutcome("Hidden.Third", "01", "01.2", second.title, second.section, "timeout", 0, 1,
                    message(second, "timeout", "over its time limit of 2 s", None), "", 2.0,
                    hidden=True, visibility="after_published"),
    ]
    return report


class FormatsAgreeOnTheNumbers(unittest.TestCase):
    def test_messages_name_the_exercise_and_its_section(self):
        for test in sample_report().tests:
            self.assertIn(test.exercise, test.message)
            self.assertIn(test.section, test.message)

    def test_a_test_stopped_by_another_exercise_names_both(self):
        course = load_course(make_course(Path(tempfile.mkdtemp())))
        second = course.stages[0].exercises[1]
        text = message(second, "failed", "an expectation did not hold",
                       "exercise 01.1 not done: see lessons/01-demo/README.md#one")
        self.assertIn('this test of exercise 01.2 "Second things" reached exercise 01.1, which '
                      "is still a stub (read lessons/01-demo/README.md#one)", text)
        self.assertTrue(text.endswith(second.section))

    def test_gradescope_results_follow_the_specification(self):
        data = json.loads(formats.gradescope(sample_report()))
        self.assertEqual(data["score"], 2)
        self.assertEqual([t["status"] for t in data["tests"]], ["passed", "failed", "failed"])
        self.assertEqual([t["max_score"] for t in data["tests"]], [2, 3, 1])
        self.assertEqual(data["tests"][2]["visibility"], "after_published")
        for test in data["tests"]:
            self.assertTrue({"name", "score", "max_score", "status", "output",
                             "visibility"} <= set(test))
        self.assertIn("SIGSEGV", data["tests"][1]["output"])

    def test_classroom_ends_with_the_points_line_and_writes_the_step_output(self):
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "output"
            old = os.environ.get("GITHUB_OUTPUT")
            os.environ["GITHUB_OUTPUT"] = str(output)
            try:
                formats.write(sample_report(), "classroom", Path(folder) / "report.txt")
            finally:
                if old is None:
                    del os.environ["GITHUB_OUTPUT"]
                else:
                    os.environ["GITHUB_OUTPUT"] = old
            text = (Path(folder) / "report.txt").read_text()
            self.assertEqual(text.splitlines()[-1], "Points 2/6")
            key, _, value = output.read_text().strip().partition("=")
            result = json.loads(base64.b64decode(value))
        self.assertEqual(key, "result")
        self.assertEqual((result["status"], result["max_score"]), ("fail", 6))
        self.assertEqual([t["score"] for t in result["tests"]], [2, 0, 0])

    def test_junit_counts_failures_and_errors_and_stays_valid_xml(self):
        tree = ET.fromstring(formats.junit(sample_report()))
        self.assertEqual((tree.get("tests"), tree.get("failures"), tree.get("errors")),
                         ("3", "0", "2"))
        case = tree.find("testsuite/testcase[@name='Second']")
        self.assertEqual(case.find("error").get("type"), "crashed")
        self.assertIn("<boom & bust>", case.find("error").text)

    def test_json_and_text_carry_every_test(self):
        data = json.loads(formats.as_json(sample_report()))
        self.assertEqual((data["score"], data["max_score"]), (2, 6))
        self.assertEqual(data["counts"]["crashed"], 1)
        text = formats.text(sample_report())
        self.assertIn("Hidden.Third", text)
        self.assertIn("Score: 2/6", text)


class TemplateLeavesInstructorFilesOut(TempCase):
    def test_solutions_ci_and_builds_are_left_out(self):
        files, _ = student_files(self.course_root)
        self.assertIn("exercises/01-demo/first.cpp", files)
        self.assertIn("tools/course/main.py", files)
        for rel in files:
            self.assertFalse(rel.startswith(("solutions/", ".github/", "build/")), rel)


class LimitOptionsRoundTrip(unittest.TestCase):
    def test_option_words_parse_back_to_the_same_limits(self):
        parser = argparse.ArgumentParser()
        limits.add_arguments(parser)
        args = parser.parse_args(["--timeout", "3", "--memory", "100", "--cpu", "9"])
        again = parser.parse_args(limits.option_words(args))
        self.assertEqual(limits.test_limits(args), limits.test_limits(again))
        self.assertEqual(limits.test_limits(args).cpu_seconds, 9)
        self.assertEqual(limits.test_limits(parser.parse_args([])).cpu_seconds, 15)


class SandboxEndsEverything(unittest.TestCase):
    # A user of its own: the sandbox ends every process of its user, and a
    # grading may be running as the usual one.
    USER = f"minifw-unit-{os.getpid()}"

    @classmethod
    def setUpClass(cls):
        cls.sandbox = Sandbox.open(user=cls.USER)
        cls.claim = cls.sandbox.claimed()
        cls.claim.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.claim.__exit__(None, None, None)
        if cls.sandbox.identity is not None:
            subprocess.run(["userdel", cls.USER], capture_output=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"/run/{cls.USER}.lock")

    def run_shell(self, script: str, seconds: float = 5, limits_=LIMITS):
        with tempfile.TemporaryDirectory() as folder:
            os.chmod(folder, 0o711)
            with self.sandbox.scratch(Path(folder)) as home:
                return self.sandbox.run(["/bin/sh", "-c", script], cwd=home,
                                        env={"PATH": "/usr/bin:/bin", "HOME": str(home)},
                                        limits=limits_, seconds=seconds)

    def assert_no_leftovers(self):
        if self.sandbox.identity is not None:
            self.assertEqual(processes_of_user(self.sandbox.identity.uid), ([], []))
        self.assertEqual(descendants_of(os.getpid()), ([], []))

    def test_exit_status_and_output_come_back(self):
        done = self.run_shell("echo out; echo err >&2; exit 3")
        self.assertEqual((done.returncode, done.output, done.timed_out), (3, "out\nerr\n", False))

    def test_a_process_past_its_deadline_is_killed_with_its_children(self):
        started = time.monotonic()
        done = self.run_shell("sleep 100 & sleep 100", seconds=0.5)
        self.assertTrue(done.timed_out)
        self.assertLess(time.monotonic() - started, 5)
        self.assert_no_leftovers()

    def test_an_escaped_daemon_is_killed_when_the_test_ends(self):
        done = self.run_shell("(setsid sleep 100 >/dev/null 2>&1 &); echo started")
        self.assertEqual(done.output, "started\n")
        self.assertFalse(done.timed_out)
        self.assert_no_leftovers()

    def test_a_closed_output_does_not_end_the_watch(self):
        done = self.run_shell("exec >&- 2>&-; sleep 100", seconds=0.5)
        self.assertTrue(done.timed_out)
        self.assert_no_leftovers()

    def start(self, script: str):
        with tempfile.TemporaryDirectory() as folder:
            os.chmod(folder, 0o755)
            binary = Path(folder) / "test_01"
            binary.write_text("#!/bin/sh\n" + script + "\n")
            binary.chmod(0o755)
            scratch = Path(folder) / "scratch"
            scratch.mkdir()
            os.chmod(scratch, 0o711)
            started = time.monotonic()
            verdict = check_start(self.sandbox, binary, LIMITS, scratch)
            return verdict, time.monotonic() - started

    def test_the_start_check_lists_the_tests_once_and_stops_a_hang_at_the_test_limit(self):
        verdict, _ = self.start('[ "$1" = --gtest_list_tests ] && echo "Demo.\n  First"')
        self.assertIsNone(verdict)
        verdict, seconds = self.start("while :; do :; done")
        self.assertEqual(verdict.status, "timeout")
        self.assertLess(seconds, LIMITS.start_seconds + 2)
        verdict, _ = self.start("echo starting; kill -SEGV $$")
        self.assertEqual((verdict.status, verdict.output), ("crashed", "starting\n"))
        self.assert_no_leftovers()

    def test_the_file_size_limit_holds(self):
        done = self.run_shell("head -c 8388608 /dev/zero > big; echo $?; wc -c < big")
        status, size = done.output.splitlines()[-2:]  # after the shell's own complaint
        self.assertEqual(int(status), 128 + signal.SIGXFSZ)
        self.assertEqual(int(size), LIMITS.file_size_mib * 1024 * 1024)


if __name__ == "__main__":
    unittest.main()
