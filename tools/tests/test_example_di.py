"""The dependency-injection example of stage 09, run as a learner runs it.

Each request gets its own scope: two requests see two units of work and one
visit counter, and the objects of a request are released, newest first, once
its response is made, also when the handler failed. The release lines come
from the server's standard output, read with a deadline.

Needs the course's toolchain and curl; set MINIFW_SKIP_SLOW_TESTS=1 to skip.

The registration mistakes the types reveal are compile errors with a
readable message: each is compiled here (syntax only, a second or so each)
next to a correct registration that must compile.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from test_examples import ROOT, SLOW, Server, curl

COMPILER = shutil.which("c++") or shutil.which("g++")

# Services for the snippets; each snippet registers them in its own way.
PRELUDE = """
#include <memory>
#include "minifw/di/collection.hpp"
namespace di = minifw::di;
struct Clock {};
struct Database {};
struct Repository {
    Repository(std::shared_ptr<Database>, std::shared_ptr<Clock>) {}
};
struct Unrelated {};
int main() {
    di::ServiceCollection services;
"""


def lines_until(server: Server, marker: str, seconds: float = 10.0) -> list[str]:
    """The server's output lines up to and including the first with `marker`.

    Reads the pipe's descriptor itself: a buffered readline() could hold lines
    that select() then no longer sees.
    """
    pending = getattr(server, "pending", b"")
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    while True:
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            lines.append(line.decode(errors="replace").strip())
            if marker in lines[-1]:
                server.pending = pending
                return lines
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([server.process.stdout], [], [], min(left, 0.5))
        if ready:
            chunk = os.read(server.process.stdout.fileno(), 65536)
            if not chunk:
                break  # the server ended
            pending += chunk
    raise AssertionError(f"no line with {marker!r} within {seconds} s; got {lines!r}")


@unittest.skipIf(SLOW or shutil.which("curl") is None, "slow: builds and runs the example")
class DependencyInjectionExample(unittest.TestCase):
    def test_each_request_gets_its_own_scope_released_newest_first(self):
        with Server("example_09_services") as server:
            first = curl(server.url + "/")
            self.assertTrue(first.startswith("HTTP/1.1 200 OK\r\n"), first)
            lines = lines_until(server, "released UnitOfWork #1")
            # Made in order of need: the unit before the greeter built on it.
            self.assertLess(lines.index("made UnitOfWork #1"),
                            lines.index("made Greeter for UnitOfWork #1"))
            # Released once answered, newest first: the two tokens, the
            # greeter, then the unit of work it was built on.
            answered = lines.index("response 200; the request scope ends now")
            released = [line for line in lines[answered + 1:] if line.startswith("released")]
            self.assertEqual(len(released), 4, lines)
            self.assertTrue(released[0].startswith("released Token "), released)
            self.assertTrue(released[1].startswith("released Token "), released)
            self.assertEqual(released[2:], ["released Greeter", "released UnitOfWork #1"])
            self.assertGreater(int(released[0].split()[-1]), int(released[1].split()[-1]))

            second = curl(server.url + "/")
            self.assertIn("hello, visitor 2 (unit of work #2)", second)
            self.assertIn("hello, visitor 1 (unit of work #1)", first)
            tokens = [int(n) for n in re.findall(r"tokens (\d+) and (\d+)", second)[0]]
            self.assertNotEqual(tokens[0], tokens[1])  # transient: one each time
            lines_until(server, "released UnitOfWork #2")

    def test_a_failing_handler_still_releases_its_services(self):
        with Server("example_09_services") as server:
            failed = curl(server.url + "/boom")
            self.assertTrue(failed.startswith("HTTP/1.1 500 "), failed)
            lines = lines_until(server, "released UnitOfWork #1")
            self.assertIn("response 500; the request scope ends now", lines)
            self.assertIn("released Greeter", lines)


@unittest.skipIf(COMPILER is None, "needs a C++ compiler")
class CompileTimeMistakes(unittest.TestCase):
    def compile(self, registration: str) -> subprocess.CompletedProcess:
        with tempfile.TemporaryDirectory(prefix="minifw-di-") as folder:
            source = Path(folder, "snippet.cpp")
            source.write_text(PRELUDE + registration + "\n}\n")
            return subprocess.run(
                [COMPILER, "-std=c++20", "-fsyntax-only", "-I", str(ROOT / "minifw" / "include"),
                 str(source)], capture_output=True, text=True, timeout=120)

    def assert_refused(self, registration: str, message: str) -> None:
        done = self.compile(registration)
        self.assertNotEqual(done.returncode, 0, registration)
        self.assertIn(message, done.stderr)

    def test_a_correct_registration_compiles(self):
        done = self.compile("services.add_singleton<Clock>().add_singleton<Database>()"
                            ".add_scoped<Repository, Repository, Database, Clock>();")
        self.assertEqual(done.returncode, 0, done.stderr)

    def test_dependencies_in_the_wrong_order(self):
        self.assert_refused("services.add_scoped<Repository, Repository, Clock, Database>();",
                            "has no constructor taking std::shared_ptr of each declared "
                            "dependency, in the order declared")

    def test_a_dependency_named_as_a_shared_ptr(self):
        self.assert_refused(
            "services.add_scoped<Repository, Repository, std::shared_ptr<Database>, Clock>();",
            "each dependency is named as a plain class type, without std::shared_ptr")

    def test_an_implementation_that_is_not_the_service(self):
        self.assert_refused("services.add_scoped<Repository, Unrelated>();",
                            "the implementation must derive publicly from the service")

    def test_a_factory_that_returns_a_raw_pointer(self):
        self.assert_refused("services.add_singleton<Clock>([](di::Resolver&) { return new Clock; });",
                            "a factory returns a std::shared_ptr to the service")

    def test_a_service_named_as_a_shared_ptr(self):
        self.assert_refused(
            "services.add_singleton<std::shared_ptr<Clock>>("
            "[](di::Resolver&) { return std::make_shared<std::shared_ptr<Clock>>(); });",
            "a service is registered as a plain class type")


if __name__ == "__main__":
    unittest.main()
