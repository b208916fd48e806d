"""The instructor's commands: grade a submission, export a student template, package for Gradescope.

The course CLI calls register(subparsers); each command lives in its own module.
"""

from __future__ import annotations

from . import grade, gradescope, template


def register(subparsers) -> None:
    """Add grade, export-template and gradescope-package to the CLI."""
    grade.register(subparsers)
    template.register(subparsers)
    gradescope.register(subparsers)
