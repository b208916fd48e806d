"""The lessons' example servers, run as a learner runs them and asked with curl.

Each test builds one example of the reference track, starts it on port 0,
reads the "listening on http://127.0.0.1:PORT" line it prints first, and
checks what curl gets for the commands its chapter shows. The static site
also serves a 1 GiB sparse file while its peak resident set is read from
/proc: a server that read the file into memory would grow by all of it.

They need the course's toolchain and curl; set MINIFW_SKIP_SLOW_TESTS=1 to
skip them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "reference"
SLOW = os.environ.get("MINIFW_SKIP_SLOW_TESTS") == "1"


def build(target: str) -> Path:
    """The example built on the reference track (configured first if needed)."""
    if not (BUILD / "CMakeCache.txt").exists():
        subprocess.run(["cmake", "--preset", "reference"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", str(BUILD), "--target", target], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return BUILD / target


class Server:
    """An example server on port 0, stopped when the block ends."""

    def __init__(self, target: str, *args: str):
        self.binary = build(target)
        self.args = args

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen([str(self.binary), "--port", "0", *self.args], cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True)
        line = self.process.stdout.readline()  # the first line, printed once it listens
        if not line.startswith("listening on http://"):
            self.process.kill()
            self.process.wait(timeout=10)
            self.process.stdout.close()
            raise AssertionError(f"{self.binary.name} printed {line!r} instead of its address")
        self.url = line.split()[2]
        return self

    def __exit__(self, *exc) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        self.process.stdout.close()

    def peak_resident_kib(self) -> int:
        """VmHWM, the most memory the server has held at once."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise AssertionError("no VmHWM in /proc/PID/status")


def curl(*args: str) -> str:
    """curl -s -i with a deadline; the status line, the fields and the body as text."""
    done = subprocess.run(["curl", "-s", "-i", "--max-time", "30", *args],
                          capture_output=True, timeout=60)
    return done.stdout.decode(errors="replace")  # bytes: keep the \r\n of the wire


@unittest.skipIf(SLOW or shutil.which("curl") is None, "slow: builds and runs the examples")
class ExampleServers(unittest.TestCase):
    def test_the_echo_server_of_stage_02(self):
        with Server("example_02_echo_server") as server:
            self.assertTrue(curl(server.url + "/").startswith("HTTP/1.1 200 OK\r\n"))
            echoed = curl("--data", "hello, world", server.url + "/echo")
            self.assertTrue(echoed.endswith("\r\n\r\nhello, world"), echoed)
            old = curl("--http1.0", server.url + "/")
            self.assertIn("\r\nConnection: close\r\n", old)

    def test_the_rest_api_of_stage_04(self):
        with Server("example_04_rest_api") as server:
            self.assertTrue(curl(server.url + "/books/2").startswith("HTTP/1.1 200 OK\r\n"))
            refused = curl("-X", "DELETE", server.url + "/books")
            self.assertTrue(refused.startswith("HTTP/1.1 405 Method Not Allowed\r\n"), refused)
            self.assertIn("\r\nAllow: ", refused)
            self.assertTrue(curl(server.url + "/bad%zz").startswith("HTTP/1.1 400 "))

    def test_the_onion_of_stage_05(self):
        with Server("example_05_onion") as server:
            self.assertTrue(curl(server.url + "/").startswith("HTTP/1.1 200 OK\r\n"))
            self.assertTrue(curl(server.url + "/admin").startswith("HTTP/1.1 401 "))
            self.assertTrue(curl(server.url + "/boom").startswith("HTTP/1.1 500 "))

    def test_the_static_site_serves_a_1_gib_file_in_flat_memory(self):
        with tempfile.TemporaryDirectory(prefix="minifw-site-") as site:
            Path(site, "index.html").write_text("<h1>home</h1>")
            with open(Path(site, "big.bin"), "wb") as big:
                big.truncate(1 << 30)  # a hole: no disk, and no page cache until read
            with Server("example_05_static_site", "--root", site) as server:
                self.assertTrue(curl(server.url + "/").endswith("<h1>home</h1>"))
                before = server.peak_resident_kib()
                started = time.monotonic()
                done = subprocess.run(
                    ["curl", "-s", "-o", "/dev/null", "--max-time", "120",
                     "-w", "%{http_code} %{size_download}", server.url + "/big.bin"],
                    capture_output=True, text=True, timeout=180)
                seconds = time.monotonic() - started
                after = server.peak_resident_kib()
                self.assertEqual(done.stdout, f"200 {1 << 30}")
                head = curl("-I", server.url + "/big.bin")
                self.assertIn(f"\r\nContent-Length: {1 << 30}\r\n", head)
        grown = after - before
        print(f"\n    1 GiB served in {seconds:.1f} s; peak resident set {before} -> {after} KiB",
              flush=True)
        self.assertLess(grown, 16 * 1024, f"the server's memory grew by {grown} KiB")


if __name__ == "__main__":
    unittest.main()
