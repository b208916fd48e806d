"""Building a submission stage by stage, so a stage that does not compile costs only itself.

The grading build is the learner track (every stage from exercises/, the
submission's files) without sanitizers: AddressSanitizer reserves terabytes
of address space, which RLIMIT_AS forbids, and makes every test slower. Each
stage's test binary is its own ninja target; when one fails, the compiler's
first errors go into the report and the next stage is built all the same,
unless it links a stage library that already failed.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .. import layout
from ..build import first_errors, read_cmake_cache
from ..metadata import Stage
from .limits import Limits
from .sandbox import Sandbox
from .workspace import Workspace

# -O1 keeps tests fast without making the compiler slow; assert() stays on.
CACHE = {
    "CMAKE_BUILD_TYPE": "Debug",
    "CMAKE_C_FLAGS_DEBUG": "-O1",
    "CMAKE_CXX_FLAGS_DEBUG": "-O1",
    "MINIFW_REFERENCE_STAGES": "",
    "MINIFW_STAGES": "",
    "MINIFW_VERIFY": "OFF",
    "MINIFW_SANITIZE": "OFF",
    "MINIFW_WERROR": "OFF",
    "MINIFW_BUILD_BENCHMARKS": "OFF",
}
SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
_LIBRARY = re.compile(r"minifw_(\d\d)_exercise")


@dataclass
class StageBuild:
    """Did a stage's test binary build, and if not, why."""

    stage: Stage
    binary: Path | None
    errors: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the test binary is there to run."""
        return self.binary is not None


class Builder:
    """Configures the grading build tree and builds one stage's tests at a time."""

    def __init__(self, sandbox: Sandbox, workspace: Workspace, limits: Limits, jobs: int):
        self.sandbox = sandbox
        self.workspace = workspace
        self.limits = limits
        self.jobs = jobs
        self.logs = workspace.path / "logs"
        self._broken: dict[str, str] = {}  # stage id -> its errors, for later stages

    def configure(self) -> str | None:
        """Configure build/ when it is new or differently set up; the error, or None."""
        build = self.workspace.build
        cache = read_cmake_cache(build / "CMakeCache.txt")
        source = str(self.workspace.src)
        if cache.get("CMAKE_HOME_DIRECTORY") not in (None, source):
            shutil.rmtree(build)  # the folder moved: CMake refuses a cache from elsewhere
            cache = {}
        configured = all(cache.get(key) == value for key, value in CACHE.items())
        if configured and (build / "build.ninja").is_file():
            return None  # ninja re-runs CMake itself when a CMake file changed
        build.mkdir(parents=True, exist_ok=True)
        self.sandbox.give(build)
        command = ["cmake", "-S", source, "-B", str(build), "-G", "Ninja"]
        command += [f"-D{key}={value}" for key, value in CACHE.items()]
        done = self._run(command, "configure")
        if done.returncode == 0 and not done.timed_out:
            return None
        return _tail(done.output, 40)

    def build_test_objects(self, stages: list[Stage]) -> dict[str, str]:
        """Compile the tests of these stages alone; the errors by stage id.

        Done before any file of the submission is compiled, so that hidden
        tests can then be made unreadable: an exercise file that #includes
        one finds it closed, and the test objects are not compiled again.
        """
        targets = [f"test_{stage.id}_objects" for stage in stages]
        if not targets:
            return {}
        done = self._run(["ninja", "-C", str(self.workspace.build), "-j", str(self.jobs),
                          "-k", "0", *targets], "build-tests")
        if done.returncode == 0 and not done.timed_out:
            return {}
        errors = "\n".join(first_errors(done.output, self.workspace.src))
        failed = _failed_lines(done.output)
        return {stage.id: "the course's tests of this stage do not compile:\n" + errors
                for stage in stages if f"tests/{stage.name}/" in failed or done.timed_out}

    def build_stage(self, stage: Stage) -> StageBuild:
        """Build test_NN; a failure keeps the compiler's first errors."""
        started = time.monotonic()
        if not any((self.workspace.src / "tests" / stage.name).glob("*.cpp")):
            return StageBuild(stage, None, f"the course has no tests in tests/{stage.name} yet")
        for earlier, errors in self._broken.items():
            if earlier < stage.id:
                return StageBuild(
                    stage, None,
                    f"stage {stage.id} builds on stage {earlier}, which does not compile:\n"
                    + errors,
                )
        target = f"test_{stage.id}"
        done = self._run(["ninja", "-C", str(self.workspace.build), "-j", str(self.jobs), target],
                         f"build-{stage.id}")
        seconds = time.monotonic() - started
        binary = layout.find_binary(self.workspace.build, target)
        if done.returncode == 0 and not done.timed_out and binary is not None:
            return StageBuild(stage, binary, seconds=seconds)
        if done.returncode == 0 and not done.timed_out:
            errors = f"ninja built {target}, but its binary is not in {self.workspace.build}"
        elif done.timed_out:
            errors = (f"the build of stage {stage.id} ran past its limit of "
                      f"{self.limits.wall_seconds:.0f} s and was stopped")
        else:
            errors = "\n".join(first_errors(done.output, self.workspace.src))
        for broken in set(_LIBRARY.findall(_failed_lines(done.output))):
            self._broken.setdefault(broken, errors)
        return StageBuild(stage, None, errors, seconds)

    def _run(self, command: list[str], log_name: str):
        self.logs.mkdir(exist_ok=True)
        with self.sandbox.scratch(self.workspace.scratch) as home:
            env = {"PATH": SAFE_PATH, "HOME": str(home), "TMPDIR": str(home), "LC_ALL": "C"}
            # umask 022: the files the build writes must stay readable once root owns them.
            done = self.sandbox.run(command, cwd=home, env=env, limits=self.limits,
                                    seconds=self.limits.wall_seconds, umask=0o022)
        (self.logs / f"{log_name}.log").write_text(done.output)
        return done


def _failed_lines(output: str) -> str:
    return "\n".join(line for line in output.splitlines() if line.startswith("FAILED: "))


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])
