"""Stage 09's TechEmpower app, run as `./course bench --peers` runs it, and
held to the rules of TechEmpower's six tests: the fields every answer
carries, the exact content types, `queries` clamped to 1..500 with anything
not a number read as 1, rows in range, the fortunes page with the added
fortune, sorted and escaped, updates that reach the file, and a database
made once on the first start. The helpers (build, start on port 0, curl)
are those of test_examples.py. Set MINIFW_SKIP_SLOW_TESTS=1 to skip.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sqlite3
import subprocess
import tempfile
import unittest
from email.utils import parsedate_to_datetime
from pathlib import Path

from test_examples import SLOW, Server, build, curl

TARGET = "example_09_techempower"


def answer(url: str) -> tuple[str, dict[str, str], bytes]:
    """The status line, the fields (names lowercased) and the body bytes."""
    done = subprocess.run(["curl", "-s", "-i", "--max-time", "30", url],
                          capture_output=True, timeout=60, check=True)
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return lines[0], fields, body


def rows_of(document: object) -> list[dict]:
    """A /queries or /updates answer: a list of {"id", "randomNumber"} objects."""
    assert isinstance(document, list), document
    for row in document:
        assert set(row) == {"id", "randomNumber"}, row
        assert all(type(row[k]) is int and 1 <= row[k] <= 10_000 for k in row), row
    return document


@unittest.skipIf(SLOW or shutil.which("curl") is None, "slow: builds and runs the example")
class TechEmpowerApp(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory(prefix="minifw-techempower-")
        self.db = str(Path(self.folder.name) / "hello.db")

    def tearDown(self):
        self.folder.cleanup()

    def checked(self, url: str, content_type: str) -> bytes:
        """The body of a 200 with Server, a valid Date, the exact Content-Type
        and a Content-Length that is the body's."""
        status, fields, body = answer(url)
        self.assertEqual(status, "HTTP/1.1 200 OK", url)
        self.assertEqual(fields.get("content-type"), content_type, url)
        self.assertEqual(fields.get("server"), "minifw", url)
        self.assertIsNotNone(parsedate_to_datetime(fields["date"]), url)
        self.assertEqual(int(fields["content-length"]), len(body), url)
        return body

    def test_plaintext_json_and_db_carry_the_fields_the_rules_ask_for(self):
        with Server(TARGET, "--db", self.db, "--threads", "2") as server:
            self.assertEqual(self.checked(server.url + "/plaintext", "text/plain"),
                             b"Hello, World!")
            self.assertEqual(json.loads(self.checked(server.url + "/json", "application/json")),
                             {"message": "Hello, World!"})
            row = json.loads(self.checked(server.url + "/db", "application/json"))
            self.assertEqual(rows_of([row]), [row])

    def test_queries_are_clamped_and_anything_not_a_number_is_one(self):
        with Server(TARGET, "--db", self.db) as server:
            for given, count in [("", 1), ("?queries=", 1), ("?queries=abc", 1),
                                 ("?queries=0", 1), ("?queries=-5", 1), ("?queries=7", 7),
                                 ("?queries=20", 20), ("?queries=501", 500),
                                 ("?queries=100000", 500), ("?queries=2x", 1)]:
                for test in ("/queries", "/updates"):
                    body = self.checked(server.url + test + given, "application/json")
                    self.assertEqual(len(rows_of(json.loads(body))), count, test + given)

    def test_fortunes_holds_the_added_one_sorted_and_escaped(self):
        with Server(TARGET, "--db", self.db) as server:
            page = self.checked(server.url + "/fortunes",
                                "text/html; charset=utf-8").decode("utf-8")
        self.assertTrue(page.startswith("<!DOCTYPE html>"), page[:40])
        rows = re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", page)
        self.assertEqual(len(rows), 13, page)
        messages = [html.unescape(message) for _, message in rows]
        self.assertEqual(messages, sorted(messages), "sorted by message")
        self.assertIn(("0", "Additional fortune added at request time."), rows)
        self.assertIn("&lt;script&gt;alert(&quot;This should not be displayed", page)
        self.assertNotIn("<script>", page)
        self.assertIn("フレームワークのベンチマーク", messages)

    def test_updates_reach_the_file_and_the_first_start_makes_it_once(self):
        with Server(TARGET, "--db", self.db) as server:
            updated = rows_of(json.loads(curl(server.url + "/updates?queries=5")
                                         .partition("\r\n\r\n")[2]))
        written = {row["id"]: row["randomNumber"] for row in updated}  # a repeated id: the last
        with sqlite3.connect(self.db) as db:
            for key, number in written.items():
                stored = db.execute("SELECT randomNumber FROM World WHERE id = ?",
                                    (key,)).fetchone()
                self.assertEqual(stored[0], number, key)
        with Server(TARGET, "--db", self.db) as server:  # the second start
            self.assertIn("HTTP/1.1 200 OK", curl(server.url + "/db"))
        with sqlite3.connect(self.db) as db:
            counts = [db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                      for table in ("World", "Fortune")]
            self.assertEqual(counts, [10_000, 12])
            self.assertEqual(db.execute("PRAGMA journal_mode").fetchone()[0], "wal")

    def test_without_a_database_path_it_says_how_to_run_it(self):
        done = subprocess.run([str(build(TARGET)), "--port", "0"], capture_output=True,
                              text=True, timeout=60)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--db PATH", done.stderr)


if __name__ == "__main__":
    unittest.main()
