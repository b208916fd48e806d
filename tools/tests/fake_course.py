"""Throwaway courses and test binaries for the CLI's tests, built in temporary folders.

Importing this module also puts tools/ on sys.path, so tests can import the
`course` package however unittest was started.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import textwrap
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1]
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

STAGE_TOML = '''\
id = "{id}"
title = "{title}"
summary = "A stage made up for a test."

[[exercises]]
id = "{id}.1"
title = "First things"
anchor = "exercise-{nodot}1-first-things"
files = ["first.cpp"]
hints = ["Think about the idea.", "Use the technique.", "Shape the code."]

[exercises.tests]
"First.Works" = 2
"First.AlsoWorks" = 3

[[exercises]]
id = "{id}.2"
title = "Second things"
files = ["first.cpp", "second.cpp"]

[exercises.tests]
"Second.Works" = 5
'''

README = '''\
# Stage {id}

## Goals

### Exercise {id}.1: First things

### Exercise {id}.2: Second things
'''


def make_course(root: Path, stages=(("01", "alpha", "Alpha"), ("02", "beta", "Beta")),
                solutions: bool = True) -> Path:
    """A minimal course tree: per stage a stage.toml, a chapter, stubs and solutions."""
    for stage_id, name, title in stages:
        folder = f"{stage_id}-{name}"
        lesson = root / "lessons" / folder
        lesson.mkdir(parents=True)
        (lesson / "stage.toml").write_text(
            STAGE_TOML.format(id=stage_id, title=title, nodot=stage_id))
        (lesson / "README.md").write_text(README.format(id=stage_id))
        (lesson / "examples").mkdir()
        (lesson / "examples" / "hello.cpp").write_text("int main() {}\n")
        for kind in ("exercises", "solutions") if solutions else ("exercises",):
            code = root / kind / folder
            code.mkdir(parents=True)
            (code / "first.cpp").write_text(f"// {kind} first\n")
            (code / "second.cpp").write_text(f"// {kind} second\n")
        (root / "tests" / folder).mkdir(parents=True)
    return root


FAKE_GTEST = r'''#!{python}
"""A stand-in for a GoogleTest binary: behaviours by test name, from a JSON file."""
import json, os, signal, sys, time
spec = json.load(open({spec!r}))
log = {log!r}
args = sys.argv[1:]
with open(log, "a") as f:
    f.write(" ".join(args) + "\n")
if "--gtest_list_tests" in args:
    suites = {{}}
    for name in spec["tests"]:
        suite, test = name.split(".", 1)
        suites.setdefault(suite, []).append(test)
    for suite, tests in suites.items():
        print(suite + ".")
        for test in tests:
            print("  " + test)
    sys.exit(0)
if spec.get("start") == "hang":
    time.sleep(3600)  # stuck before main(), as a looping static constructor would be
wanted = None
for a in args:
    if a.startswith("--gtest_filter="):
        wanted = set(a.split("=", 1)[1].split(":"))
failed = False
print("[==========] Running tests.", flush=True)
for name, action in spec["tests"].items():
    if wanted is not None and name not in wanted:
        continue
    print("[ RUN      ] " + name, flush=True)
    if action == "pass":
        print("[       OK ] " + name + " (1 ms)", flush=True)
    elif action == "fail":
        failed = True
        print("tests/fake.cpp:12: Failure\nExpected equality of these values:\n  1\n  2", flush=True)
        print("[  FAILED  ] " + name + " (2 ms)", flush=True)
    elif action.startswith("notdone"):
        # notdone: exercise 01.1's stub stops the test; notdone:02.3: that exercise's.
        failed = True
        which = action.partition(":")[2] or "01.1"
        print("  NOT DONE: exercise " + which + " not done: see lessons/01-alpha/README.md#exercise-"
              + which.replace(".", "") + "-first-things", flush=True)
        print("[  FAILED  ] " + name + " (0 ms)", flush=True)
    elif action.startswith("logged"):
        # logged:01.3: a server caught that exercise's stub, logged it, and the test failed.
        failed = True
        which = action.partition(":")[2]
        print("minifw: a response body failed while it was sent: exercise " + which +
              " not done: see lessons/01-alpha/README.md#x", flush=True)
        print("tests/fake.cpp:20: Failure\nValue of: response.empty()", flush=True)
        print("[  FAILED  ] " + name + " (2 ms)", flush=True)
    elif action == "crash":
        print("about to crash", flush=True)
        os.kill(os.getpid(), signal.SIGSEGV)
    elif action == "timeout":
        print("  TIMEOUT: " + name + " ran past its limit of 10 s: an endless loop?", flush=True)
        print("[  FAILED  ] " + name + " (timeout)", flush=True)
        os._exit(124)
    elif action == "hang":
        time.sleep(3600)
    elif action == "flood":
        sys.stdout.write("x" * 300000 + "\n")
        print("[       OK ] " + name + " (5 ms)", flush=True)
if failed:
    print("[  FAILED  ] 1 test, listed below:", flush=True)
if spec.get("exit_code"):
    print("==1==ERROR: LeakSanitizer: detected memory leaks", flush=True)
    sys.exit(spec["exit_code"])
sys.exit(1 if failed else 0)
'''


def make_binary(folder: Path, tests: dict[str, str], exit_code: int = 0, name: str = "test_01",
                start: str = "") -> Path:
    """An executable that behaves like a test binary: tests maps "Suite.Name" to an action
    (pass, fail, notdone, notdone:NN.K, crash, timeout, hang, flood); start="hang" makes it
    hang before it prints anything. Every invocation is logged."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = folder / f"{name}.json"
    spec.write_text(json.dumps({"tests": tests, "exit_code": exit_code, "start": start}))
    binary = folder / name
    binary.write_text(FAKE_GTEST.format(python=sys.executable, spec=str(spec),
                                        log=str(folder / f"{name}.log")))
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def invocations(binary: Path) -> list[str]:
    """The argument lines the fake binary was run with."""
    log = binary.parent / f"{binary.name}.log"
    return log.read_text().splitlines() if log.exists() else []


def dedent(text: str) -> str:
    """textwrap.dedent without the leading newline."""
    return textwrap.dedent(text).lstrip("\n")


os.environ.setdefault("NO_COLOR", "1")
