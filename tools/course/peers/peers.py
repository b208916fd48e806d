"""The peers of ./course bench --peers: what each one is, needs, serves, and how it starts.

Every peer is started by this runner on a free port of 127.0.0.1 with the
same number of threads or worker processes, and those that touch the
database open the one SQLite file the minifw app created.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..metadata import CourseError

ALL_TESTS = ("plaintext", "pipelined", "json", "db", "queries", "fortunes", "updates")
HELLO_TESTS = ("plaintext", "pipelined", "json")
PEERS_LIST = Path("tools") / "packages-peers.txt"
NODE_DIR = Path("bench") / "peers" / "node"
PYTHON_DIR = Path("bench") / "peers" / "python"
NGINX_CONF = Path("bench") / "peers" / "nginx" / "nginx.conf.in"
APP_TARGET = "example_09_techempower"


@dataclass
class Launch:
    """What a peer's command line is made of on one run."""

    root: Path
    build: Path  # build/release
    port: int
    workers: int
    database: Path
    scratch: Path  # this peer's temporary directory
    node_modules: Path


@dataclass(frozen=True)
class Peer:
    """One peer: its name on the command line, the tests it serves, and what it needs."""

    name: str
    title: str
    tests: tuple[str, ...]
    command: Callable[[Launch], list[str]]
    binary: str | None = None  # a CMake target of the release preset
    programs: tuple[str, ...] = ()  # commands that must be on PATH
    modules: tuple[str, ...] = ()  # Python modules that must import
    packages: tuple[str, ...] = ()  # Debian packages (tools/packages-peers.txt) it comes from
    npm: bool = False  # needs bench/peers/node's npm packages
    env: Callable[[Launch], dict[str, str]] = field(default=lambda launch: {})


def _binary(launch: Launch, target: str) -> str:
    for candidate in (launch.build / target, launch.build / "bench" / target):
        if candidate.is_file():
            return str(candidate)
    raise CourseError(f"{target} is not built in {launch.build}")


def _nginx(launch: Launch) -> list[str]:
    text = (launch.root / NGINX_CONF).read_text()
    conf = launch.scratch / "nginx.conf"
    conf.write_text(text.replace("@PREFIX@", str(launch.scratch)).replace("@PORT@", str(launch.port))
                    .replace("@WORKERS@", str(launch.workers)))
    return [shutil.which("nginx") or "nginx", "-p", str(launch.scratch), "-e",
            str(launch.scratch / "error.log"), "-c", str(conf), "-g", "daemon off;"]


def _gunicorn(app: str) -> Callable[[Launch], list[str]]:
    def command(launch: Launch) -> list[str]:
        return [shutil.which("gunicorn") or "gunicorn", "--chdir", str(launch.root / PYTHON_DIR),
                "--workers", str(launch.workers), "--bind", f"127.0.0.1:{launch.port}",
                "--log-level", "warning", "--backlog", "4096", app]
    return command


def _node(script: str) -> Callable[[Launch], list[str]]:
    def command(launch: Launch) -> list[str]:
        return [shutil.which("node") or "node", str(launch.root / NODE_DIR / script),
                "--port", str(launch.port), "--workers", str(launch.workers),
                "--db", str(launch.database)]
    return command


def _python_env(launch: Launch) -> dict[str, str]:
    return {"MINIFW_PEER_DB": str(launch.database)}


def _node_env(launch: Launch) -> dict[str, str]:
    return {"NODE_PATH": str(launch.node_modules), "NODE_ENV": "production"}


# The app's default limit is exactly 10,000 open connections: the idle
# measurement opens that many, so the limit is raised out of its way.
APP_MAX_CONNECTIONS = 20_000

# cpp-httplib serves a connection on one pool thread until it closes: it
# gets its own default pool (8 threads here, max(8, cores - 1)), not 2.
HTTPLIB_THREADS = 8

PEERS: tuple[Peer, ...] = (
    Peer("minifw", "minifw (the TechEmpower app)", ALL_TESTS,
         lambda l: [_binary(l, APP_TARGET), "--db", str(l.database), "--port", str(l.port),
                    "--threads", str(l.workers), "--max-connections", str(APP_MAX_CONNECTIONS)],
         binary=APP_TARGET),
    Peer("asio", "bare Asio loop", HELLO_TESTS,
         lambda l: [_binary(l, "bench_peer_asio_loop"), "--port", str(l.port),
                    "--threads", str(l.workers)], binary="bench_peer_asio_loop"),
    Peer("httplib", "cpp-httplib", ALL_TESTS,
         lambda l: [_binary(l, "bench_peer_httplib"), "--db", str(l.database), "--port", str(l.port),
                    "--threads", str(HTTPLIB_THREADS)],
         binary="bench_peer_httplib", packages=("libcpp-httplib-dev",)),
    Peer("nginx", "nginx", HELLO_TESTS, _nginx, programs=("nginx",), packages=("nginx-light",)),
    Peer("node", "Node.js http", ALL_TESTS, _node("http_server.js"), programs=("node",), npm=True,
         packages=("nodejs", "npm", "make"),
         env=_node_env),
    Peer("express", "Express", ALL_TESTS, _node("express_server.js"), programs=("node",), npm=True,
         packages=("nodejs", "npm", "make"),
         env=_node_env),
    Peer("flask", "Flask (gunicorn)", ALL_TESTS, _gunicorn("flask_app:app"), programs=("gunicorn",),
         modules=("flask",), packages=("gunicorn", "python3-flask"), env=_python_env),
    Peer("fastapi", "FastAPI (uvicorn)", ALL_TESTS,
         lambda l: [shutil.which("uvicorn") or "uvicorn", "--app-dir", str(l.root / PYTHON_DIR),
                    "--host", "127.0.0.1", "--port", str(l.port), "--workers", str(l.workers),
                    "--no-access-log", "--log-level", "warning", "--backlog", "4096",
                    "fastapi_app:app"],
         programs=("uvicorn",), modules=("fastapi", "jinja2"),
         packages=("uvicorn", "python3-fastapi", "python3-jinja2"), env=_python_env),
    Peer("django", "Django (gunicorn)", ALL_TESTS, _gunicorn("django_app:application"),
         programs=("gunicorn",), modules=("django",), packages=("gunicorn", "python3-django"),
         env=_python_env),
)


def by_name(names: list[str] | None) -> list[Peer]:
    """The peers named (all of them for None), in the table's order; unknown names are refused."""
    if not names:
        return list(PEERS)
    known = {peer.name: peer for peer in PEERS}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise CourseError(f"no peer called {', '.join(unknown)}: the peers are "
                          + ", ".join(known))
    return [peer for peer in PEERS if peer.name in names]


def why_absent(peer: Peer, build: Path, node_modules: Path) -> str | None:
    """Why this peer cannot run here (None: it can)."""
    if peer.binary and not any((build / sub / peer.binary).is_file() for sub in (".", "bench")):
        return f"{peer.binary} is not built in {build}"
    for program in peer.programs:
        if not shutil.which(program):
            return f"{program} is not installed"
    for module in peer.modules:
        python = _python_of(shutil.which(peer.programs[0]) if peer.programs else None)
        done = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
        if done.returncode != 0:
            return f"the Python module {module} is not installed"
    if peer.npm and not (node_modules / "better-sqlite3").is_dir():
        return f"the npm packages are not installed in {node_modules}"
    return None


def _python_of(program: str | None) -> str:
    """The interpreter a Python program's #! line names (Debian's gunicorn: /usr/bin/python3)."""
    try:
        with open(program or "", "rb") as file:
            first = file.readline().decode(errors="replace").strip()
    except OSError:
        first = ""
    if first.startswith("#!") and "python" in first:
        parts = first[2:].split()
        return parts[1] if parts[0].endswith("/env") and len(parts) > 1 else parts[0]
    return "python3"


# -- npm -------------------------------------------------------------------

def npm_install(root: Path, cache: Path) -> Path:
    """`npm ci` of bench/peers/node into cache (once per package-lock.json); its node_modules.

    better-sqlite3 has no prebuilt binary this machine can download, so it is
    built from source against the headers of the node that runs it
    (npm_config_nodedir=/usr, where /usr/include/node is).
    """
    lock = root / NODE_DIR / "package-lock.json"
    stamp = cache / "installed.sha256"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == digest and (cache / "node_modules").is_dir():
        return cache / "node_modules"
    npm = shutil.which("npm")
    if not npm:
        raise CourseError("npm is not installed: the Node peers need it (apt-get install npm, "
                          "or nodesource's nodejs, which includes it)")
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(root / NODE_DIR / name, cache / name)
    env = dict(os.environ, npm_config_build_from_source="true", npm_config_update_notifier="false")
    if Path("/usr/include/node/node.h").is_file():
        env["npm_config_nodedir"] = "/usr"
    print(f"npm ci in {cache} (builds better-sqlite3 from source, a minute or two)", flush=True)
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=cache, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise CourseError(f"npm ci failed in {cache}:\n{(done.stdout + done.stderr)[-1500:]}")
    stamp.write_text(digest + "\n")
    return cache / "node_modules"


# -- running one peer --------------------------------------------------------

def free_port() -> int:
    """A port nothing listens on now (the peer binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Running:
    """A started peer, in its own process group so that stopping it stops its workers too."""

    def __init__(self, peer: Peer, launch: Launch):
        self.peer = peer
        self.launch = launch
        self.log = launch.scratch / "output.log"
        command = peer.command(launch)
        self.process = subprocess.Popen(command, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env=dict(os.environ, **peer.env(launch)),
                                        cwd=launch.scratch, start_new_session=True)

    @property
    def port(self) -> int:
        return self.launch.port

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until the port accepts a connection; the peer's own output if it exits first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CourseError(f"{self.peer.name} exited with {self.process.returncode} before it "
                                  f"listened:\n{self.output()[-1200:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise CourseError(f"{self.peer.name} did not listen on port {self.port} within {timeout:.0f} s:"
                          f"\n{self.output()[-1200:]}")

    def pids(self) -> list[int]:
        """The peer's processes: its leader and every process in its group."""
        found = [self.process.pid]
        for status in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = status.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid and int(status.parent.name) != self.process.pid:
                found.append(int(status.parent.name))
        return found

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.is_file() else ""

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM to the group, then SIGKILL to what is left after timeout seconds."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


# -- the database ---------------------------------------------------------------

# TechEmpower's 12 fortunes, with the ids its rules give them.
FORTUNES = (
    (1, "fortune: No such file or directory"),
    (2, "A computer scientist is someone who fixes things that aren't broken."),
    (3, "After enough decimal places, nobody gives a damn."),
    (4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
    (5, "A computer program does what you tell it to do, not what you want it to do."),
    (6, "Emacs is a nice operating system, but I prefer UNIX. \u2014 Tom Christaensen"),
    (7, "Any program that runs right is obsolete."),
    (8, "A list is only as strong as its weakest link. \u2014 Donald Knuth"),
    (9, "Feature: A bug with seniority."),
    (10, "Computers make very fast, very accurate mistakes."),
    (11, '<script>alert("This should not be displayed in a browser alert box.");</script>'),
    (12, "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af\u306e\u30d9\u30f3\u30c1\u30de\u30fc\u30af"),
)


def create_schema(path: Path) -> None:
    """The app's two tables, filled, in WAL mode: for tests, and for a tree without the app."""
    import random
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE World (id INTEGER PRIMARY KEY, randomNumber INTEGER NOT NULL)")
        db.execute("CREATE TABLE Fortune (id INTEGER PRIMARY KEY, message TEXT NOT NULL)")
        db.executemany("INSERT INTO World VALUES (?, ?)",
                       ((i, random.randint(1, 10000)) for i in range(1, 10001)))
        db.executemany("INSERT INTO Fortune VALUES (?, ?)", FORTUNES)
    

def make_database(build: Path, path: Path, scratch: Path) -> str:
    """Let the app create the SQLite file (start it once, stop it); how it was made."""
    app = next((c for c in (build / APP_TARGET, build / "bench" / APP_TARGET) if c.is_file()), None)
    if app is None:
        create_schema(path)
        return f"{APP_TARGET} is not built: the runner made the file with the app's schema"
    scratch.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([str(app), "--db", str(path), "--port", "0", "--threads", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        line = process.stdout.readline()
        if not line.startswith("listening on http://"):
            raise CourseError(f"{APP_TARGET} printed {line!r} instead of its address")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return f"made by {APP_TARGET}"


# -- versions, for the page ---------------------------------------------------------

def versions(root: Path, peers: list[Peer]) -> dict[str, str]:
    """What ran: apt's installed version of every package, node's, and npm's pinned ones."""
    names = ["wrk", "libboost1.81-dev", "libsqlite3-dev", "python3"]
    for peer in peers:
        names += peer.packages
    found: dict[str, str] = {}
    done = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n", *dict.fromkeys(names)],
                          capture_output=True, text=True)
    for line in done.stdout.splitlines():
        name, _, version = line.partition(" ")
        if version:
            found[name] = version
    if any(peer.npm for peer in peers) and shutil.which("node"):
        found["node"] = subprocess.run(["node", "--version"], capture_output=True,
                                       text=True).stdout.strip()
        lock = json.loads((root / NODE_DIR / "package-lock.json").read_text())
        for name in ("express", "better-sqlite3"):
            entry = lock.get("packages", {}).get(f"node_modules/{name}")
            if entry:
                found[f"npm {name}"] = entry["version"]
    return found
