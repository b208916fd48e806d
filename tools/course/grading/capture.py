"""Keeping what a test prints, within a bound, with the parts that matter most.

A test that floods its output must neither fill the grader's memory nor
lose its verdict: GoogleTest prints the verdict last, so the tail is kept
as well as the head, and the bytes between are counted, not stored.
"""

from __future__ import annotations


class Capture:
    """Keeps the head (what went wrong first) and the tail (the verdict) of a stream."""

    def __init__(self, cap_bytes: int):
        self.tail_limit = min(8192, cap_bytes // 4)
        self.head_limit = cap_bytes - self.tail_limit
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def add(self, chunk: bytes) -> None:
        """Take the next bytes of the stream."""
        self.total += len(chunk)
        room = self.head_limit - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            self.tail += chunk
            if len(self.tail) > self.tail_limit:
                del self.tail[: len(self.tail) - self.tail_limit]

    @property
    def dropped(self) -> int:
        """Bytes neither in the head nor in the tail."""
        return self.total - len(self.head) - len(self.tail)

    def text(self) -> str:
        """The kept output; a marker says where and how much was dropped."""
        head = self.head.decode("utf-8", "replace")
        tail = self.tail.decode("utf-8", "replace")
        if not self.dropped:
            return head + tail
        # Start the tail at a line boundary, so it is not read as a line of its own.
        newline = tail.find("\n")
        tail = tail[newline + 1:] if newline >= 0 else tail
        return f"{head}\n[output truncated: {self.dropped} bytes not shown]\n{tail}"
