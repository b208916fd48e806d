"""The progress board shows per exercise tests and points, and names the next thing to do."""

import tempfile
import unittest
from pathlib import Path

from fake_course import make_course

from course.board import next_step, render_board
from course.gtest import TestResult
from course.metadata import load_course
from course.runs import StageRun
from course.term import Style

PLAIN = Style(fancy=False)


def ran(stage, passing):
    """A StageRun where exactly the tests named in passing passed."""
    results = {name: TestResult(name, "passed" if name in passing else "failed")
               for name in stage.test_points()}
    return StageRun(stage, "ran", results=results)


class BoardTest(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.course = load_course(make_course(Path(self._dir.name)))
        self.alpha, self.beta = self.course.stages

    def tearDown(self):
        self._dir.cleanup()

    def test_counts_tests_and_points_per_exercise(self):
        runs = [ran(self.alpha, {"First.Works", "First.AlsoWorks"}), ran(self.beta, {"First.Works"})]
        board = render_board(self.course, runs, PLAIN)
        lines = board.splitlines()
        first = next(line for line in lines if "01.1  First things" in line)
        self.assertIn("ok", first)
        self.assertRegex(first, r"2/2\s+tests\s+5/5\s+points")
        second = next(line for line in lines if "02.1  First things" in line)
        self.assertIn("--", second)
        self.assertRegex(second, r"1/2\s+tests\s+2/5\s+points")
        self.assertIn("Total: 7/20 points, 3/6 tests, 1 of 4 exercises done", board)

    def test_columns_line_up_when_a_count_has_two_digits(self):
        extra = {f"Many.Test{i}": 1 for i in range(12)}
        self.beta.exercises[1].tests.update(extra)
        runs = [ran(self.alpha, {"First.Works"}), ran(self.beta, set(extra))]
        rows = [line for line in render_board(self.course, runs, PLAIN).splitlines()
                if " tests " in line and " points" in line]
        self.assertEqual(len(rows), 4)
        for column in ("/", " tests", " points"):
            starts = {line.index(column) if column != "/" else line.index("/") for line in rows}
            self.assertEqual(len(starts), 1, (column, rows))
        points = {line.rindex("/") for line in rows}
        self.assertEqual(len(points), 1, rows)

    def test_titles_start_in_one_column_past_the_ninth_exercise_of_a_stage(self):
        self.beta.exercises[1].id = "02.10"
        runs = [ran(self.alpha, set()), ran(self.beta, set())]
        rows = [line for line in render_board(self.course, runs, PLAIN).splitlines()
                if " tests " in line]
        self.assertEqual(len(rows), 4)
        starts = {line.index("First") if "First" in line else line.index("Second") for line in rows}
        self.assertEqual(len(starts), 1, rows)

    def test_next_is_the_first_unfinished_exercise_with_its_section_and_command(self):
        runs = [ran(self.alpha, {"First.Works", "First.AlsoWorks"}), ran(self.beta, set())]
        board = render_board(self.course, runs, PLAIN)
        self.assertIn("Next: exercise 01.2: Second things", board)
        self.assertIn("read  lessons/01-alpha/README.md#exercise-012-second-things", board)
        self.assertIn("run   ./course test 01 01.2", board)

    def test_a_stage_that_does_not_compile_shows_its_errors_and_comes_next(self):
        broken = StageRun(self.alpha, "build_failed",
                          errors=["exercises/01-alpha/first.cpp:3:1: error: expected ';'"])
        blocked = StageRun(self.beta, "blocked", blocked_by="01")
        board = render_board(self.course, [broken, blocked], PLAIN)
        self.assertIn("01  Alpha   does not compile:", board)
        self.assertIn("first.cpp:3:1: error: expected ';'", board)
        self.assertIn("waits for stage 01 to compile", board)
        self.assertIn("Next: make stage 01 compile", board)
        self.assertEqual(next_step([broken, blocked]).run, "./course test 01")

    def test_reference_stages_are_shown_and_left_out_of_the_totals(self):
        runs = [StageRun(self.alpha, "reference"), ran(self.beta, {"Second.Works"})]
        board = render_board(self.course, runs, PLAIN)
        self.assertIn("stage 01 from the reference", board)
        self.assertIn("taken from solutions/", board)
        self.assertIn("Total: 5/10 points, 1/3 tests, 1 of 2 exercises done", board)
        self.assertIn("Next: exercise 02.1", board)

    def test_when_everything_passes_it_says_so(self):
        every = {"First.Works", "First.AlsoWorks", "Second.Works"}
        board = render_board(self.course, [ran(self.alpha, every), ran(self.beta, every)], PLAIN)
        self.assertIn("Every exercise passes", board)
        self.assertNotIn("Next:", board)

    def test_plain_output_is_ascii_and_colour_is_only_for_a_terminal(self):
        runs = [ran(self.alpha, {"First.Works", "First.AlsoWorks"}), ran(self.beta, set())]
        plain = render_board(self.course, runs, PLAIN)
        self.assertTrue(plain.isascii())
        self.assertNotIn("\033[", plain)
        fancy = render_board(self.course, runs, Style(fancy=True))
        self.assertIn("✓", fancy)
        self.assertIn("✗", fancy)
        self.assertIn("\033[", fancy)

    def test_a_test_missing_from_the_results_counts_as_not_passed(self):
        run = StageRun(self.alpha, "ran", results={"First.Works": TestResult("First.Works", "passed")})
        board = render_board(self.course, [run, ran(self.beta, set())], PLAIN)
        self.assertRegex(board, r"01.1  First things\s+1/2 tests")


if __name__ == "__main__":
    unittest.main()
