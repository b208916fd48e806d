"""The load: wrk with the same settings for every peer, and the idle-connection count.

The fair setting (the book's peers page says why): wrk and the server share
the machine's 2 cores, so wrk gets 2 threads and each server 2 threads or
worker processes; 256 connections for plaintext and json (pipelined too),
64 for the tests that touch the database, where SQLite's one writer at a
time makes more connections only longer queues.
"""

from __future__ import annotations

import re
import resource
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..metadata import CourseError

SCRIPT = Path("bench") / "peers" / "wrk" / "peers.lua"

# The path and the pipelining depth of each test.
TARGETS = {
    "plaintext": ("/plaintext", 1),
    "pipelined": ("/plaintext", 16),
    "json": ("/json", 1),
    "db": ("/db", 1),
    "queries": ("/queries?queries=20", 1),
    "fortunes": ("/fortunes", 1),
    "updates": ("/updates?queries=20", 1),
}
DATABASE_TESTS = {"db", "queries", "fortunes", "updates"}

_RESULT = re.compile(r"^peers-result (.*)$", re.M)


@dataclass(frozen=True)
class Measure:
    """One wrk run: requests per second, p99 latency, and the errors wrk counted."""

    requests_per_second: float
    p99_ms: float
    p50_ms: float
    errors: int
    non_2xx: int


def connections_for(test: str, connections: int | None) -> int:
    """The connection count of a test: the option's, else 64 on the database, 256 elsewhere."""
    if connections:
        return connections
    return 64 if test in DATABASE_TESTS else 256


def parse_wrk(output: str) -> Measure:
    """Read the line bench/peers/wrk/peers.lua prints at the end."""
    match = _RESULT.search(output)
    if not match:
        raise CourseError("wrk printed no peers-result line (did the script load?):\n" + output[-600:])
    fields = {key: int(value) for key, value in (part.split("=") for part in match[1].split())}
    seconds = max(fields["duration_us"], 1) / 1e6
    errors = sum(fields[key] for key in ("connect", "read", "write", "timeout"))
    return Measure(fields["requests"] / seconds, fields["p99_us"] / 1000, fields["p50_us"] / 1000,
                   errors, fields["status"])


def run_wrk(root: Path, port: int, test: str, duration: float, connections: int,
            threads: int = 2) -> Measure:
    """wrk -t2 -cN -dS --timeout 10s on one test of the peer at port."""
    wrk = shutil.which("wrk")
    if not wrk:
        raise CourseError("wrk is not installed: run ./course setup")
    path, depth = TARGETS[test]
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration))}s",
               "--timeout", "10s", "-s", str(root / SCRIPT), f"http://127.0.0.1:{port}{path}",
               "--", str(depth)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    if done.returncode != 0:
        raise CourseError(f"wrk failed on {test}: {done.stderr.strip() or done.stdout[-400:]}")
    return parse_wrk(done.stdout)


def raise_descriptor_limit(needed: int) -> int:
    """Raise this process's soft RLIMIT_NOFILE (children inherit it); the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        wanted = needed if hard == resource.RLIM_INFINITY else min(hard, needed)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def resident_kib(pids: list[int]) -> int:
    """The summed VmRSS of these processes, in KiB (/proc/PID/status)."""
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


@dataclass(frozen=True)
class IdleMemory:
    """The memory one idle keep-alive connection costs a server."""

    connections: int
    before_kib: int
    after_kib: int

    @property
    def kib_per_connection(self) -> float:
        return (self.after_kib - self.before_kib) / max(self.connections, 1)


def idle_memory(port: int, pids: list[int], count: int = 10_000) -> IdleMemory:
    """Open count keep-alive connections that each sent one request and read its answer.

    RSS is read before the first and after the last, with every connection
    still open; each is closed at the end.
    """
    if raise_descriptor_limit(count + 256) < count + 64:
        raise CourseError(f"cannot raise the descriptor limit to {count + 256}: the hard limit "
                          f"is {resource.getrlimit(resource.RLIMIT_NOFILE)[1]} (ulimit -Hn)")
    request = b"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    # One request first, so the server's lazy start-up costs are not counted.
    _one_round_trip(port, request).close()
    time.sleep(0.2)
    before = resident_kib(pids)
    sockets: list[socket.socket] = []
    try:
        for number in range(count):
            try:
                sockets.append(_one_round_trip(port, request))
            except OSError as error:
                raise CourseError(f"connection {number + 1:,} of {count:,} got no answer "
                                  f"({error}): the server holds fewer idle connections") from None
        time.sleep(0.5)  # let the server's last reads settle; RSS is read, not raced
        after = resident_kib(pids)
    finally:
        for sock in sockets:
            sock.close()
    return IdleMemory(count, before, after)


def _one_round_trip(port: int, request: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(request)
    data = b""
    while b"Hello, World!" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            sock.close()
            raise CourseError("the server closed a keep-alive connection after one request")
        data += chunk
    return sock
