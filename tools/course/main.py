"""./course: the course's command line. Run `./course --help` for the commands."""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (tools/course/main.py): import this folder as the package
    # `course`, and not its modules as top-level ones.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from course import commands, layout  # noqa: E402
from course.metadata import CourseError  # noqa: E402
from course.term import fail  # noqa: E402

DESCRIPTION = """\
Build a web framework in C++20, stage by stage.

With no command, shows your progress board and what to do next."""

EPILOG = """\
examples:
  ./course setup             install what is missing, build, show the board
  ./course test 02 02.3      run exercise 02.3's tests
  ./course hint 02.3         the next hint for exercise 02.3
  ./course watch             re-run the current stage's tests on every save"""


def parser() -> argparse.ArgumentParser:
    """The whole command line, with every command's options."""
    top = argparse.ArgumentParser(
        prog="./course", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = top.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    commands.register_all(subparsers)
    # The instructor's commands live in grading/; a copy of the course
    # without that package simply does not have them.
    if (Path(__file__).parent / "grading" / "__init__.py").is_file():
        from course import grading

        grading.register(subparsers)
    return top


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Everything after "--" belongs to the program `run` starts, not to us.
    passthrough: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, passthrough = argv[:at], argv[at + 1:]
    top = parser()
    args = top.parse_args(argv or ["status"])
    args.passthrough = passthrough
    if passthrough and not getattr(args, "accepts_passthrough", False):
        top.error(f"'{args.command}' takes no arguments after --")
    try:
        return int(args.func(args) or 0)
    except CourseError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (./course | head): nothing more to say, and
        # nowhere to say it. Point stdout at nothing so exit does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:  # noqa: BLE001 (whatever it is, the learner gets one line)
        return unexpected(args.command or "status", error)


def unexpected(command: str, error: BaseException) -> int:
    """A bug of the course's own: one line that says what failed and where the details are.

    The traceback goes to build/logs/course-error.log (or, when that cannot be
    written, a file in the temporary folder), never to the learner's screen.
    """
    where = ""
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        last = frames[-1]
        where = f" in {_short(last.filename)}:{last.lineno}"
    text = (f"{time.strftime('%Y-%m-%d %H:%M:%S')} ./course {' '.join(sys.argv[1:])}\n"
            + "".join(traceback.format_exception(error)))
    log = _write_log(text)
    summary = f"{type(error).__name__}: {error}".splitlines()[0][:300]
    details = f"the details are in {log}" if log else "the details could not be saved"
    return fail(f"'{command}' failed unexpectedly ({summary}{where}); {details}. This is a "
                "problem of the course's tools, not of your code: please report it with that file.")


def _short(filename: str) -> str:
    try:
        return str(Path(filename).resolve().relative_to(layout.root()))
    except ValueError:
        return filename


def _write_log(text: str) -> str | None:
    """Append text to the error log; its path as the learner would type it, or None."""
    candidates = []
    try:
        candidates.append(layout.log_dir(layout.root()) / "course-error.log")
    except OSError:
        pass
    candidates.append(Path(os.environ.get("TMPDIR", "/tmp")) / f"minifw-course-error-{os.getuid()}.log")
    for path in candidates:
        try:
            with path.open("a") as file:
                file.write(text + "\n")
        except OSError:
            continue
        return layout.relative(path, layout.root())
    return None


if __name__ == "__main__":
    sys.exit(main())
