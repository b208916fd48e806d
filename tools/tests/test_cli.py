"""The commands that need no build: hints, the track, examples, reset, compare, watching."""

import contextlib
import io
import json
import os
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path
from unittest import mock

from fake_course import TOOLS, make_course

from course import main as cli
from course import packages, watcher
from course.state import State


class CliTest(unittest.TestCase):
    """Runs ./course's main() against a throwaway course."""

    solutions = True

    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.root = make_course(Path(self._dir.name) / "course", solutions=self.solutions)
        patcher = mock.patch.dict(os.environ, {"MINIFW_COURSE_ROOT": str(self.root), "NO_COLOR": "1"})
        patcher.start()
        self.addCleanup(patcher.stop)
        # No command here may configure a real build.
        configure = mock.patch("course.build.Build.configure")
        self.configure = configure.start()
        self.addCleanup(configure.stop)

    def tearDown(self):
        self._dir.cleanup()

    def course(self, *argv):
        """Run the CLI; returns (exit status, stdout, stderr)."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(list(argv))
            except SystemExit as exit_:
                status = exit_.code
        return status, out.getvalue(), err.getvalue()


class HintTest(CliTest):
    def test_each_call_shows_the_next_level(self):
        status, out, _ = self.course("hint", "01.1")
        self.assertEqual(status, 0)
        self.assertIn("hint 1 of 3", out)
        self.assertIn("Think about the idea.", out)
        self.assertNotIn("Use the technique.", out)
        _, out, _ = self.course("hint", "1.1")
        self.assertIn("hint 2 of 3", out)
        self.assertIn("Use the technique.", out)
        self.assertNotIn("Think about the idea.", out)
        self.assertEqual(State(self.root).hints_shown("01.1"), 2)

    def test_level_shows_every_level_up_to_it(self):
        _, out, _ = self.course("hint", "01.1", "--level", "2")
        self.assertIn("hint 1 of 3", out)
        self.assertIn("hint 2 of 3", out)
        self.assertNotIn("hint 3 of 3", out)

    def test_after_the_last_level_all_are_shown_again(self):
        for _ in range(3):
            self.course("hint", "01.1")
        _, out, _ = self.course("hint", "01.1")
        self.assertIn("seen every hint", out)
        self.assertIn("hint 3 of 3", out)

    def test_a_level_out_of_range_is_refused(self):
        status, _, err = self.course("hint", "01.1", "--level", "4")
        self.assertEqual(status, 1)
        self.assertIn("hint levels 1 to 3", err)

    def test_an_unknown_exercise_lists_the_valid_ones(self):
        status, _, err = self.course("hint", "09.9")
        self.assertEqual(status, 1)
        self.assertIn("01.1, 01.2, 02.1, 02.2", err)


class TrackTest(CliTest):
    def test_use_reference_remembers_stages_and_reconfigures(self):
        status, out, _ = self.course("use-reference", "1")
        self.assertEqual(status, 0)
        self.assertEqual(State(self.root).reference_stages(), ["01"])
        self.configure.assert_called()
        self.assertRegex(out, r"01  Alpha.*solutions/01-alpha")
        self.assertRegex(out, r"02  Beta.*exercises/02-beta")
        self.course("use-exercises", "01")
        self.assertEqual(State(self.root).reference_stages(), [])

    def test_the_mixed_track_is_passed_to_every_configure(self):
        self.course("use-reference", "01", "02")
        from course.context import Context
        build = Context.load().learner_build()
        self.assertEqual(build._wanted_cache(), {"MINIFW_REFERENCE_STAGES": "01;02"})

    def test_taking_a_stage_with_work_of_ones_own_says_where_that_work_stays(self):
        State(self.root).record_results("01", {"First.Works": "passed", "Second.Works": "failed"},
                                        complete=True)
        status, out, _ = self.course("use-reference", "01", "02")
        self.assertEqual(status, 0)
        self.assertIn("Your work on stage 01 (1 of 3 tests passed in your last run) stays in "
                      "exercises/01-alpha/, untouched; the build just does not use it now. "
                      "./course use-exercises 01 builds from it again.", out)
        self.assertNotIn("stage 02 (", out)  # nothing of the learner's there
        _, again, _ = self.course("use-reference", "01")
        self.assertNotIn("Your work", again)  # said when the stage is taken, not every time

    def test_files_changed_from_the_stubs_count_as_work(self):
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
        subprocess.run(git + ["init", "-q"], cwd=self.root, check=True)
        subprocess.run(git + ["add", "."], cwd=self.root, check=True)
        subprocess.run(git + ["commit", "-qm", "stubs"], cwd=self.root, check=True)
        (self.root / "exercises" / "02-beta" / "first.cpp").write_text("// mine\n")
        _, out, _ = self.course("use-reference", "02")
        self.assertIn("Your work on stage 02 (1 file changed from the stubs) stays in "
                      "exercises/02-beta/", out)

    def test_a_stage_without_a_solution_cannot_be_skipped(self):
        import shutil
        shutil.rmtree(self.root / "solutions" / "02-beta")
        status, _, err = self.course("use-reference", "02")
        self.assertEqual(status, 1)
        self.assertIn("solutions/02-beta is missing", err)

    def test_an_unknown_stage_lists_the_stages(self):
        status, _, err = self.course("use-reference", "7")
        self.assertEqual(status, 1)
        self.assertIn("01 (Alpha), 02 (Beta)", err)


class UnexpectedErrorTest(CliTest):
    def test_a_bug_of_the_course_is_one_line_naming_the_log_not_a_traceback(self):
        with mock.patch("course.commands.hint.main",
                        side_effect=TypeError("'set' object is not callable")):
            status, out, err = self.course("hint", "01.1")
        self.assertEqual(status, 1)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertNotIn("Traceback", out + err)
        self.assertIn("'hint' failed unexpectedly (TypeError: 'set' object is not callable in ",
                      err)
        self.assertIn("the details are in build/logs/course-error.log", err)
        log = (self.root / "build" / "logs" / "course-error.log").read_text()
        self.assertIn("Traceback", log)
        self.assertIn("'set' object is not callable", log)

    def test_a_missing_tool_is_a_course_error_not_a_crash(self):
        from course.build import Build
        with mock.patch("shutil.which", return_value=None):
            build = Build(self.root, "learner")
            with self.assertRaisesRegex(Exception, "ninja is not installed: run ./course setup"):
                build._ninja_path()


class ProgressTest(unittest.TestCase):
    def test_a_terminal_gets_one_line_rewritten_in_place(self):
        from course.term import Progress
        stream = io.StringIO()
        progress = Progress(stream, live=True)
        progress.update("building [1/3] a.cpp")
        progress.update("building [2/3] b.cpp")
        progress.clear()
        text = stream.getvalue()
        self.assertNotIn("\n", text)
        self.assertIn("\rbuilding [2/3] b.cpp", text)
        self.assertTrue(text.endswith("\r"))

    def test_elsewhere_a_plain_line_at_the_start_then_at_most_one_per_interval(self):
        from course.term import Progress
        stream = io.StringIO()
        progress = Progress(stream, live=False, interval=3600)
        progress.update("", "building: step 1 of 300")
        for step in range(2, 300):
            progress.update("", f"building: step {step} of 300")
        self.assertEqual(stream.getvalue(), "building: step 1 of 300\n")
        progress.restart()
        progress.update("", "configuring")
        self.assertEqual(stream.getvalue().splitlines()[-1], "configuring")
        self.assertNotIn("\r", stream.getvalue())


class StudentCopyTest(CliTest):
    solutions = False

    def test_reference_only_commands_say_why_they_are_unavailable(self):
        for argv in (["verify"], ["use-reference", "01"], ["compare", "01"], ["bench"]):
            status, _, err = self.course(*argv)
            self.assertEqual(status, 1, argv)
            self.assertIn("does not include", err)
            self.assertIn("student copy", err)


class RunTest(CliTest):
    def test_an_unknown_example_lists_the_examples(self):
        status, _, err = self.course("run", "nope")
        self.assertEqual(status, 1)
        self.assertIn("01 hello, 02 hello", err)

    def test_an_example_in_two_stages_needs_its_stage(self):
        status, _, err = self.course("run", "hello")
        self.assertEqual(status, 1)
        self.assertIn("./course run 01 hello", err)

    def test_arguments_after_the_separator_are_only_for_run(self):
        status, _, err = self.course("hint", "01.1", "--", "x")
        self.assertEqual(status, 2)
        self.assertIn("takes no arguments after --", err)


class ResetTest(CliTest):
    def git(self, *args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                        "-c", "init.defaultBranch=main", *args],
                       cwd=self.root, check=True, capture_output=True)

    def test_reset_restores_the_stub_and_keeps_a_backup(self):
        self.git("init", "-q")
        self.git("add", ".")
        self.git("commit", "-q", "-m", "stubs")
        mine = self.root / "exercises" / "01-alpha" / "second.cpp"
        mine.write_text("// my work\n")
        self.git("commit", "-q", "-am", "work")
        status, out, _ = self.course("reset", "01.2")
        self.assertEqual(status, 0)
        self.assertEqual(mine.read_text(), "// exercises second\n")
        backups = list((self.root / ".course" / "backups").rglob("second.cpp"))
        self.assertEqual([b.read_text() for b in backups], ["// my work\n"])
        self.assertIn("first.cpp also holds exercise 01.1", out)

    def test_reset_outside_a_git_checkout_is_refused(self):
        with mock.patch.dict(os.environ, {"GIT_CEILING_DIRECTORIES": str(self.root.parent)}):
            status, _, err = self.course("reset", "01.1")
        self.assertEqual(status, 1)
        self.assertIn("needs a git checkout", err)


class CompareTest(CliTest):
    def test_compare_waits_for_the_stage_to_pass(self):
        status, _, err = self.course("compare", "01")
        self.assertEqual(status, 1)
        self.assertIn("does not pass yet", err)

    def test_compare_shows_a_diff_once_the_stage_passes(self):
        State(self.root).record_results("01", {n: "passed" for n in
                                               ("First.Works", "First.AlsoWorks", "Second.Works")},
                                        complete=True)
        status, out, _ = self.course("compare", "01")
        self.assertEqual(status, 0)
        self.assertIn("--- exercises/01-alpha/first.cpp", out)
        self.assertIn("+// solutions first", out)
        status, out, _ = self.course("compare", "01", "--side-by-side")
        self.assertIn("// exercises first", out)
        self.assertIn("// solutions first", out)


class WatcherTest(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.folder = Path(self._dir.name)
        (self.folder / "01-alpha").mkdir()
        (self.folder / "01-alpha" / "first.cpp").write_text("a")

    def tearDown(self):
        self._dir.cleanup()

    def save_soon(self, name, text):
        timer = threading.Timer(0.2, lambda: (self.folder / "01-alpha" / name).write_text(text))
        timer.start()
        self.addCleanup(timer.cancel)

    def test_inotify_reports_a_save(self):
        try:
            watch = watcher.InotifyWatcher(self.folder)
        except OSError as error:
            self.skipTest(f"no inotify here: {error}")
        self.addCleanup(watch.close)
        self.save_soon("first.cpp", "b")
        changed = watch.wait(timeout=5)
        self.assertEqual(changed, [str(self.folder / "01-alpha" / "first.cpp")])

    def test_inotify_ignores_editor_swap_files_and_times_out(self):
        try:
            watch = watcher.InotifyWatcher(self.folder)
        except OSError as error:
            self.skipTest(f"no inotify here: {error}")
        self.addCleanup(watch.close)
        self.save_soon(".first.cpp.swp", "x")
        started = time.monotonic()
        self.assertEqual(watch.wait(timeout=0.8), [])
        self.assertGreaterEqual(time.monotonic() - started, 0.7)

    def test_polling_reports_a_save(self):
        watch = watcher.PollWatcher(self.folder, interval=0.05)
        self.save_soon("second.cpp", "new")
        self.assertEqual(watch.wait(timeout=5), [str(self.folder / "01-alpha" / "second.cpp")])

    def test_network_and_wsl1_file_systems_fall_back_to_polling(self):
        mounts = "overlay / overlay rw 0 0\nC:\\134 /mnt/c 9p rw 0 0\nsrv:/x /home/nfs nfs4 rw 0 0\n"
        linux = "Linux version 6.1.0 (gcc 12)"
        self.assertIsNone(watcher.inotify_unreliable(Path("/work"), linux, mounts))
        self.assertIn("9p", watcher.inotify_unreliable(Path("/mnt/c/course"), linux, mounts))
        self.assertIn("nfs4", watcher.inotify_unreliable(Path("/home/nfs/c"), linux, mounts))
        wsl1 = "Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com)"
        self.assertIn("WSL1", watcher.inotify_unreliable(Path("/work"), wsl1, mounts))
        wsl2 = "Linux version 5.15.90.1-microsoft-standard-WSL2"
        self.assertIsNone(watcher.inotify_unreliable(Path("/work"), wsl2, mounts))
        self.assertIn("9p", watcher.inotify_unreliable(Path("/mnt/c/x"), wsl2, mounts))


class SetupTest(CliTest):
    def setUp(self):
        super().setUp()
        tools = self.root / "tools"
        tools.mkdir()
        (tools / "packages-debian.txt").write_text("# why\ncmake\n# why\nnode-llhttp\n")

    def test_without_root_it_prints_the_install_command_and_stops(self):
        apt = {"cmake": packages.Policy("3.25.1-1", "3.25.1-1"),
               "node-llhttp": packages.Policy(None, "8.1.0")}
        with mock.patch("course.packages.is_debian", return_value=True), \
                mock.patch("course.packages.apt_policy", return_value=apt), \
                mock.patch("os.geteuid", return_value=1000), \
                mock.patch("course.build.Build.build") as build:
            status, out, _ = self.course("setup")
        self.assertEqual(status, 1)
        self.assertIn("sudo apt-get update && sudo apt-get install -y --no-install-recommends "
                      "node-llhttp", out)
        build.assert_not_called()

    def test_elsewhere_it_names_the_packages_to_find(self):
        with mock.patch("course.packages.is_debian", return_value=False), \
                mock.patch("course.commands.status.board", return_value="BOARD"), \
                mock.patch("course.build.Build.build") as build:
            build.return_value.ok = True
            status, out, _ = self.course("setup")
        self.assertEqual(status, 0)
        self.assertIn("does not use apt", out)
        self.assertIn("why  (Debian: cmake)", out)
        self.assertIn("why  (Debian: node-llhttp)", out)
        self.assertIn("BOARD", out)


class StateTest(unittest.TestCase):
    def test_damaged_state_reads_as_empty_and_partial_runs_merge(self):
        with tempfile.TemporaryDirectory() as folder:
            state = State(Path(folder))
            (Path(folder) / ".course").mkdir()
            (Path(folder) / ".course" / "results.json").write_text("{not json")
            self.assertEqual(state.results(), {})
            state.record_results("01", {"A.One": "passed", "A.Two": "failed"}, complete=True)
            state.record_results("01", {"A.Two": "passed"}, complete=False)
            self.assertEqual(state.results()["01"], {"A.One": "passed", "A.Two": "passed"})
            self.assertTrue(state.stage_passed("01", ["A.One", "A.Two"]))
            self.assertFalse(state.stage_passed("01", ["A.One", "A.Three"]))
            data = json.loads((Path(folder) / ".course" / "results.json").read_text())
            self.assertIn("at", data["01"])


if __name__ == "__main__":
    unittest.main()
