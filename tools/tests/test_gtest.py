"""GoogleTest output is read test by test, and a binary that dies is run again for the rest."""

import tempfile
import time
import unittest
from pathlib import Path

from fake_course import dedent, invocations, make_binary

from course import gtest

STREAM = dedent("""
    Running main() from the minifw test main
    [==========] Running 5 tests from 2 test suites.
    [----------] 3 tests from Headers
    [ RUN      ] Headers.GetIgnoresCase
    [       OK ] Headers.GetIgnoresCase (0 ms)
    [ RUN      ] Headers.KeepsOrder
    tests/02-http/headers_test.cpp:31: Failure
    Expected equality of these values:
      names
        Which is: { "b" }
      expected
    [  FAILED  ] Headers.KeepsOrder (3 ms)
    [ RUN      ] Headers.Remove
      NOT DONE: exercise 02.1 not done: see lessons/02-http/README.md#exercise-021-a-map
    [  FAILED  ] Headers.Remove (0 ms)
    [----------] 2 tests from Parser/Split
    [ RUN      ] Parser/Split.Anywhere/3
    [  FAILED  ] Parser/Split.Anywhere/3, where GetParam() = 3 (12 ms)
    [ RUN      ] Parser.Skips
    [  SKIPPED ] Parser.Skips (0 ms)
    [==========] 5 tests from 2 test suites ran. (20 ms total)
    [  PASSED  ] 1 test.
    [  FAILED  ] 2 tests, listed below:
    [  FAILED  ] Headers.KeepsOrder
    [  FAILED  ] Headers.Remove
""")


class ParseOutputTest(unittest.TestCase):
    def test_statuses_come_from_the_streamed_lines(self):
        results = gtest.parse_output(STREAM)
        self.assertEqual({n: r.status for n, r in results.items()}, {
            "Headers.GetIgnoresCase": "passed",
            "Headers.KeepsOrder": "failed",
            "Headers.Remove": "failed",
            "Parser/Split.Anywhere/3": "failed",
            "Parser.Skips": "not_run",
        })

    def test_each_test_keeps_its_own_output(self):
        results = gtest.parse_output(STREAM)
        keeps = results["Headers.KeepsOrder"].output
        self.assertIn("headers_test.cpp:31: Failure", keeps)
        self.assertIn('Which is: { "b" }', keeps)
        self.assertNotIn("NOT DONE", keeps)
        self.assertEqual(results["Headers.GetIgnoresCase"].output, "")
        self.assertAlmostEqual(results["Headers.KeepsOrder"].seconds, 0.003)

    def test_the_not_done_line_is_recognised(self):
        results = gtest.parse_output(STREAM)
        self.assertEqual(results["Headers.Remove"].not_done,
                         "exercise 02.1 not done: see lessons/02-http/README.md#exercise-021-a-map")
        self.assertIsNone(results["Headers.KeepsOrder"].not_done)

    def test_a_stub_message_a_server_logged_or_terminate_printed_counts_too(self):
        stream = ("[ RUN      ] Bodies.Sent\n"
                  "minifw: a response body failed while it was sent: exercise 01.3 not done: "
                  "see lessons/01-sockets/README.md#exercise-013-writing\n"
                  "tests/x.cpp:4: Failure\n[  FAILED  ] Bodies.Sent (3 ms)\n"
                  "[ RUN      ] Server.Refuses\n"
                  "terminate called after throwing an instance of 'minifw::ExerciseNotDone'\n"
                  "  what():  exercise 01.1 not done: see lessons/01-sockets/README.md#x\n")
        results = gtest.parse_output(stream)
        self.assertEqual(results["Bodies.Sent"].not_done_exercise, "01.3")
        self.assertEqual(results["Bodies.Sent"].not_done,
                         "exercise 01.3 not done: see lessons/01-sockets/README.md#exercise-013-"
                         "writing")
        self.assertEqual(results["Server.Refuses"].status, "crashed")
        self.assertEqual(results["Server.Refuses"].not_done_exercise, "01.1")

    def test_the_summary_at_the_end_changes_no_verdict(self):
        results = gtest.parse_output(STREAM + "[  FAILED  ] Headers.GetIgnoresCase\n")
        self.assertEqual(results["Headers.GetIgnoresCase"].status, "passed")

    def test_a_run_line_without_an_end_is_a_crash(self):
        text = dedent("""
            [ RUN      ] Socket.Accepts
            [       OK ] Socket.Accepts (1 ms)
            [ RUN      ] Socket.ReadsAll
            AddressSanitizer: heap-buffer-overflow on address 0x602000000011
        """)
        results = gtest.parse_output(text)
        self.assertEqual(results["Socket.Accepts"].status, "passed")
        self.assertEqual(results["Socket.ReadsAll"].status, "crashed")
        self.assertIn("heap-buffer-overflow", results["Socket.ReadsAll"].output)

    def test_a_crash_is_noticed_when_the_next_test_starts(self):
        text = "[ RUN      ] A.One\n[ RUN      ] A.Two\n[       OK ] A.Two (0 ms)\n"
        results = gtest.parse_output(text)
        self.assertEqual(results["A.One"].status, "crashed")
        self.assertEqual(results["A.Two"].status, "passed")

    def test_the_watchdog_verdict_is_a_timeout(self):
        text = dedent("""
            [ RUN      ] Server.Serves
              TIMEOUT: Server.Serves ran past its limit of 10 s: an endless loop?
            [  FAILED  ] Server.Serves (timeout)
        """)
        result = gtest.parse_output(text)["Server.Serves"]
        self.assertEqual(result.status, "timeout")
        self.assertIn("TIMEOUT:", result.output)

    def test_a_timeout_line_without_its_end_line_is_still_a_timeout(self):
        text = "[ RUN      ] Server.Serves\n  TIMEOUT: Server.Serves ran past its limit\n"
        self.assertEqual(gtest.parse_output(text)["Server.Serves"].status, "timeout")

    def test_a_flood_of_output_is_cut_to_the_limit(self):
        text = "[ RUN      ] A.Floods\n" + ("y" * 100 + "\n") * 5000 + "[       OK ] A.Floods (9 ms)\n"
        result = gtest.parse_output(text)["A.Floods"]
        self.assertEqual(result.status, "passed")
        self.assertLessEqual(len(result.output), gtest.OUTPUT_LIMIT + 100)
        self.assertTrue(result.output.endswith(gtest.TRUNCATED))


class RunBinaryTest(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.folder = Path(self._dir.name)

    def tearDown(self):
        self._dir.cleanup()

    def test_list_tests_reads_suites_and_names(self):
        binary = make_binary(self.folder, {"A.One": "pass", "A.Two": "pass", "B.Three": "fail"})
        self.assertEqual(gtest.list_tests(binary), ["A.One", "A.Two", "B.Three"])

    def test_a_healthy_binary_runs_once(self):
        binary = make_binary(self.folder, {"A.One": "pass", "A.Two": "fail", "A.Three": "notdone"})
        results = gtest.run_binary(binary, ["A.One", "A.Two", "A.Three"])
        self.assertEqual([r.status for r in results.values()], ["passed", "failed", "failed"])
        self.assertEqual(len(invocations(binary)), 1)
        self.assertEqual(results.problems, [])

    def test_after_a_crash_the_remaining_tests_run_in_a_new_process(self):
        binary = make_binary(self.folder, {"A.One": "pass", "A.Two": "crash", "A.Three": "pass"})
        results = gtest.run_binary(binary)
        self.assertEqual({n: r.status for n, r in results.items()},
                         {"A.One": "passed", "A.Two": "crashed", "A.Three": "passed"})
        self.assertIn("SIGSEGV", results["A.Two"].output)
        self.assertIn("about to crash", results["A.Two"].output)
        runs = [line for line in invocations(binary) if "--gtest_filter" in line]
        self.assertEqual(len(runs), 2)
        self.assertTrue(runs[1].endswith("--gtest_filter=A.Three"))

    def test_after_a_watchdog_timeout_the_rest_still_runs(self):
        binary = make_binary(self.folder, {"A.One": "timeout", "A.Two": "pass"})
        results = gtest.run_binary(binary, ["A.One", "A.Two"])
        self.assertEqual(results["A.One"].status, "timeout")
        self.assertEqual(results["A.Two"].status, "passed")

    def test_a_hung_binary_is_killed_at_the_deadline(self):
        binary = make_binary(self.folder, {"A.One": "pass", "A.Hangs": "hang", "A.Three": "pass"})
        started = time.monotonic()
        results = gtest.run_binary(binary, ["A.One", "A.Hangs", "A.Three"], timeout=1.5)
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(results["A.Hangs"].status, "timeout")
        self.assertEqual(results["A.Three"].status, "passed")

    def test_every_test_crashing_is_bounded_to_one_run_each(self):
        tests = {f"A.T{i}": "crash" for i in range(4)}
        binary = make_binary(self.folder, tests)
        results = gtest.run_binary(binary, list(tests))
        self.assertTrue(all(r.status == "crashed" for r in results.values()))
        self.assertLessEqual(len(invocations(binary)), len(tests) + 1)

    def test_a_test_missing_from_the_binary_is_not_run(self):
        binary = make_binary(self.folder, {"A.One": "pass"})
        results = gtest.run_binary(binary, ["A.One", "A.Ghost"])
        self.assertEqual(results["A.Ghost"].status, "not_run")

    def test_a_failure_after_the_last_test_is_a_problem_of_the_run(self):
        binary = make_binary(self.folder, {"A.One": "pass"}, exit_code=23)
        results = gtest.run_binary(binary, ["A.One"])
        self.assertEqual(results["A.One"].status, "passed")
        self.assertEqual(len(results.problems), 1)
        self.assertIn("LeakSanitizer", results.problems[0])

    def test_results_arrive_as_each_test_ends(self):
        binary = make_binary(self.folder, {"A.One": "pass", "A.Two": "crash"})
        seen = []
        gtest.run_binary(binary, ["A.One", "A.Two"], on_result=lambda r: seen.append(r.name))
        self.assertEqual(seen, ["A.One", "A.Two"])

    def test_flooded_output_keeps_memory_bounded(self):
        binary = make_binary(self.folder, {"A.Floods": "flood"})
        result = gtest.run_binary(binary, ["A.Floods"])["A.Floods"]
        self.assertEqual(result.status, "passed")
        self.assertLessEqual(len(result.output), gtest.OUTPUT_LIMIT + 100)


if __name__ == "__main__":
    unittest.main()
