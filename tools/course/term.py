"""How output looks: colour and symbols on a terminal, plain ASCII elsewhere."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    """Marks and colours for one output stream."""

    fancy: bool

    @staticmethod
    def for_stream(stream=None) -> Style:
        """Colour and Unicode on a UTF-8 terminal, unless NO_COLOR is set."""
        stream = stream or sys.stdout
        tty = hasattr(stream, "isatty") and stream.isatty()
        utf8 = (getattr(stream, "encoding", "") or "").lower().replace("-", "") == "utf8"
        return Style(fancy=tty and utf8 and "NO_COLOR" not in os.environ
                     and os.environ.get("TERM") != "dumb")

    def _paint(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.fancy else text

    @property
    def ok(self) -> str:
        """The mark of a finished exercise or a passing test."""
        return self._paint("32", "✓") if self.fancy else "ok"

    @property
    def bad(self) -> str:
        """The mark of an unfinished exercise or a failing test."""
        return self._paint("31", "✗") if self.fancy else "--"

    @property
    def ref(self) -> str:
        """The mark of a stage taken from the reference."""
        return self._paint("36", "↳") if self.fancy else "=>"

    def green(self, text: str) -> str:
        """Good news."""
        return self._paint("32", text)

    def red(self, text: str) -> str:
        """Bad news."""
        return self._paint("31", text)

    def yellow(self, text: str) -> str:
        """Something to notice."""
        return self._paint("33", text)

    def bold(self, text: str) -> str:
        """A heading."""
        return self._paint("1", text)

    def dim(self, text: str) -> str:
        """Something in the background."""
        return self._paint("2", text)


def width() -> int:
    """The terminal's width, 100 when unknown."""
    return shutil.get_terminal_size((100, 24)).columns


def fail(message: str) -> int:
    """Print an error the user must act on; returns the exit status 1."""
    print(f"course: {message}", file=sys.stderr)
    return 1
