"""verify, test and status over stand-in test binaries, with the build itself mocked out."""

import contextlib
import io
import os
import tempfile
import time
import unittest
from pathlib import Path
from unittest import mock

from fake_course import make_binary, make_course

from course import main as cli
from course.build import BuildResult
from course.state import State

ALPHA = ("First.Works", "First.AlsoWorks", "Second.Works")


class FakeBuildTest(unittest.TestCase):
    """A throwaway course whose build 'succeeds' and whose binaries are scripts."""

    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.root = make_course(Path(self._dir.name) / "course")
        patches = [
            mock.patch.dict(os.environ, {"MINIFW_COURSE_ROOT": str(self.root), "NO_COLOR": "1"}),
            mock.patch("course.build.Build.configure"),
            mock.patch("course.build.Build.build", autospec=True, side_effect=self.fake_build),
            mock.patch("course.build.Build.targets", autospec=True, side_effect=self.fake_targets),
        ]
        for patcher in patches:
            patcher.start()
            self.addCleanup(patcher.stop)
        self.broken: dict[str, str] = {}

    def tearDown(self):
        self._dir.cleanup()

    def fake_targets(self, build):
        return {p.name for p in build.dir.glob("test_*") if not p.suffix}

    def fake_build(self, build, targets=None, name="build"):
        result = BuildResult(log=build.dir / "log")
        for target in targets or []:
            if target in self.broken:
                result.failed[target] = self.broken[target]
            else:
                result.built.add(target)
        return result

    def binary(self, preset, name, tests, **kwargs):
        return make_binary(self.root / "build" / preset, tests, name=name, **kwargs)

    def course(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(list(argv))
        return status, out.getvalue(), err.getvalue()


class VerifyTest(FakeBuildTest):
    def stage(self, stage, green, red):
        self.binary("reference", f"test_{stage}", green)
        self.binary("reference", f"test_{stage}_red", red)

    def test_a_clean_course_counts_every_test_as_passed(self):
        for stage in ("01", "02"):
            self.stage(stage, {n: "pass" for n in ALPHA}, {n: "notdone" for n in ALPHA})
        status, out, _ = self.course("verify", "--no-tools")
        self.assertEqual(status, 0, out)
        self.assertIn("01 Alpha: 3 tests, red on stub 3/3, green on solution 3/3", out)
        self.assertEqual(out.splitlines()[-1], "6 passed, 0 failed")

    def test_a_test_that_passes_on_its_stub_is_offending(self):
        self.stage("01", {n: "pass" for n in ALPHA},
                   {"First.Works": "pass", "First.AlsoWorks": "crash", "Second.Works": "notdone"})
        status, out, _ = self.course("verify", "--no-tools", "--stage", "01")
        self.assertEqual(status, 1)
        self.assertIn("red on stub 2/3, green on solution 3/3", out)
        self.assertIn("First.Works: passes on the stub", out)
        self.assertEqual(out.splitlines()[-1], "2 passed, 1 failed")

    def test_a_test_failing_on_the_solution_is_offending(self):
        self.stage("01", {"First.Works": "fail", "First.AlsoWorks": "pass", "Second.Works": "timeout"},
                   {n: "notdone" for n in ALPHA})
        status, out, _ = self.course("verify", "--no-tools", "--stage", "01")
        self.assertEqual(status, 1)
        self.assertIn("First.Works: failed on the solution: tests/fake.cpp:12: Failure", out)
        self.assertIn("Second.Works: timeout on the solution", out)
        self.assertEqual(out.splitlines()[-1], "1 passed, 2 failed")

    def test_the_binary_and_the_metadata_must_list_the_same_tests(self):
        green = {"First.Works": "pass", "First.AlsoWorks": "pass", "Extra.Unlisted": "pass"}
        self.stage("01", green, {n: "notdone" for n in green})
        status, out, _ = self.course("verify", "--no-tools", "--stage", "01")
        self.assertEqual(status, 1)
        self.assertIn("Extra.Unlisted: not listed in stage.toml", out)
        self.assertIn("Second.Works: listed in stage.toml but not in the test binary", out)
        self.assertEqual(out.splitlines()[-1], "2 passed, 2 failed")

    def test_a_stage_that_does_not_build_fails_all_its_tests(self):
        self.stage("01", {n: "pass" for n in ALPHA}, {n: "notdone" for n in ALPHA})
        self.broken["test_01"] = "x.cpp:1:1: error: expected ';'\n"
        status, out, _ = self.course("verify", "--no-tools", "--stage", "01")
        self.assertEqual(status, 1)
        self.assertIn("test_01 does not build", out)
        self.assertIn("error: expected ';'", out)
        self.assertEqual(out.splitlines()[-1], "0 passed, 3 failed")

    def test_a_missing_chapter_heading_is_a_failure(self):
        self.stage("01", {n: "pass" for n in ALPHA}, {n: "notdone" for n in ALPHA})
        (self.root / "lessons" / "01-alpha" / "README.md").write_text("# Alpha\n")
        status, out, _ = self.course("verify", "--no-tools", "--stage", "01")
        self.assertEqual(status, 1)
        self.assertIn("names no heading of the chapter", out)


class TestCommandTest(FakeBuildTest):
    def test_failures_name_the_exercise_and_section_and_the_exit_status_says_so(self):
        self.binary("learner", "test_01", {"First.Works": "pass", "First.AlsoWorks": "fail",
                                           "Second.Works": "notdone:01.2"})
        status, out, _ = self.course("test", "01", "01.1")
        self.assertEqual(status, 1)
        self.assertIn("exercise 01.1: First things   read lessons/01-alpha/README.md#exercise-011-first-things", out)
        self.assertIn("-- First.AlsoWorks", out)
        self.assertIn("      tests/fake.cpp:12: Failure", out)
        self.assertIn("exercise 01.1: 1 of 2 tests pass, 2/5 points", out)
        status, out, _ = self.course("test", "01", "01.2")
        self.assertEqual(status, 1)
        self.assertIn("-- 1 test stopped in this exercise's stub (NOT DONE: exercise 01.2 not "
                      "done: see lessons/01-alpha/README.md#exercise-012-first-things):\n"
                      "      Second.Works\n", out)
        self.assertNotIn("stopped in exercises that are not done", out)

    def test_the_current_exercise_is_shown_in_full_and_the_ones_not_started_in_a_line(self):
        self.binary("learner", "test_01", {"First.Works": "pass", "First.AlsoWorks": "fail",
                                           "Second.Works": "notdone:01.2"})
        status, out, _ = self.course("test", "01")
        self.assertEqual(status, 1)
        self.assertIn("      tests/fake.cpp:12: Failure", out)
        self.assertIn("-- exercise 01.2: Second things   not started (1 test), read "
                      "lessons/01-alpha/README.md#exercise-012-second-things\n", out)
        self.assertNotIn("NOT DONE", out)
        self.assertIn("stage 01 (Alpha): 1 of 3 tests pass, 2/10 points", out)

    def test_a_current_exercise_not_started_names_its_stub_once_and_lists_its_tests(self):
        self.binary("learner", "test_01", {"First.Works": "notdone:01.1",
                                           "First.AlsoWorks": "notdone:01.1",
                                           "Second.Works": "notdone:01.2"})
        _, out, _ = self.course("test", "01")
        self.assertEqual(out.count("NOT DONE: exercise 01.1 not done"), 1, out)
        self.assertIn("-- 2 tests stopped in this exercise's stub", out)
        self.assertIn("      First.Works\n      First.AlsoWorks\n", out)
        self.assertIn("-- exercise 01.2: Second things   not started (1 test)", out)

    def test_tests_stopped_by_an_earlier_stage_say_so_once_and_offer_its_reference(self):
        self.binary("learner", "test_02", {"First.Works": "notdone:01.2",
                                           "First.AlsoWorks": "notdone:01.1",
                                           "Second.Works": "notdone:01.2"})
        status, out, _ = self.course("test", "02")
        self.assertEqual(status, 1)
        self.assertEqual(out.count("Some tests stopped in exercises that are not done yet:"), 1)
        self.assertIn("  01.1 First things (stage 01): stopped 1 test\n", out)
        self.assertIn("  01.2 Second things (stage 01): stopped 2 tests\n", out)
        self.assertIn("      ./course use-reference 01\n", out)
        self.assertIn("Your files in exercises/01-alpha/ stay as they are", out)
        self.assertIn("-- 1 test stopped in exercise 01.2, which is not done yet:\n"
                      "      Second.Works", out)
        self.assertNotIn("not started", out)  # stage 02's own code is done: only 01 stops it

    def test_a_stub_message_the_server_logged_counts_as_stopping_the_test(self):
        self.binary("learner", "test_02", {"First.Works": "pass", "First.AlsoWorks": "pass",
                                           "Second.Works": "logged:01.3"})
        _, out, _ = self.course("test", "02")
        self.assertIn("-- 1 test stopped in exercise 01.3, which is not done yet:\n"
                      "      Second.Works", out)
        self.assertIn("      ./course use-reference 01\n", out)

    def test_a_test_stopped_by_an_exercise_of_its_own_stage_says_to_do_that_first(self):
        self.binary("learner", "test_02", {"First.Works": "pass", "First.AlsoWorks": "pass",
                                           "Second.Works": "notdone:02.1"})
        _, out, _ = self.course("test", "02")
        self.assertIn("Exercise 02.1 is of this stage: do it first (./course test 02 02.1).", out)
        self.assertNotIn("use-reference", out)

    def test_a_student_copy_is_told_to_do_the_earlier_stage_first(self):
        import shutil
        shutil.rmtree(self.root / "solutions")
        self.binary("learner", "test_02", {n: "notdone:01.2" for n in ALPHA})
        _, out, _ = self.course("test", "02")
        self.assertIn("Stage 01 comes first: ./course test 01 01.2", out)
        self.assertNotIn("use-reference", out)

    def test_a_binary_stuck_before_its_first_test_is_stopped_after_one_test_limit(self):
        self.binary("learner", "test_01", {n: "pass" for n in ALPHA}, start="hang")
        started = time.monotonic()
        with mock.patch.dict(os.environ, {"MINIFW_TEST_TIMEOUT": "1"}):
            status, out, _ = self.course("test", "01")
        self.assertLess(time.monotonic() - started, 20)
        self.assertEqual(status, 1)
        self.assertIn("(timed out)", out)
        self.assertIn("printed nothing in its first 3 s", out)
        self.assertIn("constructor of a global or static object", out)

    def test_one_exercise_runs_only_its_tests(self):
        binary = self.binary("learner", "test_01", {n: "pass" for n in ALPHA})
        status, out, _ = self.course("test", "01", "01.1")
        self.assertEqual(status, 0)
        self.assertIn("exercise 01.1: 2 of 2 tests pass, 5/5 points", out)
        self.assertIn("Next: exercise 01.2", out)
        log = (binary.parent / "test_01.log").read_text()
        self.assertIn("--gtest_filter=First.Works:First.AlsoWorks", log)

    def test_an_exercise_of_another_stage_is_refused(self):
        status, _, err = self.course("test", "02", "01.1")
        self.assertEqual(status, 1)
        self.assertIn("stage 02 has no exercise '01.1'; its exercises are: 02.1, 02.2", err)

    def test_a_finished_stage_that_breaks_later_is_reported_as_a_regression(self):
        State(self.root).record_results("01", {n: "passed" for n in ALPHA}, complete=True)
        self.binary("learner", "test_01", {"First.Works": "fail", "First.AlsoWorks": "pass",
                                           "Second.Works": "pass"})
        self.binary("learner", "test_02", {n: "pass" for n in ALPHA})
        status, out, _ = self.course("test", "02")
        self.assertEqual(status, 1)
        self.assertIn("stage 02 (Beta): 3 of 3 tests pass", out)
        self.assertIn("REGRESSION: stage 01 (Alpha) passed before; now 1 of its tests fail", out)

    def test_a_stage_that_does_not_compile_shows_the_errors(self):
        self.binary("learner", "test_01", {n: "pass" for n in ALPHA})
        self.broken["test_01"] = (f"FAILED: x.o\n{self.root}/exercises/01-alpha/first.cpp:3:1: "
                                  "error: expected ';'\n")
        status, out, _ = self.course("test", "01")
        self.assertEqual(status, 1)
        self.assertIn("Stage 01 does not compile:", out)
        self.assertIn("    exercises/01-alpha/first.cpp:3:1: error: expected ';'", out)


    def test_a_compile_error_names_the_exercise_whose_file_it_is_in(self):
        self.binary("learner", "test_01", {n: "pass" for n in ALPHA})
        self.broken["test_01"] = (f"FAILED: x.o\n{self.root}/exercises/01-alpha/second.cpp:3:1: "
                                  "error: expected ';'\n")
        _, out, _ = self.course("test", "01")
        self.assertIn("The errors are in exercises/01-alpha/second.cpp, the file of exercise "
                      "01.2: Second things (read lessons/01-alpha/README.md#exercise-012-second-"
                      "things).", out)

    def test_an_undefined_function_names_the_exercise_that_should_define_it(self):
        (self.root / "solutions" / "01-alpha" / "second.cpp").write_text(
            "void Alpha::finish() {}\n")
        self.binary("learner", "test_01", {n: "pass" for n in ALPHA})
        self.broken["test_01"] = ("FAILED: test_01\n/usr/bin/ld: x.o: in function `f':\n"
                                  f"{self.root}/tests/01-alpha/a_test.cpp:9: undefined reference "
                                  "to `minifw::Alpha::finish()'\ncollect2: error: ld returned 1 "
                                  "exit status\n")
        status, out, _ = self.course("test", "01")
        self.assertEqual(status, 1)
        self.assertIn("undefined reference to `minifw::Alpha::finish()'", out)
        self.assertIn("The errors are in exercises/01-alpha/second.cpp, the file of exercise "
                      "01.2: Second things", out)
        self.assertIn("declared but that no file defines", out)

    def test_a_stage_blocked_by_an_earlier_one_says_which(self):
        self.binary("learner", "test_02", {n: "pass" for n in ALPHA})
        self.broken["test_02"] = ("FAILED: CMakeFiles/minifw_01_exercise.dir/exercises/01-alpha/"
                                  f"first.cpp.o\n{self.root}/exercises/01-alpha/first.cpp:3:1: "
                                  "error: expected ';'\n")
        status, out, _ = self.course("test", "02")
        self.assertEqual(status, 1)
        self.assertIn("Stage 02 cannot be built until stage 01 compiles", out)
        self.assertIn("    exercises/01-alpha/first.cpp:3:1: error: expected ';'", out)


class StatusTest(FakeBuildTest):
    def test_the_board_comes_from_real_runs_and_is_remembered(self):
        self.binary("learner", "test_01", {"First.Works": "pass", "First.AlsoWorks": "pass",
                                           "Second.Works": "crash"})
        self.binary("learner", "test_02", {n: "notdone" for n in ALPHA})
        status, out, _ = self.course()
        self.assertEqual(status, 0)
        self.assertRegex(out, r"ok 01.1  First things\s+2/2 tests\s+5/5 points")
        self.assertRegex(out, r"-- 01.2  Second things\s+0/1 tests\s+0/5 points")
        self.assertIn("Next: exercise 01.2: Second things", out)
        self.assertEqual(State(self.root).results()["01"]["Second.Works"], "crashed")

    def test_reference_stages_are_not_run(self):
        State(self.root).set_reference_stages(["01"])
        binary = self.binary("learner", "test_01", {n: "pass" for n in ALPHA})
        self.binary("learner", "test_02", {n: "notdone" for n in ALPHA})
        status, out, _ = self.course("status")
        self.assertIn("01  Alpha   => taken from solutions/", out)
        self.assertFalse((binary.parent / "test_01.log").exists())


if __name__ == "__main__":
    unittest.main()
