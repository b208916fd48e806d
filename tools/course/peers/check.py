"""TechEmpower's rules, checked on a running peer before it is measured.

Each rule that fails becomes one Failure naming the test, the rule and what
was wrong, so a refusal reads "fortunes: sorted: ...". The rules follow
TechEmpower's verifier: status 200; Server and Date headers; a body length
(Content-Length or chunked); the exact Content-Type of each test; the JSON
shapes and types; queries clamped to 1..500 with anything not a number read
as 1; the fortunes page with 13 rows, the added one among them, sorted by
message, escaped, UTF-8 intact; updates that really change the rows.
"""

from __future__ import annotations

import email.utils
import html.parser
import http.client
import json
import re
import socket
import sqlite3
from dataclasses import dataclass
from pathlib import Path

TESTS = ("plaintext", "pipelined", "json", "db", "queries", "fortunes", "updates")
ADDED_FORTUNE = "Additional fortune added at request time."

# The Content-Type values TechEmpower's verifier accepts, by test.
CONTENT_TYPES = {
    "plaintext": re.compile(r"^text/plain(; ?charset=utf-8)?$", re.I),
    "json": re.compile(r"^application/json(; ?charset=utf-8)?$", re.I),
    "html": re.compile(r"^text/html; ?charset=utf-8$", re.I),
}


@dataclass(frozen=True)
class Failure:
    """One broken rule: the test, the rule's name, and what the peer did instead."""

    test: str
    rule: str
    why: str

    def __str__(self) -> str:
        return f"{self.test}: {self.rule}: {self.why}"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def get(port: int, target: str, timeout: float = 10.0) -> Answer:
    """One GET on a fresh connection; header names lower-cased."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", target, headers={"Accept": "*/*"})
        response = connection.getresponse()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, headers, body)
    finally:
        connection.close()


class Checker:
    """Checks one peer on 127.0.0.1:port against the SQLite file the app made."""

    def __init__(self, port: int, database: Path | None):
        self.port = port
        self.database = database
        self.failures: list[Failure] = []

    def fail(self, test: str, rule: str, why: str) -> None:
        self.failures.append(Failure(test, rule, why))

    # -- the common rules -------------------------------------------------
    def fetch(self, test: str, target: str, kind: str) -> Answer | None:
        try:
            answer = get(self.port, target)
        except (OSError, http.client.HTTPException) as error:
            self.fail(test, "answers", f"GET {target} failed: {error}")
            return None
        if answer.status != 200:
            self.fail(test, "status", f"GET {target} answered {answer.status}, not 200")
            return None
        if not answer.headers.get("server"):
            self.fail(test, "Server header", f"GET {target} sent no Server header")
        date = answer.headers.get("date")
        if not date:
            self.fail(test, "Date header", f"GET {target} sent no Date header")
        else:
            try:
                email.utils.parsedate_to_datetime(date)
            except (TypeError, ValueError):
                self.fail(test, "Date header", f"GET {target}: Date {date!r} is not an HTTP date")
        length = answer.headers.get("content-length")
        chunked = "chunked" in answer.headers.get("transfer-encoding", "").lower()
        if length is None and not chunked:
            self.fail(test, "body length",
                      f"GET {target} sent neither Content-Length nor Transfer-Encoding: chunked")
        elif length is not None and length.strip() != str(len(answer.body)):
            self.fail(test, "body length",
                      f"GET {target}: Content-Length {length} but the body has {len(answer.body)} bytes")
        content_type = answer.headers.get("content-type", "")
        if not CONTENT_TYPES[kind].match(content_type):
            self.fail(test, "Content-Type", f"GET {target} sent Content-Type {content_type!r}; "
                      f"TechEmpower wants {CONTENT_TYPES[kind].pattern}")
        return answer

    def fetch_json(self, test: str, target: str):
        answer = self.fetch(test, target, "json")
        if answer is None:
            return None
        try:
            return json.loads(answer.body)
        except ValueError as error:
            self.fail(test, "JSON", f"GET {target}: the body is not JSON ({error}): {answer.body[:80]!r}")
            return None

    def world_shape(self, test: str, target: str, value) -> bool:
        """A World row: {"id": 1..10000, "randomNumber": 1..10000}, both integers."""
        if not isinstance(value, dict) or set(value) != {"id", "randomNumber"}:
            self.fail(test, "JSON shape",
                      f"GET {target}: wanted an object with id and randomNumber, got {value!r:.80}")
            return False
        for key in ("id", "randomNumber"):
            number = value[key]
            if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 10000:
                self.fail(test, "JSON types",
                          f"GET {target}: {key} is {number!r}, not an integer in 1..10000")
                return False
        return True

    # -- the tests --------------------------------------------------------
    def plaintext(self) -> None:
        answer = self.fetch("plaintext", "/plaintext", "plaintext")
        if answer is not None and answer.body != b"Hello, World!":
            self.fail("plaintext", "body", f"wanted b'Hello, World!', got {answer.body[:80]!r}")

    def pipelined(self) -> None:
        """16 requests in one write; 16 answers, in order, on the one connection."""
        request = b"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
                sock.sendall(request * 16)
                data = b""
                while data.count(b"Hello, World!") < 16:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        except OSError as error:
            self.fail("pipelined", "answers", f"16 pipelined requests failed: {error}")
            return
        answered = data.count(b"HTTP/1.1 200")
        if answered != 16 or data.count(b"Hello, World!") != 16:
            self.fail("pipelined", "in order",
                      f"16 pipelined requests got {answered} answers of status 200")

    def json(self) -> None:
        value = self.fetch_json("json", "/json")
        if value is not None and value != {"message": "Hello, World!"}:
            self.fail("json", "JSON shape", f'wanted {{"message": "Hello, World!"}}, got {value!r:.80}')

    def db(self) -> None:
        value = self.fetch_json("db", "/db")
        if value is not None:
            self.world_shape("db", "/db", value)

    def queries(self, test: str = "queries") -> list | None:
        """queries=20 gives 20 rows; 0, -5 and "" give 1, 501 gives 500, "foo" gives 1.

        Returns the last answer (of queries=501), which the updates check
        compares with the file: no later request has written over it.
        """
        last = None
        for text, wanted in (("20", 20), ("0", 1), ("-5", 1), ("", 1), ("foo", 1), ("501", 500)):
            target = f"/{test}?queries={text}"
            value = self.fetch_json(test, target)
            if value is None:
                return None
            if not isinstance(value, list):
                self.fail(test, "JSON shape", f"GET {target}: wanted an array, got {value!r:.80}")
                return None
            if len(value) != wanted:
                self.fail(test, "clamping", f"GET {target} answered {len(value)} rows, not {wanted} "
                          "(queries is clamped to 1..500, and anything not a number is 1)")
                return None
            if not all(self.world_shape(test, target, row) for row in value):
                return None
            last = value
        return last

    def fortunes(self) -> None:
        answer = self.fetch("fortunes", "/fortunes", "html")
        if answer is None:
            return
        try:
            text = answer.body.decode("utf-8")
        except UnicodeDecodeError as error:
            self.fail("fortunes", "UTF-8", f"the page is not UTF-8: {error}")
            return
        if "<script>" in text:
            self.fail("fortunes", "escaped", "the page holds a raw <script>: the fortune "
                      "'<script>alert(\"This should not be displayed in a browser alert box.\");</script>' "
                      "was not escaped")
        rows = _table_rows(text)
        wanted = self.stored_fortunes()
        if wanted is not None:
            wanted[0] = ADDED_FORTUNE
        messages = [message for _, message in rows]
        if ADDED_FORTUNE not in messages:
            self.fail("fortunes", "added fortune", f"no row says {ADDED_FORTUNE!r}")
        elif len(rows) != (len(wanted) if wanted is not None else 13):
            self.fail("fortunes", "rows", f"the table has {len(rows)} rows, not the "
                      f"{len(wanted or {}) - 1 or 12} stored and the one added at request time")
            return
        if messages != sorted(messages):
            self.fail("fortunes", "sorted", "the rows are not sorted by message "
                      f"(first out of order: {_first_unsorted(messages)!r})")
        if wanted is not None:
            got = {int(id_) if id_.isdigit() else id_: message for id_, message in rows}
            for id_, message in wanted.items():
                if got.get(id_) != message:
                    rule = "UTF-8" if not message.isascii() else "escaped"
                    self.fail("fortunes", rule, f"fortune {id_} should read {message!r}, "
                              f"the page says {got.get(id_)!r}")
                    break

    def stored_fortunes(self) -> dict[int, str] | None:
        if self.database is None:
            return None
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            return dict(db.execute("SELECT id, message FROM Fortune"))

    def stored_worlds(self) -> dict[int, int] | None:
        if self.database is None:
            return None
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            return dict(db.execute("SELECT id, randomNumber FROM World"))

    def updates(self) -> None:
        before = self.stored_worlds()
        rows = self.queries("updates")
        after = self.stored_worlds()
        if rows is None or before is None or after is None:
            return
        answered: dict[int, set[int]] = {}
        for row in rows:
            answered.setdefault(row["id"], set()).add(row["randomNumber"])
        for id_, numbers in answered.items():
            if after[id_] not in numbers:
                self.fail("updates", "rows changed", f"the answer gave World {id_} randomNumber "
                          f"{sorted(numbers)}, but the file holds {after[id_]}: the update was not written")
                return
        if before == after:
            self.fail("updates", "rows changed", "no row of World changed in the file")

    def run(self, tests: list[str]) -> list[Failure]:
        for test in tests:
            getattr(self, test)()
        return self.failures


class _Rows(html.parser.HTMLParser):
    """The cells of every <tr> that has <td>s (convert_charrefs unescapes the text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td" and self.rows:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _table_rows(text: str) -> list[tuple[str, str]]:
    parser = _Rows()
    parser.feed(text)
    parser.close()
    return [(cells[0].strip(), cells[1]) for cells in parser.rows if len(cells) == 2]


def _first_unsorted(messages: list[str]) -> str:
    for a, b in zip(messages, messages[1:]):
        if b < a:
            return b
    return ""


def check(port: int, tests: list[str], database: Path | None) -> list[Failure]:
    """Every broken rule of these tests on the peer at port (empty: it may be measured)."""
    return Checker(port, database).run(tests)
