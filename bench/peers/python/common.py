"""What the Python peers share: TechEmpower's rules and the SQLite file.

Each worker process opens its own connection to the file the minifw app made
(the path is in MINIFW_PEER_DB); Python's sqlite3 keeps a cache of prepared
statements per connection, so running the same SQL text again reuses the
compiled statement.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading

ADDED_FORTUNE = "Additional fortune added at request time."
_local = threading.local()


def connection() -> sqlite3.Connection:
    """This thread's connection (one per worker, or per thread of a threaded worker)."""
    db = getattr(_local, "db", None)
    if db is None:
        path = os.environ["MINIFW_PEER_DB"]
        db = sqlite3.connect(path, timeout=20, isolation_level=None, check_same_thread=False)
        # As the app's ORM sets it on every connection (the file is in WAL mode).
        db.execute("PRAGMA synchronous = NORMAL")
        _local.db = db
    return db


def queries_count(text: str | None) -> int:
    """TechEmpower's rule: clamp to 1..500, and read anything not a number as 1."""
    try:
        count = int(text or "")
    except ValueError:
        return 1
    return min(max(count, 1), 500)


def random_id() -> int:
    return random.randint(1, 10000)


def world(db: sqlite3.Connection, world_id: int) -> dict:
    row = db.execute("SELECT id, randomNumber FROM World WHERE id = ?", (world_id,)).fetchone()
    return {"id": row[0], "randomNumber": row[1]}


def worlds(count: int) -> list[dict]:
    db = connection()
    return [world(db, random_id()) for _ in range(count)]


def updated_worlds(count: int) -> list[dict]:
    """Read count random rows, give each a new randomNumber, write them in one transaction."""
    db = connection()
    rows = [world(db, random_id()) for _ in range(count)]
    for row in rows:
        row["randomNumber"] = random_id()
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany("UPDATE World SET randomNumber = ? WHERE id = ?",
                       sorted((r["randomNumber"], r["id"]) for r in rows))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return rows


def fortunes() -> list[tuple[int, str]]:
    """Every fortune plus the one added at request time, sorted by message."""
    rows = connection().execute("SELECT id, message FROM Fortune").fetchall()
    rows.append((0, ADDED_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return rows


FORTUNES_TEMPLATE = (
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "{% for id, message in fortunes %}<tr><td>{{ id }}</td><td>{{ message }}</td></tr>{% endfor %}"
    "</table></body></html>"
)
