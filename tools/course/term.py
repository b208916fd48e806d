"""How output looks: colour and symbols on a terminal, plain ASCII elsewhere."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
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


class Progress:
    """What a long step is doing, on stderr.

    On a terminal, one line rewritten in place (ninja's [n/N] and what it
    builds); elsewhere (CI, a log, a pipe), a plain line when the step starts
    and then at most one every `interval` seconds, so a log shows that
    something is happening without a line per file.
    """

    def __init__(self, stream=None, live: bool | None = None, interval: float = 15.0):
        self.stream = stream or sys.stderr
        self.live = (hasattr(self.stream, "isatty") and self.stream.isatty()) if live is None \
            else live
        self.interval = interval
        self._last_plain: float | None = None
        self._showing = False

    def update(self, text: str, plain: str | None = None) -> None:
        """Show text on the live line; elsewhere print plain (default text) if it is time."""
        if self.live:
            self._write("\r" + text[: width() - 1].ljust(width() - 1))
            self._showing = True
            return
        now = time.monotonic()
        if self._last_plain is None or now - self._last_plain >= self.interval:
            self.say(plain if plain is not None else text)

    def say(self, text: str) -> None:
        """A line of its own, whatever the stream (the live line is cleared first)."""
        self.clear()
        self._write(text + "\n")
        self._last_plain = time.monotonic()

    def restart(self) -> None:
        """The next update prints its plain line at once (a new step begins)."""
        self._last_plain = None

    def clear(self) -> None:
        """Remove the live line, so what is printed next starts on a clean line."""
        if self._showing:
            self._write("\r" + " " * (width() - 1) + "\r")
            self._showing = False

    def _write(self, text: str) -> None:
        # What the command printed before goes first, even when both streams share a log.
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        with contextlib.suppress(OSError, ValueError):
            self.stream.write(text)
            self.stream.flush()
