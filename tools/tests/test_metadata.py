"""lessons/NN-name/stage.toml is read into stages and exercises, and mistakes are named."""

import tempfile
import unittest
from pathlib import Path

from fake_course import make_course

from course.metadata import CourseError, github_slug, load_course


class MetadataTest(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.root = make_course(Path(self._dir.name))

    def tearDown(self):
        self._dir.cleanup()

    def toml(self, stage="01-alpha"):
        return self.root / "lessons" / stage / "stage.toml"

    def test_stages_and_exercises_are_read_in_order(self):
        course = load_course(self.root)
        self.assertEqual([s.id for s in course.stages], ["01", "02"])
        alpha = course.stages[0]
        self.assertEqual(alpha.name, "01-alpha")
        self.assertEqual(alpha.title, "Alpha")
        self.assertTrue(alpha.has_solution)
        self.assertEqual([e.id for e in alpha.exercises], ["01.1", "01.2"])
        first = alpha.exercises[0]
        self.assertEqual(first.tests, {"First.Works": 2, "First.AlsoWorks": 3})
        self.assertEqual(first.hints[0], "Think about the idea.")
        self.assertIs(first.stage, alpha)
        self.assertEqual(first.section, "lessons/01-alpha/README.md#exercise-011-first-things")

    def test_missing_anchor_defaults_to_the_heading_slug(self):
        second = load_course(self.root).exercise("01.2")
        self.assertEqual(second.anchor, "exercise-012-second-things")

    def test_test_points_maps_every_test_to_its_exercise(self):
        alpha = load_course(self.root).stage("01")
        points = alpha.test_points()
        self.assertEqual(set(points), {"First.Works", "First.AlsoWorks", "Second.Works"})
        exercise, value = points["Second.Works"]
        self.assertEqual((exercise.id, value), ("01.2", 5))
        self.assertEqual(alpha.points, 10)

    def test_lookups_accept_short_forms(self):
        course = load_course(self.root)
        self.assertEqual(course.stage("2").id, "02")
        self.assertEqual(course.stage("02-beta").id, "02")
        self.assertEqual(course.exercise("1.2").id, "01.2")

    def test_unknown_ids_list_the_valid_ones(self):
        course = load_course(self.root)
        with self.assertRaisesRegex(CourseError, r"no stage '07'.*01 \(Alpha\), 02 \(Beta\)"):
            course.stage("07")
        with self.assertRaisesRegex(CourseError, r"no exercise '01.9'.*01.1, 01.2, 02.1, 02.2"):
            course.exercise("01.9")
        with self.assertRaisesRegex(CourseError, r"stage 01 has no exercise '02.1'.*01.1, 01.2"):
            course.stage("01").exercise("02.1")

    def test_missing_key_names_file_and_key(self):
        text = self.toml().read_text().replace('title = "Alpha"\n', "")
        self.toml().write_text(text)
        with self.assertRaisesRegex(CourseError, r"lessons/01-alpha/stage.toml: the key 'title' is missing"):
            load_course(self.root)

    def test_wrong_type_names_file_and_key(self):
        text = self.toml().read_text().replace('"First.Works" = 2', '"First.Works" = "two"')
        self.toml().write_text(text)
        with self.assertRaisesRegex(CourseError, r"stage.toml: exercises\[0\]: tests: \"First.Works\""):
            load_course(self.root)

    def test_a_test_listed_under_two_exercises_is_refused(self):
        text = self.toml().read_text().replace('"Second.Works" = 5', '"First.Works" = 5')
        self.toml().write_text(text)
        with self.assertRaisesRegex(CourseError, r"First.Works is listed under both exercise 01.1 and 01.2"):
            load_course(self.root)

    def test_exercise_id_must_belong_to_its_stage(self):
        text = self.toml().read_text().replace('id = "01.2"', 'id = "02.2"')
        self.toml().write_text(text)
        with self.assertRaisesRegex(CourseError, r"exercises\[1\]: id = '02.2'"):
            load_course(self.root)

    def test_stage_id_must_match_its_folder(self):
        text = self.toml().read_text().replace('id = "01"', 'id = "03"', 1)
        self.toml().write_text(text)
        with self.assertRaisesRegex(CourseError, r"id = '03' but the folder is 01-alpha"):
            load_course(self.root)

    def test_invalid_toml_is_reported_with_its_file(self):
        self.toml().write_text("id = \n")
        with self.assertRaisesRegex(CourseError, r"lessons/01-alpha/stage.toml: not valid TOML"):
            load_course(self.root)

    def test_stage_folders_without_metadata_are_noticed(self):
        (self.root / "exercises" / "03-gamma").mkdir()
        (self.root / "exercises" / "03-gamma" / "gamma.cpp").write_text("")
        (self.root / "exercises" / "04-empty").mkdir()  # not a stage yet: nothing to build
        course = load_course(self.root)
        self.assertEqual(course.without_metadata, ["03-gamma"])
        self.assertEqual(len(course.stages), 2)

    def test_a_student_copy_has_no_solutions(self):
        with tempfile.TemporaryDirectory() as other:
            course = load_course(make_course(Path(other), solutions=False))
            self.assertFalse(course.has_solutions)
            self.assertFalse(course.stages[0].has_solution)

    def test_github_slug_matches_the_stub_anchors(self):
        self.assertEqual(github_slug("Exercise 02.3: Bodies and pipelining"),
                         "exercise-023-bodies-and-pipelining")
        self.assertEqual(github_slug("Exercise 01.1: RAII, file descriptors"),
                         "exercise-011-raii-file-descriptors")


if __name__ == "__main__":
    unittest.main()
