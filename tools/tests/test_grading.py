"""The grader, proven against submissions made to break it.

Each test builds a fake submission in a temporary folder (the course's stubs
or solutions, then one change), grades it with `./course grade` in a
subprocess, and checks the report, the time it took, and that nothing on the
machine was harmed: no process left, no file written outside the scratch
folders, the course untouched. The misbehaving code goes into one exercise
of stage 01 (the stub of its last exercise, before every `throw`), so the
rest of the stage passes and shows that one bad exercise costs only its own
tests.

Every grading shares the grader's own folder (build/grade), so only files a
submission changed are recompiled. These tests need the course's toolchain;
set MINIFW_SKIP_SLOW_TESTS=1 to skip them.
"""

from __future__ import annotations

import base64
import ctypes
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from course.grading.processes import descendants_of, processes_of_user  # noqa: E402
from course.grading.workspace import default_path, others_can_reach  # noqa: E402
from course.metadata import load_course  # noqa: E402

COURSE = load_course(ROOT)
FIRST = COURSE.stages[0] if COURSE.stages else None
# The stages a correct submission can pass: those with metadata and a reference.
GRADABLE = [stage for stage in COURSE.stages if stage.has_solution]
IS_ROOT = os.geteuid() == 0
# The folder the grader itself would choose: as root, outside a checkout that
# its unprivileged user cannot reach (one under /root, say).
WORK = default_path(ROOT, others_can_reach if IS_ROOT else lambda _: True)[0]
TOOLS = all(shutil.which(tool) for tool in ("cmake", "ninja", "g++"))
QUICK_TIMEOUT = 1  # seconds per test for the submissions that hang
# A user of this run's own: the grader ends every process of its user, and a
# real grading, or another run of these tests, may be using the usual one.
USER = f"minifw-test-{os.getpid()}"


def skip_reason() -> str | None:
    if os.environ.get("MINIFW_SKIP_SLOW_TESTS"):
        return "MINIFW_SKIP_SLOW_TESTS is set"
    if not TOOLS:
        return "cmake, ninja or g++ is missing: run ./course setup"
    if FIRST is None or not FIRST.has_solution:
        return "the course has no stage with metadata and a reference solution yet"
    return None


def setUpModule():
    reason = skip_reason()
    if reason:
        raise unittest.SkipTest(reason)
    # Orphans of the grader come to this process once the grader exits, so a
    # process that escaped the grader (as a non-root user) can still be seen.
    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def tearDownModule():
    forget_user(USER)


def forget_user(name: str) -> None:
    """Remove a user the grader created for these tests, and its lock."""
    if IS_ROOT and _uid_of(name) is not None:
        subprocess.run(["userdel", name], capture_output=True)
        Path(f"/run/{name}.lock").unlink(missing_ok=True)


def make_submission(folder: Path, base: str) -> Path:
    """A student's clone: exercises/ holding the stubs or (base="solutions") the reference."""
    submission = folder / "submission"
    shutil.copytree(ROOT / "exercises", submission / "exercises")
    if base == "solutions":
        for stage in (ROOT / "solutions").iterdir():
            shutil.copytree(stage, submission / "exercises" / stage.name, dirs_exist_ok=True)
    return submission


def last_exercise_file(stage) -> tuple[str, Path]:
    """The exercise whose stub gets the misbehaviour, and its file in exercises/."""
    exercise = stage.exercises[-1]
    return exercise.id, ROOT / "exercises" / stage.name / exercise.files[0]


def with_misbehaviour(submission: Path, stage, code: str) -> str:
    """Put code (defining minifw_misbehave()) in front of the last exercise's stub; its id."""
    exercise_id, stub = last_exercise_file(stage)
    text = stub.read_text()
    injected, count = re.subn(r"\bthrow\s+(?=(?:minifw::)?ExerciseNotDone\b)",
                              "minifw_misbehave(); throw ", text)
    assert count, f"{stub} has no throw of ExerciseNotDone to put the misbehaviour before"
    (submission / "exercises" / stage.name / stub.name).write_text(code + "\n" + injected)
    return exercise_id


def with_code_at_start(submission: Path, stage, code: str) -> None:
    """Append code to the submission's file of the stage's first exercise.

    A global object's constructor there runs before main() in every test binary
    that links the stage, so before any test: what a static constructor does
    happens at start.
    """
    path = submission / "exercises" / stage.name / stage.exercises[0].files[0]
    path.write_text(path.read_text() + "\n" + code + "\n")


def at_start(body: str) -> str:
    """A global object whose constructor runs body before main()."""
    return ("namespace { struct MinifwAtStart { MinifwAtStart() {\n" + body +
            "\n} } minifw_at_start; }")


def gradescope_results(report: dict) -> str:
    """The Gradescope results.json of the same grading, from its JSON report."""
    from course.grading.formats import gradescope
    from course.grading.report import Report, StageOutcome, TestOutcome
    from course.grading.workspace import Ignored
    fields = {key: value for key, value in report.items()
              if key in Report.__dataclass_fields__}
    fields["tests"] = [TestOutcome(**test) for test in report["tests"]]
    fields["stages"] = [StageOutcome(**stage) for stage in report["stages"]]
    fields["ignored"] = [Ignored(**item) for item in report["ignored"]]
    return gradescope(Report(**fields))


def grade(submission: Path, *options: str, env: dict | None = None,
          timeout: float = 1800) -> tuple[dict, float, subprocess.CompletedProcess]:
    """Run ./course grade; (the JSON report, seconds, the finished process)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "course" / "main.py"), "grade",
             str(submission), "--format", "json", "--out", str(out), "--quiet",
             "--user", USER, *options],
            capture_output=True, text=True, timeout=timeout, env=env,
        )
        seconds = time.monotonic() - started
        if not out.exists():
            raise AssertionError(f"no report; exit {done.returncode}\n{done.stderr[-3000:]}")
        return json.loads(out.read_text()), seconds, done


def stage_ids(stages) -> list[str]:
    return ["--stages"] + [stage.id for stage in stages]


class GradingCase(unittest.TestCase):
    """Shared checks: the report is whole, and the machine is as it was."""

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.tmp = Path(folder.name)
        os.chmod(self.tmp, 0o755)

    def assert_nothing_left_running(self, user: str = USER):
        uid = _uid_of(user)
        if IS_ROOT and uid is not None:
            alive, zombies = processes_of_user(uid)
            self.assertEqual(alive + zombies, [], f"processes of {user} survived")
        self.assertEqual(descendants_of(os.getpid())[0], [], "processes of the grader survived")

    def assert_messages_name_exercise_and_section(self, report):
        for test in report["tests"]:
            self.assertIn(test["exercise"], test["message"], test["name"])
            self.assertIn(test["section"], test["message"], test["name"])

    def by_exercise(self, report, exercise_id):
        return [t for t in report["tests"] if t["exercise"] == exercise_id]


def _uid_of(name: str) -> int | None:
    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


class GradesSubmissions(GradingCase):
    """The ordinary cases: untouched, correct, not compiling. Run in this order."""

    def test_1_untouched_stubs_score_zero_and_point_at_each_section(self):
        submission = make_submission(self.tmp, "exercises")
        report, _, done = grade(submission, *stage_ids(GRADABLE))
        self.assertEqual(done.returncode, 1, done.stderr[-2000:])
        self.assertIsNone(report["error"])
        self.assertEqual(report["score"], 0)
        self.assertEqual(report["max_score"], sum(stage.points for stage in GRADABLE))
        self.assertTrue(all(stage["built"] for stage in report["stages"]), report["stages"])
        for test in report["tests"]:
            self.assertIn(test["status"], ("failed", "crashed"), test["name"])
        self.assertTrue(any(t["message"].startswith("Not done yet") for t in report["tests"]))
        self.assert_messages_name_exercise_and_section(report)
        self.assert_nothing_left_running()

    def test_2_the_reference_solutions_earn_every_point(self):
        submission = make_submission(self.tmp, "solutions")
        report, seconds, done = grade(submission, *stage_ids(GRADABLE))
        failing = [(t["name"], t["status"], t["output"][-500:]) for t in report["tests"]
                   if t["status"] != "passed"]
        self.assertEqual(failing, [])
        self.assertEqual(done.returncode, 0)
        self.assertEqual(report["score"], report["max_score"])
        self.assertEqual(len(report["tests"]),
                         sum(len(stage.test_points()) for stage in GRADABLE))
        self.assert_messages_name_exercise_and_section(report)
        self.assert_nothing_left_running()
        print(f"\n  correct submission, {len(report['tests'])} tests: {seconds:.1f} s",
              file=sys.stderr)

    def test_3_code_that_does_not_compile_costs_only_its_stage(self):
        broken_stage = GRADABLE[-1]
        submission = make_submission(self.tmp, "solutions")
        exercise = broken_stage.exercises[0]
        broken = submission / "exercises" / broken_stage.name / exercise.files[0]
        broken.write_text(broken.read_text() + "\nthis is not C++;\n")
        graded = [FIRST] + ([broken_stage] if broken_stage is not FIRST else [])
        report, _, done = grade(submission, *stage_ids(graded))
        self.assertEqual(done.returncode, 1)
        stages = {stage["id"]: stage for stage in report["stages"]}
        self.assertFalse(stages[broken_stage.id]["built"])
        self.assertIn(f"exercises/{broken_stage.name}/{exercise.files[0]}",
                      stages[broken_stage.id]["errors"])
        self.assertIn("error", stages[broken_stage.id]["errors"])
        for test in report["tests"]:
            if test["stage"] == broken_stage.id:
                self.assertEqual(test["status"], "build_error")
                self.assertEqual(test["score"], 0)
                self.assertIn("does not compile", test["message"])
                self.assertIn(exercise.files[0], test["output"])
            else:
                self.assertEqual(test["status"], "passed", test["name"])
        self.assert_messages_name_exercise_and_section(report)


class SurvivesMisbehaviour(GradingCase):
    """Submissions that attack the grader, each in one exercise of stage 01."""

    def grade_misbehaving(self, code: str, *options: str):
        submission = make_submission(self.tmp, "solutions")
        exercise_id = with_misbehaviour(submission, FIRST, code)
        report, seconds, done = grade(submission, "--stages", FIRST.id, *options)
        self.assertIn(done.returncode, (0, 1), done.stderr[-3000:])
        self.assertIsNone(report["error"])
        others = [t for t in report["tests"] if t["exercise"] != exercise_id]
        self.assertTrue(all(t["status"] == "passed" for t in others),
                        [(t["name"], t["status"]) for t in others if t["status"] != "passed"])
        self.assert_messages_name_exercise_and_section(report)
        self.assert_nothing_left_running()
        return report, self.by_exercise(report, exercise_id), seconds

    def test_a_segfault_is_reported_as_a_crash(self):
        code = ("#include <cstdint>\n"
                "namespace { void minifw_misbehave() {\n"
                "    volatile std::uintptr_t address = 0;\n"
                "    *reinterpret_cast<volatile int*>(address) = 1;\n"
                "} }")
        _, tests, _ = self.grade_misbehaving(code)
        self.assertTrue(tests)
        for test in tests:
            self.assertEqual(test["status"], "crashed")
            self.assertIn("SIGSEGV", test["message"])
            self.assertEqual(test["score"], 0)

    def test_an_endless_loop_times_out_within_the_sum_of_the_limits(self):
        code = "namespace { void minifw_misbehave() { for (volatile bool spin = true; spin;) {} } }"
        report, tests, seconds = self.grade_misbehaving(code, "--timeout", str(QUICK_TIMEOUT))
        for test in tests:
            self.assertEqual(test["status"], "timeout")
            self.assertIn("time limit", test["message"])
        bound = len(report["tests"]) * QUICK_TIMEOUT + 30
        self.assertLess(seconds, bound)
        print(f"\n  hanging submission: {seconds:.1f} s (bound {bound} s)", file=sys.stderr)

    def test_a_fork_bomb_meets_the_process_limit_and_is_killed_whole(self):
        code = ("#include <unistd.h>\n"
                "namespace { void minifw_misbehave() { for (;;) ::fork(); } }")
        _, tests, _ = self.grade_misbehaving(code, "--timeout", str(QUICK_TIMEOUT))
        for test in tests:
            self.assertIn(test["status"], ("timeout", "crashed"))

    def test_a_flood_of_output_keeps_a_head_and_a_tail_of_each_failing_test(self):
        code = ("#include <cstdio>\n"
                "namespace { void minifw_misbehave() {\n"
                "    for (;;) { std::fputs(\"flood flood flood flood\\n\", stdout);\n"
                "               std::fputs(\"FLOOD\\n\", stderr); }\n"
                "} }")
        report, tests, _ = self.grade_misbehaving(code, "--timeout", str(QUICK_TIMEOUT))
        for test in tests:
            self.assertNotEqual(test["status"], "passed")
            self.assertIn("[output truncated:", test["output"])
            self.assertRegex(test["output"][:20], "^(flood|FLOOD)")  # the head of the flood
            self.assertLess(len(test["output"].encode()), 1100)
        for test in report["tests"]:
            if test["status"] == "passed":
                self.assertEqual(test["output"], "")

    def test_a_submission_that_prints_in_every_test_gets_a_report_under_a_megabyte(self):
        # 100 KB from every process: 239 tests kept 64 KiB each before, some 15 MB.
        submission = make_submission(self.tmp, "solutions")
        with_code_at_start(submission, FIRST, "#include <cstdio>\n" + at_start(
            'for (int i = 0; i < 4000; ++i) std::fputs("chatty chatty chatty\\n", stdout);'))
        report, seconds, done = grade(submission, *stage_ids(GRADABLE))
        self.assertIn(done.returncode, (0, 1), done.stderr[-3000:])
        self.assertIsNone(report["error"])
        passed = [t for t in report["tests"] if t["status"] == "passed"]
        # (The reference's own verdicts are test_2's business; these are about the report.)
        self.assertGreater(len(passed), len(report["tests"]) // 2)
        self.assertTrue(all(t["output"] == "" for t in passed))
        for test in report["tests"]:
            self.assertLess(len(test["output"].encode()), 1100, test["name"])
        results = gradescope_results(report)
        for text in (json.dumps(report, indent=2), results):
            self.assertLess(len(text.encode()), 1024 * 1024)
        print(f"\n  a submission printing 100 KB per test, {len(report['tests'])} tests: "
              f"results.json of {len(results.encode()) // 1024} KB, {seconds:.1f} s",
              file=sys.stderr)

    def test_a_binary_that_hangs_before_its_tests_is_graded_from_one_short_run(self):
        # Changed in the same files, so both gradings rebuild as much. In every
        # stage's first exercise: an object file of a static library is linked
        # only into binaries that use it, and a later stage's tests need not
        # use stage 01's code (stage 06's do not).
        correct = make_submission(self.tmp / "correct", "solutions")
        hanging = make_submission(self.tmp / "hanging", "solutions")
        for stage in GRADABLE:
            with_code_at_start(correct, stage, at_start(""))
            with_code_at_start(hanging, stage, at_start("for (volatile bool spin = true; spin;) {}"))
        _, correct_seconds, _ = grade(correct, *stage_ids(GRADABLE))
        report, seconds, done = grade(hanging, *stage_ids(GRADABLE))
        self.assertEqual(done.returncode, 1, done.stderr[-3000:])
        self.assertIsNone(report["error"])
        self.assertEqual(len(report["tests"]), sum(len(s.test_points()) for s in GRADABLE))
        for test in report["tests"]:
            self.assertEqual(test["status"], "timeout", test["name"])
            self.assertIn("did not start", test["message"])
            self.assertIn("static object", test["message"])
        self.assert_messages_name_exercise_and_section(report)
        self.assert_nothing_left_running()
        print(f"\n  hanging at start, {len(report['tests'])} tests: {seconds:.1f} s; "
              f"the correct submission: {correct_seconds:.1f} s", file=sys.stderr)
        self.assertLess(seconds, 3 * correct_seconds)

    def test_a_binary_that_crashes_before_its_tests_is_graded_from_one_short_run(self):
        submission = make_submission(self.tmp, "solutions")
        with_code_at_start(submission, FIRST, "#include <cstdint>\n" + at_start(
            "volatile std::uintptr_t address = 0;\n"
            "*reinterpret_cast<volatile int*>(address) = 1;"))
        report, seconds, _ = grade(submission, "--stages", FIRST.id)
        self.assertEqual(len(report["tests"]), len(FIRST.test_points()))
        for test in report["tests"]:
            self.assertEqual(test["status"], "crashed", test["name"])
            self.assertIn("SIGSEGV", test["message"])
            self.assertIn("before running any test", test["message"])
        self.assert_nothing_left_running()

    @unittest.skipUnless(IS_ROOT, "as a normal user the grader's isolation is weaker by design")
    def test_writes_outside_its_folder_are_refused_or_cleaned_up(self):
        canary_dir = self.tmp / "canary"
        canary_dir.mkdir()
        os.chmod(canary_dir, 0o755)
        canary = canary_dir / "canary.txt"
        canary.write_text("untouched\n")
        os.chmod(canary, 0o644)
        token = secrets.token_hex(6)
        shared_tmp = Path(f"/tmp/minifw-escape-{token}")
        course_copy = WORK / "src"
        targets = [canary, canary_dir / "new-file", course_copy / "CMakeLists.txt",
                   course_copy / "tests" / FIRST.name / f"escape_{token}.cpp",
                   WORK / "build" / f"test_{FIRST.id}", Path(f"/etc/minifw-escape-{token}"),
                   shared_tmp]
        listed = ", ".join(f'"{target}"' for target in targets)
        solution = ROOT / "solutions" / FIRST.name / FIRST.exercises[0].files[0]
        submitted = self.tmp / "submission" / "exercises" / FIRST.name / FIRST.exercises[0].files[0]
        code = ("#include <cstdio>\n#include <cstdlib>\n#include <csignal>\n#include <string>\n"
                "#include <fcntl.h>\n#include <unistd.h>\n"
                "namespace {\n"
                "void minifw_try_write(const char* path) {\n"
                "    int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);\n"
                "    std::printf(\"%s %s\\n\", fd >= 0 ? \"WROTE\" : \"REFUSED\", path);\n"
                "    if (fd >= 0) { (void)!::write(fd, \"escaped\\n\", 8); ::close(fd); }\n"
                "}\n"
                "void minifw_try_read(const char* path) {\n"
                "    int fd = ::open(path, O_RDONLY);\n"
                "    std::printf(\"%s %s\\n\", fd >= 0 ? \"READ\" : \"UNREADABLE\", path);\n"
                "}\n"
                "void minifw_misbehave() {\n"
                f"    const char* targets[] = {{{listed}}};\n"
                "    for (const char* target : targets) minifw_try_write(target);\n"
                f'    minifw_try_read("{solution}");\n'
                f'    minifw_try_read("{submitted}");\n'
                "    std::string up = std::string(std::getenv(\"HOME\")) + \"/../escape\";\n"
                "    minifw_try_write(up.c_str());\n"
                "    ::kill(::getppid(), SIGKILL);  // the grader\n"
                "    ::kill(-1, SIGKILL);           // everything this user may signal\n"
                "}\n"
                "}")
        before = hashlib.sha256((ROOT / "CMakeLists.txt").read_bytes()).hexdigest()
        report, tests, _ = self.grade_misbehaving(code, "--timeout", "5")
        self.assertTrue(any("WROTE " + str(shared_tmp) in t["output"] for t in tests))
        self.assertEqual(canary.read_text(), "untouched\n")
        self.assertEqual(sorted(p.name for p in canary_dir.iterdir()), ["canary.txt"])
        self.assertEqual((course_copy / "CMakeLists.txt").read_bytes(),
                         (ROOT / "CMakeLists.txt").read_bytes())
        self.assertFalse((course_copy / "tests" / FIRST.name / f"escape_{token}.cpp").exists())
        binary = WORK / "build" / f"test_{FIRST.id}"
        self.assertFalse(binary.exists() and binary.read_bytes().endswith(b"escaped\n"))
        self.assertFalse(Path(f"/etc/minifw-escape-{token}").exists())
        self.assertFalse(shared_tmp.exists(), "the grader should remove what tests leave in /tmp")
        self.assertTrue(any(str(shared_tmp) in note for note in report["notes"]))
        self.assertEqual(hashlib.sha256((ROOT / "CMakeLists.txt").read_bytes()).hexdigest(),
                         before)
        if "hidden from the build and the tests" in report["isolation"]:
            output = "".join(t["output"] for t in tests)
            self.assertIn(f"UNREADABLE {solution}", output)
            self.assertIn(f"UNREADABLE {submitted}", output)

    @unittest.skipUnless(IS_ROOT, "only root can hide the reference from the compiler")
    def test_including_the_reference_solution_does_not_compile(self):
        submission = make_submission(self.tmp, "exercises")
        name = FIRST.exercises[0].files[0]
        (submission / "exercises" / FIRST.name / name).write_text(
            f'#include "{ROOT}/solutions/{FIRST.name}/{name}"\n')
        report, _, _ = grade(submission, "--stages", FIRST.id)
        if "hidden from the build and the tests" not in report["isolation"]:
            self.skipTest("mount namespaces are not available here: " + report["isolation"])
        self.assertFalse(report["stages"][0]["built"])
        self.assertIn("Permission denied", report["stages"][0]["errors"])
        self.assertEqual(report["score"], 0)

    def test_changes_to_tests_cmake_and_metadata_are_ignored(self):
        submission = make_submission(self.tmp, "exercises")
        # Tests that would pass everything, and CMake and metadata that would break or inflate.
        fake = "".join(f"TEST({name.replace('.', ', ')}) {{}}\n" for name in FIRST.test_points())
        test_file = sorted((ROOT / "tests" / FIRST.name).glob("*.cpp"))[0]
        (submission / "tests" / FIRST.name).mkdir(parents=True)
        (submission / "tests" / FIRST.name / test_file.name).write_text(
            "#include <gtest/gtest.h>\n" + fake)
        (submission / "CMakeLists.txt").write_text(
            (ROOT / "CMakeLists.txt").read_text() + '\nmessage(FATAL_ERROR "tampered")\n')
        (submission / "lessons" / FIRST.name).mkdir(parents=True)
        (submission / "lessons" / FIRST.name / "stage.toml").write_text(
            re.sub(r"= \d+$", "= 1000",
                   (ROOT / "lessons" / FIRST.name / "stage.toml").read_text(), flags=re.M))
        # Files of the stage that are not plain files of the submission's own.
        exercises = submission / "exercises" / FIRST.name
        names = [exercise.files[0] for exercise in FIRST.exercises]
        (exercises / names[0]).unlink()
        (exercises / names[0]).symlink_to("/etc/shadow")
        if len(names) > 1:
            (exercises / names[1]).unlink()
            os.mkfifo(exercises / names[1])
        if len(names) > 2:
            outside = self.tmp / "elsewhere.cpp"
            outside.write_text((ROOT / "solutions" / FIRST.name / names[2]).read_text())
            (exercises / names[2]).unlink()
            os.link(outside, exercises / names[2])
        (exercises / "extra_helper.cpp").write_text("int helper() { return 1; }\n")

        report, _, done = grade(submission, "--stages", FIRST.id)
        self.assertEqual(done.returncode, 1)
        self.assertEqual(report["max_score"], FIRST.points)
        self.assertEqual(report["score"], 0)
        self.assertTrue(report["stages"][0]["built"], report["stages"][0]["errors"])
        self.assertTrue(all(t["status"] in ("failed", "crashed") for t in report["tests"]))
        ignored = {item["path"]: item["reason"] for item in report["ignored"]}
        self.assertIn("differs", ignored[f"tests/{FIRST.name}/{test_file.name}"])
        self.assertIn("differs", ignored["CMakeLists.txt"])
        self.assertIn("differs", ignored[f"lessons/{FIRST.name}/stage.toml"])
        self.assertIn("symbolic link", ignored[f"exercises/{FIRST.name}/{names[0]}"])
        if len(names) > 1:
            self.assertIn("not a regular file", ignored[f"exercises/{FIRST.name}/{names[1]}"])
        if len(names) > 2:
            self.assertIn("hard link", ignored[f"exercises/{FIRST.name}/{names[2]}"])
        self.assertIn("not one of the stage's files",
                      ignored[f"exercises/{FIRST.name}/extra_helper.cpp"])
        self.assertNotIn("root:", json.dumps(report))  # nothing of /etc/shadow leaked


class PackagesForClasses(GradingCase):
    """The student template, GitHub Classroom's output, hidden tests and Gradescope."""

    def hidden_tests(self) -> Path:
        folder = self.tmp / "hidden" / FIRST.name
        folder.mkdir(parents=True)
        (folder / "hidden_unique_fd_test.cpp").write_text(
            "#include <gtest/gtest.h>\n#include <unistd.h>\n"
            "#include \"minifw/net/unique_fd.hpp\"\n"
            "TEST(HiddenSockets, UniqueFdHandsBackTheDescriptorItHolds) {\n"
            "    int ends[2];\n"
            "    ASSERT_EQ(::pipe(ends), 0);\n"
            "    minifw::net::UniqueFd read_end(ends[0]);\n"
            "    minifw::net::UniqueFd write_end(ends[1]);\n"
            "    EXPECT_EQ(read_end.get(), ends[0]);\n"
            "}\n")
        (folder / "hidden.toml").write_text(
            'visibility = "after_published"\n'
            f'[[exercises]]\nid = "{FIRST.exercises[0].id}"\n'
            '[exercises.tests]\n"HiddenSockets.UniqueFdHandsBackTheDescriptorItHolds" = 3\n')
        return folder.parent

    def forget_user_afterwards(self, name: str) -> None:
        """Remove a user the grader creates during the test, unless it was there before."""
        if _uid_of(name) is None:
            self.addCleanup(forget_user, name)

    def test_classroom_format_prints_the_points_line_and_the_step_result(self):
        submission = make_submission(self.tmp, "solutions")
        github_output = self.tmp / "github_output"
        summary = self.tmp / "step_summary"
        env = dict(os.environ, GITHUB_OUTPUT=str(github_output), GITHUB_STEP_SUMMARY=str(summary))
        done = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "course" / "main.py"), "grade",
             str(submission), "--format", "classroom", "--stages", FIRST.id, "--quiet",
             "--user", USER],
            capture_output=True, text=True, env=env, timeout=1800)
        self.assertEqual(done.returncode, 0, done.stdout[-2000:] + done.stderr[-2000:])
        self.assertEqual(done.stdout.splitlines()[-1], f"Points {FIRST.points}/{FIRST.points}")
        line = github_output.read_text().strip()
        self.assertTrue(line.startswith("result="))
        result = json.loads(base64.b64decode(line[len("result="):]))
        self.assertEqual(result["max_score"], FIRST.points)
        self.assertEqual(sum(t["score"] for t in result["tests"]), FIRST.points)
        self.assertEqual(result["status"], "pass")
        self.assertIn(f"Points {FIRST.points}/{FIRST.points}", summary.read_text())

    def test_hidden_tests_are_graded_and_their_sources_kept_from_the_tests(self):
        submission = make_submission(self.tmp, "solutions")
        hidden = self.hidden_tests()
        report, _, _ = grade(submission, "--stages", FIRST.id, "--extra-tests", str(hidden))
        secret = [t for t in report["tests"] if t["hidden"]]
        self.assertEqual([(t["name"], t["status"], t["score"], t["visibility"]) for t in secret],
                         [("HiddenSockets.UniqueFdHandsBackTheDescriptorItHolds", "passed", 3,
                           "after_published")])
        self.assertEqual(report["max_score"], FIRST.points + 3)

    @unittest.skipUnless(IS_ROOT, "as a normal user the compiler runs as you and reads them")
    def test_a_submission_cannot_include_a_hidden_test(self):
        submission = make_submission(self.tmp, "solutions")
        hidden = self.hidden_tests()
        copy = WORK / "src" / "tests" / FIRST.name / "hidden_unique_fd_test.cpp"
        name = FIRST.exercises[-1].files[0]
        target = submission / "exercises" / FIRST.name / name
        target.write_text(f'#include "{copy}"\n' + target.read_text())
        report, _, _ = grade(submission, "--stages", FIRST.id, "--extra-tests", str(hidden))
        self.assertFalse(report["stages"][0]["built"])
        self.assertIn("Permission denied", report["stages"][0]["errors"])
        self.assertNotIn("UniqueFdHandsBackTheDescriptorItHolds", report["stages"][0]["errors"])

    def test_the_template_has_no_solutions_builds_and_grades_itself(self):
        template = self.tmp / "template"
        main = [sys.executable, str(ROOT / "tools" / "course" / "main.py")]
        done = subprocess.run(main + ["export-template", str(template)], capture_output=True,
                              text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertFalse((template / "solutions").exists())
        self.assertFalse((template / ".git").exists())
        self.assertFalse((template / "build").exists())
        workflow = (template / ".github" / "workflows" / "classroom.yml").read_text()
        self.assertIn("./course grade . --format classroom", workflow)
        self.assertIn("run-autograding-tests:", workflow)
        self.assertTrue(os.access(template / "course", os.X_OK))
        for stub in (ROOT / "exercises" / FIRST.name).iterdir():
            self.assertEqual((template / "exercises" / FIRST.name / stub.name).read_bytes(),
                             stub.read_bytes())
        # The learner track configures in place...
        configure = subprocess.run(
            ["cmake", "-S", str(template), "-B", str(template / "build" / "learner"), "-G",
             "Ninja", "-DMINIFW_SANITIZE=OFF"], capture_output=True, text=True)
        self.assertEqual(configure.returncode, 0, configure.stdout[-3000:] + configure.stderr)
        # ...its own CLI compiles it (in the shared grading folder: nothing to recompile)...
        shared = dict(os.environ, MINIFW_GRADE_WORK=str(WORK))
        built = subprocess.run([str(template / "course"), "grade", str(template), "--build-only",
                                "--stages", FIRST.id, "--quiet", "--user", USER],
                               capture_output=True, text=True, env=shared)
        self.assertEqual(built.returncode, 0, built.stderr[-3000:])
        # ...and says why the reference-only commands are not there.
        verify = subprocess.run([str(template / "course"), "verify"], capture_output=True,
                                text=True)
        self.assertNotEqual(verify.returncode, 0)
        self.assertIn("solutions/", verify.stdout + verify.stderr)

    def test_the_gradescope_package_grades_under_an_autograder_root(self):
        package = self.tmp / "autograder.zip"
        hidden = self.hidden_tests()
        main = [sys.executable, str(ROOT / "tools" / "course" / "main.py")]
        done = subprocess.run(main + ["gradescope-package", str(package), "--stages", FIRST.id,
                                      "--extra-tests", str(hidden), "--timeout", "5"],
                              capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        autograder = self.tmp / "autograder"
        source = autograder / "source"
        with zipfile.ZipFile(package) as archive:
            names = archive.namelist()
            self.assertIn("setup.sh", names)
            self.assertIn("run_autograder", names)
            self.assertFalse(any(name.startswith("course/solutions/") for name in names))
            for info in archive.infolist():
                target = source / info.filename
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(info))
                os.chmod(target, (info.external_attr >> 16) & 0o777)
        shutil.copytree(make_submission(self.tmp, "solutions"), autograder / "submission")
        self.forget_user_afterwards("minifw-submission")
        env = dict(os.environ, AUTOGRADER_ROOT=str(autograder), MINIFW_GRADE_WORK=str(WORK))
        setup = subprocess.run(["bash", str(source / "setup.sh")], capture_output=True,
                               text=True, env=env, cwd=source, timeout=3600)
        self.assertEqual(setup.returncode, 0, setup.stdout[-3000:] + setup.stderr[-3000:])
        shutil.copy(source / "run_autograder", autograder / "run_autograder")
        run = subprocess.run([str(autograder / "run_autograder")], capture_output=True,
                             text=True, env=env, cwd=autograder, timeout=3600)
        self.assertEqual(run.returncode, 0, run.stderr[-3000:])
        results = json.loads((autograder / "results" / "results.json").read_text())
        self.assertEqual(results["score"], FIRST.points + 3)
        self.assertEqual(sum(t["max_score"] for t in results["tests"]), FIRST.points + 3)
        for test in results["tests"]:
            self.assertEqual(test["status"], "passed")
            self.assertEqual(set(test) >= {"name", "score", "max_score", "status", "output",
                                           "visibility"}, True)
        hidden_entry = [t for t in results["tests"] if "HiddenSockets" in t["name"]]
        self.assertEqual(hidden_entry[0]["visibility"], "after_published")
        self.assert_nothing_left_running("minifw-submission")


if __name__ == "__main__":
    unittest.main()
