"""The run of ./course bench --peers: install, build, make the database, check, measure, report."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from .. import layout, packages
from ..build import Build, first_errors
from ..metadata import CourseError
from . import check, load, report
from .peers import APP_TARGET, PEERS_LIST, Launch, Peer, Running, by_name, free_port, make_database
from .peers import npm_install, versions, why_absent

TESTS = ("plaintext", "pipelined", "json", "db", "queries", "fortunes", "updates", "idle")
IDLE_CONNECTIONS = 10_000


def add_options(parser) -> None:
    """The --peers options of ./course bench."""
    group = parser.add_argument_group("peers (./course bench --peers)")
    group.add_argument("--peers", action="store_true",
                       help="measure the TechEmpower app against the peers instead")
    group.add_argument("--duration", type=float, default=10.0, metavar="S",
                       help="seconds of wrk per peer and test (default 10)")
    group.add_argument("--connections", type=int, default=None, metavar="N",
                       help="wrk connections for every test (default 256, 64 on the database)")
    group.add_argument("--workers", type=int, default=os.cpu_count() or 2, metavar="N",
                       help="threads or worker processes per server (default: the cores)")
    group.add_argument("--rounds", type=int, default=1, metavar="N",
                       help="measure each test N times across the peers, keep each peer's median "
                            "(default 1)")
    group.add_argument("--only", default=None, metavar="NAME,...",
                       help="only these peers (minifw, asio, httplib, nginx, node, express, "
                            "flask, fastapi, django)")
    group.add_argument("--tests", default=None, metavar="TEST,...",
                       help="only these tests (" + ", ".join(TESTS) + ")")
    group.add_argument("--check", action="store_true",
                       help="check every peer's answers, measure nothing")
    group.add_argument("--out", default=None, metavar="DIR",
                       help="where the table and the chart go (default build/bench-peers)")
    group.add_argument("--no-install", action="store_true",
                       help="install nothing; skip the peers whose packages are missing")
    group.add_argument("--no-build", action="store_true",
                       help="build nothing; skip the peers whose programs are not built")


def _split(text: str | None, known: tuple[str, ...], what: str) -> list[str] | None:
    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise CourseError(f"no {what} called {', '.join(unknown)}: use some of {', '.join(known)}")
    return names


def _install(root: Path, peers: list[Peer], cache: Path, allowed: bool) -> Path:
    """apt for the peers' Debian packages, npm ci for the Node peers'; the node_modules folder."""
    wanted = {name for peer in peers for name in peer.packages}
    if allowed and wanted and packages.is_debian():
        try:
            packages.ensure(root, quiet=True, path=PEERS_LIST, only=wanted)
        except CourseError as error:
            print(f"Not every peer's package can be installed, the others run: {error}")
    node_modules = cache / "node_modules"
    if any(peer.npm for peer in peers) and (allowed or (node_modules / "better-sqlite3").is_dir()):
        try:
            node_modules = npm_install(root, cache)
        except CourseError as error:
            print(f"The Node peers cannot run: {error}")
    return node_modules


def _build(root: Path, peers: list[Peer]) -> Path:
    """Build the release targets the peers run; the build directory."""
    build = Build(root, "release")
    build.configure()
    known = build.targets()
    targets = [APP_TARGET] + [p.binary for p in peers if p.binary and p.binary != APP_TARGET]
    targets = [t for t in dict.fromkeys(targets) if t in known]
    missing = [p.binary for p in peers if p.binary and p.binary not in known]
    for target in missing:
        print(f"{target} is not a target of the release build here; its peer is skipped")
    if targets:
        result = build.build(targets, name="bench-peers")
        for target, output in result.failed.items():
            print(f"{target} does not build:")
            for line in first_errors(output, root):
                print("    " + line)
    return build.dir


def main(args) -> int:
    """./course bench --peers."""
    root = layout.root()
    peers = by_name(_split(args.only, tuple(p.name for p in by_name(None)), "peer"))
    tests = _split(args.tests, TESTS, "test") or list(TESTS)
    out = Path(args.out).resolve() if args.out else root / "build" / "bench-peers"
    out.mkdir(parents=True, exist_ok=True)
    node_modules = _install(root, peers, root / "build" / "peers-node", not args.no_install)
    build = layout.build_dir(root, "release") if args.no_build else _build(root, peers)
    load.raise_descriptor_limit(IDLE_CONNECTIONS + 1024)

    scratch = Path(tempfile.mkdtemp(prefix="minifw-peers-"))
    try:
        database = scratch / "techempower.sqlite"
        how = make_database(build, database, scratch)
        print(f"The SQLite file every peer shares: {database} ({how})")
        results, idle, refused, skipped, unpipelined = _run_all(root, build, peers, tests, args, database,
                                                   scratch, node_modules)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    status = 0
    if refused:
        status = 1
    names = [p.name for p in peers]
    if args.check:
        for peer in peers:
            if peer.name in skipped:
                print(f"{peer.name}: skipped, {skipped[peer.name]}")
            elif peer.name in refused:
                print(f"{peer.name}: REFUSED")
            else:
                print(f"{peer.name}: every rule holds")
        return status
    measured = [t for t in tests if t != "idle"]
    text = report.table(results, names, measured)
    found = report.targets(results, idle)
    (out / "peers.md").write_text(text + "\n" + report.targets_text(found) + "\n")
    (out / "peers.svg").write_text(report.svg(results, names, measured,
                                              f"TechEmpower tests, {args.workers} server "
                                              f"workers, wrk -t2 ({time.strftime('%Y-%m-%d')})"))
    (out / "results.json").write_text(json.dumps({
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": os.getloadavg(),
        "settings": {"duration": args.duration, "connections": args.connections,
                     "workers": args.workers, "rounds": args.rounds},
        "versions": versions(root, peers),
        "results": {p: {t: asdict(m) for t, m in r.items()} for p, r in results.items()},
        "idle": {p: asdict(m) | {"kib_per_connection": m.kib_per_connection} for p, m in idle.items()},
        "refused": refused, "skipped": skipped, "not_pipelined": unpipelined,
    }, indent=2) + "\n")
    print()
    print(text)
    print("The targets:")
    print(report.targets_text(found))
    print(f"\nThe table, the chart and the raw numbers are in {out}/ "
          "(peers.md, peers.svg, results.json)")
    return status


def _run_all(root, build, peers, tests, args, database, scratch, node_modules):
    """Start every peer, check each, then measure test by test across the peers.

    Test-major order keeps the runs a ratio compares close in time: on a
    machine whose background load drifts, minifw's and the loop's plaintext
    are a minute apart, not ten.
    """
    results: dict = {}
    idle: dict = {}
    refused: dict[str, list[str]] = {}
    skipped: dict[str, str] = {}
    unpipelined: dict[str, list[str]] = {}
    running: dict[str, Running] = {}
    own: dict[str, list[str]] = {}
    try:
        for peer in peers:
            reason = why_absent(peer, build, node_modules)
            if reason:
                print(f"{peer.name}: skipped, {reason}")
                skipped[peer.name] = reason
                continue
            folder = scratch / peer.name
            folder.mkdir()
            launch = Launch(root, build, free_port(), args.workers, database, folder, node_modules)
            started = Running(peer, launch)
            try:
                started.wait_ready()
            except CourseError as error:
                started.stop()
                refused[peer.name] = [str(error)]
                print(f"{peer.name}: could not be started: {error}")
                continue
            tests_here = [t for t in tests if t in peer.tests]
            failures = check.check(started.port, tests_here, database)
            # Pipelining is not one of TechEmpower's verifier's rules: a server that
            # answers only the first of 16 is not refused, only not measured on it.
            if any(f.test == "pipelined" for f in failures):
                unpipelined[peer.name] = [str(f) for f in failures if f.test == "pipelined"]
                print(f"{peer.name}: not measured pipelined: " + "; ".join(unpipelined[peer.name]))
                tests_here.remove("pipelined")
                failures = [f for f in failures if f.test != "pipelined"]
            if failures:
                refused[peer.name] = [str(f) for f in failures]
                print(f"{peer.name}: refused, it breaks TechEmpower's rules:")
                for failure in failures:
                    print(f"    {failure}")
                started.stop()
                continue
            print(f"{peer.name}: its answers hold to TechEmpower's rules ({', '.join(tests_here)})",
                  flush=True)
            running[peer.name] = started
            own[peer.name] = tests_here
        if args.check:
            return results, idle, refused, skipped, unpipelined
        rounds: dict[tuple[str, str], list[load.Measure]] = {}
        for test in [t for t in tests if t != "idle"]:
            print(f"== {test}", flush=True)
            for name, started in [(n, s) for _ in range(max(1, args.rounds)) for n, s in running.items()]:
                if test not in own[name]:
                    continue
                connections = load.connections_for(test, args.connections)
                try:
                    load.run_wrk(root, started.port, test, min(2.0, args.duration), connections)
                    measure = load.run_wrk(root, started.port, test, args.duration, connections)
                except CourseError as error:
                    print(f"    {name:10} not measured: {error}")
                    continue
                # With several rounds, the run whose requests/s is the median stands for them.
                kept = sorted(rounds.setdefault((name, test), []) + [measure],
                              key=lambda m: m.requests_per_second)
                rounds[(name, test)] = kept
                results.setdefault(name, {})[test] = kept[(len(kept) - 1) // 2]
                print(f"    {name:10} {measure.requests_per_second:12,.0f} requests/s   "
                      f"p99 {measure.p99_ms:8.2f} ms"
                      + (f"   ({measure.errors} socket errors, {measure.non_2xx} not 2xx)"
                         if measure.errors or measure.non_2xx else ""), flush=True)
        if "idle" in tests:
            print("== idle keep-alive connections", flush=True)
            for name in ("minifw", "asio"):
                if name not in running:
                    continue
                started = running[name]
                try:
                    memory = load.idle_memory(started.port, started.pids(), IDLE_CONNECTIONS)
                except CourseError as error:
                    print(f"    {name:10} not measured: {error}")
                    continue
                idle[name] = memory
                print(f"    {name:10} {memory.kib_per_connection:12.1f} KiB per keep-alive "
                      f"connection, {memory.connections:,} open", flush=True)
    finally:
        for started in running.values():
            started.stop()
    return results, idle, refused, skipped, unpipelined
