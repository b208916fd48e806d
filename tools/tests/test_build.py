"""A failed build is shown as its first errors, with the file being built and paths made short."""

import unittest
from pathlib import Path

from fake_course import dedent

from course.build import broken_libraries, first_errors

LOG = dedent("""
    [1/4] Building CXX object CMakeFiles/minifw_02_exercise.dir/exercises/02-http/errors.cpp.o
    [2/4] Building CXX object CMakeFiles/minifw_02_exercise.dir/exercises/02-http/parser.cpp.o
    FAILED: CMakeFiles/minifw_02_exercise.dir/exercises/02-http/parser.cpp.o
    /usr/bin/c++ -I/work/x/minifw/include -c /work/x/exercises/02-http/parser.cpp
    /work/x/exercises/02-http/parser.cpp: In member function 'std::size_t feed()':
    /work/x/exercises/02-http/parser.cpp:12:5: error: 'foo' was not declared in this scope
       12 |     foo();
          |     ^~~
    /work/x/exercises/02-http/parser.cpp:12:5: error: 'foo' was not declared in this scope
    In file included from /usr/include/c++/12/regex:1:
    /usr/include/c++/12/bits/std_function.h:405:42: error: may be used uninitialized
    cc1plus: all warnings being treated as errors
    ninja: build stopped: subcommand failed.
""")


class FirstErrorsTest(unittest.TestCase):
    def test_errors_come_with_their_excerpt_and_short_paths(self):
        lines = first_errors(LOG, Path("/work/x"))
        self.assertEqual(lines[:3], [
            "exercises/02-http/parser.cpp:12:5: error: 'foo' was not declared in this scope",
            "   12 |     foo();",
            "      |     ^~~",
        ])

    def test_an_error_in_a_header_names_the_file_being_built(self):
        log = LOG.replace("/work/x/exercises/02-http/parser.cpp:12:5", "/work/x/minifw/a.hpp:1:1")
        lines = first_errors(log, Path("/work/x"))
        self.assertEqual(lines[0], "building exercises/02-http/parser.cpp:")
        self.assertTrue(lines[1].startswith("minifw/a.hpp:1:1: error:"))

    def test_repeated_errors_and_file_names_holding_error_are_skipped(self):
        lines = first_errors(LOG, Path("/work/x"))
        self.assertEqual(sum("'foo' was not declared" in line for line in lines), 1)
        self.assertFalse(any("errors.cpp" in line for line in lines))
        self.assertIn("/usr/include/c++/12/bits/std_function.h:405:42: error: may be used "
                      "uninitialized", lines)

    def test_without_a_recognised_error_the_end_of_the_log_is_shown(self):
        self.assertEqual(first_errors("a\nb\nsomething odd\n", Path("/x"), limit=2),
                         ["b", "something odd"])

    def test_a_failed_stage_library_is_found_in_the_failed_lines(self):
        self.assertEqual(broken_libraries(LOG), {"02"})


class ProgressOfABuildTest(unittest.TestCase):
    """ninja's [n/N] lines become the progress: one live line, or a few plain ones."""

    def build(self, live: bool) -> tuple[bool, str, str]:
        import io
        import os
        import tempfile

        from course.build import Build
        from course.term import Progress

        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            tree = root / "build" / "learner"
            tree.mkdir(parents=True)
            ninja = root / "ninja"
            ninja.write_text("#!/bin/sh\n"
                             "echo '[0/2] Re-checking globbed directories...'\n"
                             "for i in 1 2 3; do echo \"[$i/3] Building CXX object f$i.o\"; done\n"
                             "exit 1\n")
            ninja.chmod(0o755)
            (tree / "CMakeCache.txt").write_text(f"CMAKE_MAKE_PROGRAM:FILEPATH={ninja}\n")
            stream, log = io.StringIO(), io.StringIO()
            build = Build(root, "learner", progress=Progress(stream, live=live, interval=3600))
            built, _ = build._ninja(["test_01"], log)
            self.assertIn("[3/3] Building CXX object f3.o", log.getvalue())
            return built, stream.getvalue(), os.fspath(ninja)

    def test_on_a_terminal_the_steps_share_one_line_which_is_cleared_at_the_end(self):
        built, shown, _ = self.build(live=True)
        self.assertFalse(built)
        self.assertNotIn("\n", shown)
        self.assertIn("\rbuilding build/learner [3/3] Building CXX object f3.o", shown)
        self.assertTrue(shown.rstrip(" ").endswith("\r"))

    def test_elsewhere_a_plain_line_says_the_build_began(self):
        _, shown, _ = self.build(live=False)
        self.assertEqual(shown, "building build/learner: step 1 of 3\n")


if __name__ == "__main__":
    unittest.main()
