"""./course bench --peers: the answer checker, the report, and one real --check run.

The checker is run against a tiny server of this file that serves
TechEmpower's six tests on a SQLite file made with the app's schema, and
that can break one rule at a time: each broken rule must be named in the
refusal, and the good server must pass. The report's SVG must be
well-formed XML with one bar per measured value. The end-to-end test runs
`./course bench --peers --check` on the peers installed here (nothing is
installed or built by it; absent ones are skipped) and is skipped with
MINIFW_SKIP_SLOW_TESTS=1.
"""

from __future__ import annotations

import html
import json
import os
import random
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import unittest
import xml.etree.ElementTree as ElementTree
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from fake_course import TOOLS

from course.peers import check, load, report
from course.peers.peers import PEERS, create_schema, why_absent

ROOT = TOOLS.parent
SLOW = os.environ.get("MINIFW_SKIP_SLOW_TESTS") == "1"
BROKEN_RULES = {
    # what the server breaks -> (test, rule) the refusal must name
    "content-type": ("json", "Content-Type"),
    "date": ("plaintext", "Date header"),
    "server": ("db", "Server header"),
    "clamp": ("queries", "clamping"),
    "not-a-number": ("queries", "clamping"),
    "unsorted": ("fortunes", "sorted"),
    "unescaped": ("fortunes", "escaped"),
    "no-added": ("fortunes", "added fortune"),
    "mojibake": ("fortunes", "UTF-8"),
    "no-update": ("updates", "rows changed"),
    "types": ("db", "JSON types"),
}


class TinyPeer(BaseHTTPRequestHandler):
    """TechEmpower's six tests by the rules, unless the server's `broken` says otherwise."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep the test output clean
        pass

    def version_string(self) -> str:
        return "tiny-peer"

    def send_head(self, type_: str, body: bytes) -> None:
        broken = self.server.broken
        self.send_response_only(200)
        if broken != "server":
            self.send_header("Server", "tiny-peer")
        if broken != "date":
            self.send_header("Date", formatdate(usegmt=True))
        if broken == "content-type" and type_ == "application/json":
            type_ = "text/json"
        self.send_header("Content-Type", type_)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def count(self, query: dict) -> int:
        text = query.get("queries", [""])[0]
        broken = self.server.broken
        try:
            number = int(text)
        except ValueError:
            return 7 if broken == "not-a-number" else 1
        return number if broken == "clamp" else min(max(number, 1), 500)

    def world(self, db: sqlite3.Connection) -> dict:
        id_ = random.randint(1, 10000)
        number = db.execute("SELECT randomNumber FROM World WHERE id = ?", (id_,)).fetchone()[0]
        if self.server.broken == "types":
            return {"id": str(id_), "randomNumber": number}
        return {"id": id_, "randomNumber": number}

    def do_GET(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        broken = self.server.broken
        db = sqlite3.connect(self.server.database, isolation_level=None)
        try:
            if url.path == "/plaintext":
                return self.send_head("text/plain", b"Hello, World!")
            if url.path == "/json":
                return self.send_head("application/json", b'{"message": "Hello, World!"}')
            if url.path == "/db":
                return self.send_head("application/json", json.dumps(self.world(db)).encode())
            if url.path in ("/queries", "/updates"):
                rows = [self.world(db) for _ in range(self.count(query))]
                if url.path == "/updates":
                    for row in rows:
                        row["randomNumber"] = random.randint(1, 10000)
                    if broken != "no-update":
                        db.executemany("UPDATE World SET randomNumber = ? WHERE id = ?",
                                       [(r["randomNumber"], r["id"]) for r in rows])
                return self.send_head("application/json", json.dumps(rows).encode())
            if url.path == "/fortunes":
                rows = db.execute("SELECT id, message FROM Fortune").fetchall()
                if broken != "no-added":
                    rows.append((0, ADDED))
                rows.sort(key=lambda row: row[1], reverse=broken == "unsorted")
                escape = (lambda text: text) if broken == "unescaped" else html.escape
                cells = "".join(f"<tr><td>{i}</td><td>{escape(m)}</td></tr>" for i, m in rows)
                page = ("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
                        f"<tr><th>id</th><th>message</th></tr>{cells}</table></body></html>")
                body = page.encode("utf-8")
                if broken == "mojibake":
                    body = page.encode("utf-8").decode("latin-1").encode("utf-8")
                return self.send_head("text/html; charset=utf-8", body)
            self.send_error(404)
        finally:
            db.close()


ADDED = check.ADDED_FORTUNE


class Tiny:
    """A TinyPeer server on port 0 over its own SQLite file."""

    def __init__(self, folder: Path, broken: str | None = None):
        self.database = folder / f"tiny-{broken or 'good'}.sqlite"
        create_schema(self.database)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), TinyPeer)
        self.server.daemon_threads = True
        self.server.broken = broken
        self.server.database = self.database
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Tiny":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def port(self) -> int:
        return self.server.server_address[1]


TESTS = ["plaintext", "json", "db", "queries", "fortunes", "updates"]


class CheckerTest(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="peers-test-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)

    def test_a_peer_that_keeps_every_rule_passes(self):
        with Tiny(self.folder) as peer:
            self.assertEqual([str(f) for f in check.check(peer.port, TESTS, peer.database)], [])

    def test_each_broken_rule_is_named_in_the_refusal(self):
        for broken, (test, rule) in BROKEN_RULES.items():
            with self.subTest(broken=broken), Tiny(self.folder, broken) as peer:
                failures = check.check(peer.port, TESTS, peer.database)
                named = {(f.test, f.rule) for f in failures}
                self.assertIn((test, rule), named, f"breaking {broken}: {[str(f) for f in failures]}")
                self.assertTrue(all(f.why for f in failures))

    def test_a_server_that_does_not_pipeline_fails_only_the_pipelined_test(self):
        # http.server answers one request per read: 16 pipelined come back as fewer.
        with Tiny(self.folder) as peer:
            failures = check.check(peer.port, ["pipelined"], peer.database)
        self.assertTrue(all(f.test == "pipelined" for f in failures))

    def test_nothing_listening_is_a_failure_not_a_crash(self):
        with Tiny(self.folder) as peer:
            port = peer.port
        failures = check.check(port, ["plaintext"], None)
        self.assertEqual([(f.test, f.rule) for f in failures], [("plaintext", "answers")])


def measure(rate: float, p99: float = 1.0) -> load.Measure:
    return load.Measure(rate, p99, p99 / 2, 0, 0)


class ReportTest(unittest.TestCase):
    RESULTS = {
        "minifw": {"plaintext": measure(90_000, 5), "json": measure(80_000), "db": measure(30_000),
                   "fortunes": measure(20_000)},
        "asio": {"plaintext": measure(100_000, 2), "json": measure(95_000)},
        "django": {"plaintext": measure(2_000), "db": measure(1_500), "fortunes": measure(1_000)},
        "express": {"db": measure(4_000), "fortunes": measure(2_500)},
    }
    PEERS = ["minifw", "asio", "django", "express"]

    def test_the_svg_is_well_formed_with_a_bar_per_measured_value(self):
        text = report.svg(self.RESULTS, self.PEERS, ["plaintext", "json", "db", "fortunes"], "a & b")
        tree = ElementTree.fromstring(text.encode())
        namespace = "{http://www.w3.org/2000/svg}"
        bars = [r for r in tree.iter(f"{namespace}rect") if r.find(f"{namespace}title") is not None]
        self.assertEqual(len(bars), sum(len(tests) for tests in self.RESULTS.values()))
        widths = {r.find(f"{namespace}title").text.split(":")[0]: float(r.get("width")) for r in bars}
        self.assertGreater(widths["asio, plaintext"], widths["django, plaintext"])

    def test_the_table_shows_a_dash_where_a_peer_has_no_test_and_the_ratios(self):
        text = report.table(self.RESULTS, self.PEERS, ["plaintext", "db"])
        self.assertIn("| express | - | - | - | - | - |", text)
        self.assertIn("| minifw | 90,000 | 5.00 ms | 0.90x | 45.00x | - |", text)
        self.assertIn("| minifw | 30,000 | 1.00 ms | - | 20.00x | 7.50x |", text)

    def test_the_targets_say_which_hold(self):
        found = {t.name: t.holds for t in report.targets(self.RESULTS, {})}
        self.assertTrue(found["plaintext >= 0.9x the bare Asio loop"])
        self.assertFalse(found["json >= 0.9x the bare Asio loop"])
        self.assertFalse(found["db >= 10x Express"])
        self.assertTrue(found["db >= 10x Django"])
        self.assertFalse(found["p99 latency on plaintext <= 2x the bare Asio loop's"])
        self.assertIsNone(found["<= 16 KiB per idle keep-alive connection, 10,000 open"])

    def test_wrk_scripts_result_line_is_read(self):
        line = ("Running 1s test\npeers-result requests=5000 duration_us=2000000 p50_us=900 "
                "p99_us=2500 connect=0 read=1 write=0 status=3 timeout=0\n")
        result = load.parse_wrk(line)
        self.assertEqual((result.requests_per_second, result.p99_ms, result.errors, result.non_2xx),
                         (2500.0, 2.5, 1, 3))


class PackageListTest(unittest.TestCase):
    def test_every_peer_need_has_a_reason_and_the_course_list_does_not_grow(self):
        from course import packages

        needs = packages.read_needs(TOOLS / "packages-peers.txt")
        self.assertTrue(needs)
        self.assertTrue(all(need.why for need in needs), [str(n) for n in needs if not n.why])
        course = set(packages.read_list(TOOLS / "packages-debian.txt"))
        self.assertFalse(course & {a.name for need in needs for a in need.alternatives})


@unittest.skipIf(SLOW, "MINIFW_SKIP_SLOW_TESTS=1")
class EndToEndTest(unittest.TestCase):
    def test_check_on_the_peers_installed_here(self):
        build = ROOT / "build" / "release"
        node_modules = ROOT / "build" / "peers-node" / "node_modules"
        present = [p.name for p in PEERS if why_absent(p, build, node_modules) is None]
        if not present:
            self.skipTest("no peer is installed and built here (./course bench --peers installs them)")
        folder = tempfile.mkdtemp(prefix="peers-e2e-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        done = subprocess.run([str(ROOT / "course"), "bench", "--peers", "--check", "--no-install",
                               "--no-build", "--only", ",".join(present), "--out", folder],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        for name in present:
            self.assertIn(f"{name}: every rule holds", done.stdout)


if __name__ == "__main__":
    unittest.main()
