"""Stage 07's example API, run as a learner runs it and asked with curl.

The server makes its SQLite file on first start and runs its migrations
on every start; the tests create, list (filtered and paginated), change
and delete posts, check that every error is an RFC 9457 problem+json that
names what is wrong, that a value shaped like SQL stays a value, that a
write lock held elsewhere is a 503 after the busy timeout (5 s) while reads
go on, and that the posts outlive a restart without a migration applied
twice. The helpers
(build, start on port 0, curl) are those of test_examples.py. Set
MINIFW_SKIP_SLOW_TESTS=1 to skip.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import unittest
from pathlib import Path
from urllib.parse import quote

from test_examples import SLOW, Server, curl

JSON = "Content-Type: application/json"


def split(response: str) -> tuple[str, str]:
    """The head and the body of a curl -i answer."""
    head, _, body = response.partition("\r\n\r\n")
    return head, body


def post(url: str, document: object) -> tuple[str, dict]:
    """POST a JSON document; the head and the parsed body."""
    head, body = split(curl("-H", JSON, "--data", json.dumps(document), url))
    return head, json.loads(body)


def problem(response: str, status: int) -> dict:
    """The problem+json body of a response that must have `status`."""
    head, body = split(response)
    assert head.startswith(f"HTTP/1.1 {status} "), head
    assert "\r\nContent-Type: application/problem+json" in head, head
    document = json.loads(body)
    assert document["status"] == status, document
    return document


@unittest.skipIf(SLOW or shutil.which("curl") is None, "slow: builds and runs the example")
class OrmExample(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory(prefix="minifw-api-")
        self.db = str(Path(self.folder.name) / "posts.db")

    def tearDown(self):
        self.folder.cleanup()

    def test_create_list_filter_paginate_update_and_delete(self):
        with Server("example_07_api", "--db", self.db) as server:
            posts = server.url + "/posts"
            head, made = post(posts, {"title": "Hello", "author": "ada"})
            self.assertTrue(head.startswith("HTTP/1.1 201 "), head)
            self.assertIn(f"\r\nLocation: /posts/{made['id']}", head)
            self.assertEqual(made, {"id": 1, "title": "Hello", "body": "", "author": "ada",
                                    "published": False})
            for i in range(2, 6):
                post(posts, {"title": f"Post {i}", "author": "ada" if i % 2 else "linus",
                             "body": "about the ORM" if i == 4 else ""})

            head, body = split(curl(posts + "?author=ada&per_page=2&page=2"))
            self.assertIn("\r\nContent-Type: application/json", head)
            page = json.loads(body)
            self.assertEqual((page["total"], page["page"], page["per_page"]), (3, 2, 2))
            self.assertEqual([p["id"] for p in page["items"]], [1], "newest first, page 2 of 2")
            found = json.loads(split(curl(posts + "?q=orm"))[1])
            self.assertEqual([p["id"] for p in found["items"]], [4])

            head, changed = split(curl("-X", "PATCH", "-H", JSON, "--data",
                                       '{"published": true}', posts + "/1"))
            self.assertTrue(head.startswith("HTTP/1.1 200 "), head)
            self.assertTrue(json.loads(changed)["published"])
            published = json.loads(split(curl(posts + "?published=true"))[1])
            self.assertEqual([p["id"] for p in published["items"]], [1])

            self.assertTrue(curl("-X", "DELETE", posts + "/1").startswith("HTTP/1.1 204 "))
            gone = problem(curl(posts + "/1"), 404)
            self.assertIn("no post 1", gone["detail"])

    def test_errors_are_problems_that_name_the_field(self):
        with Server("example_07_api", "--db", self.db) as server:
            posts = server.url + "/posts"
            wrong = problem(curl("-H", JSON, "--data", '{"title": 5, "author": "x"}', posts), 422)
            self.assertEqual(wrong["errors"][0]["pointer"], "/title")
            unknown = problem(curl("-H", JSON, "--data", '{"title": "t", "author": "a", "x": 1}',
                                   posts), 422)
            self.assertEqual(unknown["errors"][0]["pointer"], "/x")
            problem(curl("-H", JSON, "--data", '{"title": ', posts), 400)
            problem(curl("--data", "title=t", posts), 415)
            paging = problem(curl(posts + "?per_page=1000"), 400)
            self.assertEqual(paging["errors"][0]["parameter"], "per_page")
            refused = problem(curl("-X", "PUT", posts + "/1"), 405)
            self.assertEqual(refused["title"], "Method Not Allowed")

    def test_values_shaped_like_sql_stay_values(self):
        attack = "x' OR 1=1; DROP TABLE posts; --"
        with Server("example_07_api", "--db", self.db) as server:
            posts = server.url + "/posts"
            post(posts, {"title": "kept", "author": "ada"})
            _, made = post(posts, {"title": attack, "author": attack})
            self.assertEqual(made["title"], attack)
            listed = json.loads(split(curl(posts + "?author=" + quote(attack)))[1])
            self.assertEqual([p["id"] for p in listed["items"]], [made["id"]])
            nobody = json.loads(split(curl(posts + "?author=" + quote("' OR '1'='1")))[1])
            self.assertEqual(nobody["total"], 0)
            everything = json.loads(split(curl(posts))[1])
            self.assertEqual(everything["total"], 2)

    def test_a_held_write_lock_is_a_503_to_retry_while_reads_go_on(self):
        with Server("example_07_api", "--db", self.db) as server:
            posts = server.url + "/posts"
            post(posts, {"title": "before the lock", "author": "ada"})
            holder = sqlite3.connect(self.db, isolation_level=None)
            try:
                holder.execute("BEGIN IMMEDIATE")  # the write lock, until ROLLBACK
                listed = json.loads(split(curl(posts))[1])
                self.assertEqual(listed["total"], 1, "WAL: a read does not wait for the writer")
                refused = curl("-H", JSON, "--data", '{"title": "t", "author": "a"}', posts)
                self.assertIn("\r\nRetry-After: 1\r\n", refused)
                problem(refused, 503)
            finally:
                holder.execute("ROLLBACK")
                holder.close()
            head, _ = post(posts, {"title": "after the lock", "author": "ada"})
            self.assertTrue(head.startswith("HTTP/1.1 201 "), head)

    def test_the_file_outlives_a_restart_and_migrates_once(self):
        with Server("example_07_api", "--db", self.db) as server:
            post(server.url + "/posts", {"title": "before the restart", "author": "ada"})
        with Server("example_07_api", "--db", self.db) as server:
            listed = json.loads(split(curl(server.url + "/posts"))[1])
            self.assertEqual([p["title"] for p in listed["items"]], ["before the restart"])
        with sqlite3.connect(self.db) as db:
            versions = [row[0] for row in db.execute("SELECT version FROM minifw_migrations")]
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        self.assertEqual(versions, [1, 2])
        self.assertEqual(mode, "wal")


if __name__ == "__main__":
    unittest.main()
