"""Stage 06's example server, run as a learner runs it and asked with curl.

GET /greet?name=X must carry X into the page escaped for each place it lands
(text, an attribute value, a link's query, a script), answer JSON to a client
that prefers it, 406 to one that takes neither, and errors as problem+json.
The helpers (build, start on port 0, curl) are those of test_examples.py.
Set MINIFW_SKIP_SLOW_TESTS=1 to skip.
"""

from __future__ import annotations

import json
import shutil
import unittest

from test_examples import SLOW, Server, curl

ATTACK = "\"><script>alert(1)</script>' onmouseover=x"
ATTACK_QUERY = "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%27%20onmouseover%3Dx"


def split(response: str) -> tuple[str, str]:
    """The head and the body of a curl -i answer."""
    head, _, body = response.partition("\r\n\r\n")
    return head, body


@unittest.skipIf(SLOW or shutil.which("curl") is None, "slow: builds and runs the example")
class GreetExample(unittest.TestCase):
    def test_the_page_escapes_the_name_wherever_it_lands(self):
        with Server("example_06_greet") as server:
            head, body = split(curl(f"{server.url}/greet?name={ATTACK_QUERY}"))
        self.assertIn("HTTP/1.1 200", head)
        self.assertIn("Content-Type: text/html; charset=utf-8", head)
        self.assertIn("Vary: Accept", head)
        self.assertNotIn("<script>alert(1)", body)
        page = body.split("<script>")[0]  # the HTML; the script holds a JSON string
        self.assertNotIn("' onmouseover", page)
        # In text and in the attribute value: entities.
        self.assertIn("Hello, &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39; onmouseover=x!",
                      body)
        self.assertIn('value="&quot;&gt;&lt;script&gt;', body)
        # In the link's query: percent-encoded.
        self.assertIn('href="/greet?name=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%27%20'
                      'onmouseover%3Dx"', body)
        # In the script: a JSON string that cannot close the element.
        self.assertEqual(body.count("</script>"), 1, "only the template's own </script>")
        self.assertIn("\\u003c/script\\u003e", body)

    def test_a_client_that_prefers_json_gets_the_same_data(self):
        with Server("example_06_greet") as server:
            head, body = split(curl("-H", "Accept: text/html;q=0.5, application/json",
                                    f"{server.url}/greet?name=Ada"))
            absent_head, absent_body = split(curl(f"{server.url}/greet"))
        self.assertIn("HTTP/1.1 200", head)
        self.assertIn("Content-Type: application/json", head)
        self.assertIn("Vary: Accept", head)
        self.assertEqual(json.loads(body), {"name": "Ada", "greeting": "Hello, Ada!"})
        self.assertIn("HTTP/1.1 200", absent_head)
        self.assertIn("Hello, stranger!", absent_body)

    def test_nothing_acceptable_is_406_and_errors_are_problems(self):
        with Server("example_06_greet") as server:
            refused_head, refused_body = split(curl("-H", "Accept: image/png",
                                                    f"{server.url}/greet?name=Ada"))
            bad_head, bad_body = split(curl("-X", "POST", "-H", "Content-Type: application/json",
                                            "-d", '{"name": 7}', f"{server.url}/greet"))
            broken_head, broken_body = split(curl("-X", "POST", "-H",
                                                  "Content-Type: application/json",
                                                  "-d", '{"name": ', f"{server.url}/greet"))
            posted_head, posted_body = split(curl("-X", "POST", "-H", "Accept: application/json",
                                                  "-H", "Content-Type: application/json",
                                                  "-d", '{"name": "Bo"}', f"{server.url}/greet"))
            missing_head, missing_body = split(curl(f"{server.url}/nowhere"))
        self.assertIn("HTTP/1.1 406", refused_head)
        self.assertIn("Vary: Accept", refused_head)
        self.assertIn("text/html; charset=utf-8, application/json", refused_body)

        self.assertIn("HTTP/1.1 422", bad_head)
        self.assertIn("Content-Type: application/problem+json", bad_head)
        problem = json.loads(bad_body)
        self.assertEqual(problem["status"], 422)
        self.assertEqual(problem["errors"],
                         [{"pointer": "/name", "detail": "expected a string, got an integer"}])

        self.assertIn("HTTP/1.1 400", broken_head)
        self.assertIn("line 1, column", json.loads(broken_body)["detail"])

        self.assertIn("HTTP/1.1 200", posted_head)
        self.assertEqual(json.loads(posted_body), {"name": "Bo", "greeting": "Hello, Bo!"})

        self.assertIn("HTTP/1.1 404", missing_head)
        self.assertEqual(json.loads(missing_body)["title"], "Not Found")


if __name__ == "__main__":
    unittest.main()
