"""./course book: the lessons and the API reference as one HTML site, with Doxygen."""

from __future__ import annotations

import shutil
import subprocess

from ..context import Context
from ..metadata import CourseError


def register(subparsers) -> None:
    """Add the book command."""
    parser = subparsers.add_parser(
        "book", help="build the book (lessons + API reference) into build/book/html",
        description="Run doxygen book/Doxyfile from the repository root.")
    parser.set_defaults(func=main)


def main(args) -> int:
    """Run Doxygen; its warnings are errors, so the book never ships broken links."""
    ctx = Context.load()
    doxyfile = ctx.root / "book" / "Doxyfile"
    if not doxyfile.is_file():
        raise CourseError("book/Doxyfile is missing, so there is no book to build in this copy")
    if not shutil.which("doxygen"):
        raise CourseError("doxygen is not installed: run ./course setup")
    (ctx.root / "build" / "book").mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["doxygen", "book/Doxyfile"], cwd=ctx.root)
    warnings = ctx.root / "build" / "book" / "warnings.log"
    if warnings.is_file() and warnings.read_text(errors="replace").strip():
        print(ctx.style.red("Doxygen warned (build/book/warnings.log):"))
        for line in warnings.read_text(errors="replace").splitlines()[:20]:
            print("    " + line)
        return 1
    if done.returncode != 0:
        return done.returncode
    print(f"The book is in build/book/html/index.html")
    return 0
