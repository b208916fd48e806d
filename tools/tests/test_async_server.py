"""The async server of stage 08, run as a user runs it and pushed as an attacker would.

Each test starts lessons/08-async/examples/async_server.cpp (the reference
track's build) on port 0 and checks one promise of the chapter from the
outside: a thousand clients dribbling a head a byte a second do not keep a
fresh client waiting and are closed at the head deadline; ten thousand idle
connections are held; SIGTERM in the middle of a wrk run cuts no request
that had started; pipelined responses come back in order.

They need the course's toolchain, curl and wrk; set MINIFW_SKIP_SLOW_TESTS=1
to skip them.
"""

from __future__ import annotations

import resource
import shutil
import signal
import socket
import subprocess
import threading
import time
import unittest

from test_examples import SLOW, build, curl

HEAD_DEADLINE = 10.0  # seconds: Deadlines::head's default


def raise_descriptor_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(needed, soft)), hard))
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < needed:
        raise unittest.SkipTest(f"needs {needed} descriptors; the hard limit is {hard}")


class AsyncServer:
    """example_08_async_server on port 0; its stderr is kept for the end."""

    def __init__(self, *args: str):
        self.binary = build("example_08_async_server")
        self.args = args

    def __enter__(self) -> "AsyncServer":
        self.process = subprocess.Popen([str(self.binary), "--port", "0", *self.args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on http://"):
            self.process.kill()
            raise AssertionError(f"the async server printed {line!r} instead of its address")
        self.url = line.split()[2]
        self.port = int(self.url.rsplit(":", 1)[1])
        return self

    def stop(self, timeout: float = 30) -> tuple[int, str]:
        """SIGTERM, then its exit code and what it wrote to stderr."""
        self.process.send_signal(signal.SIGTERM)
        _, errors = self.process.communicate(timeout=timeout)
        return self.process.returncode, errors

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate(timeout=10)

    def resident_kib(self) -> int:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError("no VmRSS")


def connect(port: int) -> socket.socket:
    client = socket.create_connection(("127.0.0.1", port), timeout=30)
    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return client


def exchange(client: socket.socket, request: bytes) -> bytes:
    """Sends one keep-alive request and reads its whole response (Content-Length)."""
    client.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        piece = client.recv(65536)
        if not piece:
            raise AssertionError(f"closed after {data!r}")
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:")))
    while len(body) < length:
        body += client.recv(65536)
    return head + b"\r\n\r\n" + body


@unittest.skipIf(SLOW or shutil.which("curl") is None, "slow: builds and runs the async server")
class AsyncServerUnderLoad(unittest.TestCase):
    def test_the_example_answers_curl_and_exits_0_on_sigterm(self):
        with AsyncServer("--threads", "2") as server:
            self.assertTrue(curl(server.url + "/plaintext").endswith("\r\n\r\nHello, World!"))
            self.assertIn('{"message":"Hello, World!"}', curl(server.url + "/json"))
            self.assertTrue(curl(server.url + "/admin").startswith("HTTP/1.1 401 "))
            self.assertTrue(curl(server.url + "/boom").startswith("HTTP/1.1 500 "))
            # A handler that waits does not hold anybody else up.
            waiting = subprocess.Popen(["curl", "-s", server.url + "/wait?ms=3000"],
                                       stdout=subprocess.PIPE, text=True)
            started = time.monotonic()
            self.assertTrue(curl(server.url + "/plaintext").endswith("Hello, World!"))
            self.assertLess(time.monotonic() - started, 2.5,
                            "/plaintext waited for /wait: the loop was blocked")
            self.assertIn("without blocking", waiting.communicate(timeout=30)[0])
            code, errors = server.stop()
            self.assertEqual(code, 0, errors)
            self.assertIn("0 requests cut", errors)

    def test_a_thousand_slow_heads_neither_block_a_fresh_client_nor_outlive_the_deadline(self):
        raise_descriptor_limit(1200)
        with AsyncServer() as server:
            dribblers = [connect(server.port) for _ in range(1000)]
            head = b"GET /plaintext HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"y" * 64
            opened = time.monotonic()
            closed_at: dict[int, float] = {}
            fresh_answered = None
            sent = 0
            while len(closed_at) < len(dribblers) and time.monotonic() - opened < 40:
                for i, client in enumerate(dribblers):  # one byte each, once a second
                    if i in closed_at:
                        continue
                    try:
                        client.send(head[sent % len(head):][:1])
                    except OSError:
                        closed_at[i] = time.monotonic() - opened
                sent += 1
                if sent == 2:  # dribblers everywhere: a fresh client is served at once
                    started = time.monotonic()
                    reply = curl("--max-time", "5", server.url + "/plaintext")
                    fresh_answered = time.monotonic() - started
                    self.assertTrue(reply.endswith("Hello, World!"), reply)
                time.sleep(1)
            for client in dribblers:
                client.close()
            self.assertIsNotNone(fresh_answered)
            self.assertLess(fresh_answered, 5)
            self.assertEqual(len(closed_at), 1000, "some dribblers were never closed")
            # The head deadline counts from the first byte: none survives it by
            # much, none is cut long before it.
            self.assertGreater(min(closed_at.values()), HEAD_DEADLINE - 1)
            self.assertLess(max(closed_at.values()), HEAD_DEADLINE + 20)

    def test_ten_thousand_idle_connections_are_held(self):
        raise_descriptor_limit(10_500)
        with AsyncServer("--max-connections", "20000") as server:
            before = server.resident_kib()
            clients = []
            for _ in range(10_000):
                client = connect(server.port)
                reply = exchange(client, b"GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n")
                self.assertTrue(reply.endswith(b"Hello, World!"), reply)
                clients.append(client)
            held = server.resident_kib() - before
            # Every one of them is still open and served on its own connection.
            for client in clients[::500]:
                reply = exchange(client, b"GET /json HTTP/1.1\r\nHost: x\r\n\r\n")
                self.assertIn(b"Hello, World!", reply)
            print(f"\n    10,000 idle connections: {held / 10_000:.1f} KiB each "
                  f"(an ASan build; see chapter 08's Measured)")
            for client in clients:
                client.close()

    @unittest.skipIf(shutil.which("wrk") is None, "needs wrk (Debian's package wrk)")
    def test_sigterm_during_a_wrk_run_cuts_no_request_that_had_started(self):
        with AsyncServer("--threads", "2") as server:
            load = subprocess.Popen(["wrk", "-t2", "-c32", "-d8s", server.url + "/plaintext"],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            slow = {}
            waiter = threading.Thread(target=lambda: slow.update(
                reply=curl("--max-time", "30", server.url + "/wait?ms=2000")))
            time.sleep(1.5)  # let wrk get going; then a request that takes 2 s
            waiter.start()
            time.sleep(0.5)
            code, errors = server.stop()
            waiter.join(timeout=30)
            report = load.communicate(timeout=60)[0]
            self.assertEqual(code, 0, errors)
            self.assertIn("stopped; 0 requests cut", errors)
            self.assertNotIn("Non-2xx", report, report)
            self.assertIn("requests in", report, report)
            # The request in flight when SIGTERM came was answered, and told
            # that the connection ends there.
            self.assertTrue(slow["reply"].startswith("HTTP/1.1 200 OK\r\n"), slow["reply"])
            self.assertIn("\r\nConnection: close\r\n", slow["reply"])

    def test_pipelined_responses_come_back_in_order(self):
        with AsyncServer() as server:
            client = connect(server.port)
            paths = ["/plaintext", "/json", "/admin", "/"] * 25
            client.sendall(b"".join(f"GET {p} HTTP/1.1\r\nHost: x\r\n\r\n".encode() for p in paths)
                           + b"GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while piece := client.recv(65536):
                data += piece
            client.close()
            bodies = []
            while data:
                head, _, rest = data.partition(b"\r\n\r\n")
                length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                                  if line.lower().startswith(b"content-length:")))
                bodies.append((head.split(b" ")[1], rest[:length]))
                data = rest[length:]
            expected_start = {"/plaintext": b"Hello, World!", "/json": b'{"message"',
                              "/admin": b"Send an Authorization", "/": b"Hello through"}
            self.assertEqual(len(bodies), len(paths) + 1)
            for path, (status, body) in zip(paths, bodies):
                self.assertEqual(status, b"401" if path == "/admin" else b"200", path)
                self.assertTrue(body.startswith(expected_start[path]), (path, body))

if __name__ == "__main__":
    unittest.main()
