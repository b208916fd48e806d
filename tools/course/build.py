"""Configuring and building a preset's tree, quietly, with readable failures.

The whole build log goes to build/logs/<preset>-build.log; a learner sees
one progress line (on a terminal; a plain line now and then elsewhere) and,
when something does not compile, the first compiler errors of the stage at
fault.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import layout
from .metadata import CourseError
from .term import Progress

_PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] ")
_ERROR = re.compile(r"(\berror:|undefined reference|multiple definition|ld returned)")
_LIBRARY = re.compile(r"minifw_(\d\d)_(exercise|solution)")


def read_cmake_cache(path: Path) -> dict[str, str]:
    """The variables of a CMakeCache.txt, by name; empty when it is missing."""
    values = {}
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return values
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z_][\w-]*):[A-Z]+=(.*)$", line)
        if match:
            values[match.group(1)] = match.group(2)
    return values


@dataclass
class BuildResult:
    """What one build produced: targets that built, and the log of those that did not."""

    log: Path
    built: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)  # target -> its build output
    blocked: dict[str, str] = field(default_factory=dict)  # target -> the stage id at fault

    @property
    def ok(self) -> bool:
        """True when every requested target built."""
        return not self.failed and not self.blocked


class Build:
    """One preset's build tree under build/<preset>."""

    def __init__(self, root: Path, preset: str, reference_stages: list[str] | None = None,
                 progress: Progress | None = None):
        self.root = root
        self.preset = preset
        self.dir = layout.build_dir(root, preset)
        # The learner preset does not keep the mixed track: pass it on every configure.
        self.reference_stages = reference_stages
        self.progress = progress or Progress()
        self._targets: set[str] | None = None

    def _cmake(self) -> str:
        cmake = shutil.which("cmake")
        if not cmake:
            raise CourseError("cmake is not installed: run ./course setup")
        return cmake

    def _wanted_cache(self) -> dict[str, str]:
        if self.reference_stages is None:
            return {}
        return {"MINIFW_REFERENCE_STAGES": ";".join(self.reference_stages)}

    def _cache(self) -> dict[str, str]:
        return read_cmake_cache(self.dir / "CMakeCache.txt")

    def needs_configure(self) -> bool:
        """True when the tree is missing or was configured for another track."""
        if not (self.dir / "build.ninja").is_file():
            return True
        cache = self._cache()
        return any(cache.get(key) != value for key, value in self._wanted_cache().items())

    def configure(self, force: bool = False) -> None:
        """Configure the preset when needed; CourseError with CMake's complaint on failure."""
        if not force and not self.needs_configure():
            return
        command = [self._cmake(), "--preset", self.preset]
        command += [f"-D{key}={value}" for key, value in self._wanted_cache().items()]
        log = layout.log_dir(self.root) / f"{self.preset}-configure.log"
        self.progress.restart()
        self.progress.update(f"configuring build/{self.preset}",
                             f"configuring build/{self.preset} (the log: "
                             f"{layout.relative(log, self.root)})")
        with log.open("w") as file:
            done = subprocess.run(command, cwd=self.root, stdout=file, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL)
        self.progress.clear()
        self._targets = None
        if done.returncode != 0:
            text = log.read_text(errors="replace")
            raise CourseError(
                f"CMake could not configure build/{self.preset}:\n"
                + _indent(_cmake_errors(text))
                + f"\n(the whole output: {layout.relative(log, self.root)}; "
                "missing packages? run ./course setup)"
            )

    def targets(self) -> set[str]:
        """Every target the tree knows, after CMake had a chance to see new files."""
        if self._targets is None:
            # Building the manifest re-runs CMake when a stage folder appeared.
            self._ninja(["build.ninja"], None)
            done = subprocess.run([self._ninja_path(), "-C", str(self.dir), "-t", "targets", "all"],
                                  capture_output=True, text=True, errors="replace")
            self._targets = {line.split(":", 1)[0] for line in done.stdout.splitlines()}
        return self._targets

    def build(self, targets: list[str] | None = None, name: str = "build") -> BuildResult:
        """Build the targets (all by default); later stages wait on an earlier stage's library.

        One parallel build first; only when it fails, the targets are built one
        by one in order, to tell which built and which stage is at fault.
        """
        log = layout.log_dir(self.root) / f"{self.preset}-{name}.log"
        result = BuildResult(log=log)
        if targets is not None and not targets:
            return result
        self.configure()
        requested = [t for t in targets if t in self.targets()] if targets else []
        if targets and not requested:
            return result
        self.progress.restart()
        with log.open("w") as file:
            built, output = self._ninja(requested, file)
            if built:
                result.built = set(requested)
                return result
            if not requested:
                result.failed["all"] = output
                return result
            if len(requested) == 1:
                result.failed[requested[0]] = output
                return result
            broken: set[str] = set()  # stage ids whose library failed to compile
            for target in requested:
                stage = _stage_of(target)
                at_fault = sorted(s for s in broken if stage is None or s <= stage)
                if at_fault:
                    result.blocked[target] = at_fault[0]
                    continue
                file.write(f"\n==== {target} on its own\n")
                built, output = self._ninja([target], file)
                if built:
                    result.built.add(target)
                else:
                    result.failed[target] = output
                    broken.update(broken_libraries(output))
        return result

    def _ninja_path(self) -> str:
        cached = self._cache().get("CMAKE_MAKE_PROGRAM")
        if cached and os.access(cached, os.X_OK):
            return cached
        found = shutil.which("ninja")
        if not found:
            raise CourseError("ninja is not installed: run ./course setup")
        return found

    def _ninja(self, targets: list[str], sink) -> tuple[bool, str]:
        """Run one ninja build; its output also goes to sink (a file; None discards it).

        -k 0: everything that can be built is, so the next build has less to do
        and the errors of every broken file are in the log, not just the first.
        """
        command = [self._ninja_path(), "-C", str(self.dir), "-j", str(_jobs()), "-k", "0"]
        command += targets
        if sink is None:
            done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL)
            return done.returncode == 0, ""
        lines = []
        where = f"build/{self.preset}"
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, text=True, errors="replace")
        try:
            for line in process.stdout:
                sink.write(line)
                lines.append(line)
                match = _PROGRESS.match(line)
                if not match:
                    continue
                done, total = int(match.group(1)), int(match.group(2))
                what = line[match.end():].strip()
                if self.progress.live:
                    self.progress.update(f"building {where} [{done}/{total}] {what}")
                elif done:  # [0/N] is ninja checking whether CMake must run again
                    self.progress.update("", f"building {where}: step {done} of {total}")
        finally:
            process.stdout.close()
            process.wait()
            self.progress.clear()
        return process.returncode == 0, "".join(lines)


def _jobs() -> int:
    """Parallel jobs: CMAKE_BUILD_PARALLEL_LEVEL when set, else the presets' 2."""
    value = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "")
    return int(value) if value.isdigit() and int(value) > 0 else 2


def _stage_of(target: str) -> str | None:
    match = re.match(r"^(?:test|example|bench)_(\d\d)", target)
    return match.group(1) if match else None


def broken_libraries(output: str) -> set[str]:
    """Stage ids whose library failed to build, from ninja's FAILED lines."""
    broken = set()
    for line in output.splitlines():
        if line.startswith("FAILED: "):
            match = _LIBRARY.search(line)
            if match:
                broken.add(match.group(1))
    return broken


def first_errors(output: str, root: Path, limit: int = 12) -> list[str]:
    """The first compiler or linker errors of a build output, paths relative to root.

    Each error is preceded by the file ninja was building, since an error may
    point into a system header that the learner never opened.
    """
    prefix = str(root).rstrip("/") + "/"
    lines = [line.replace(prefix, "") for line in output.splitlines()]
    picked: list[str] = []
    building, announced = None, None
    for index, line in enumerate(lines):
        if line.startswith("FAILED: "):
            match = re.search(r"\.dir/(.+?)\.o\b", line)
            building = match.group(1) if match else line[len("FAILED: "):].strip()
            continue
        if not _ERROR.search(line) or line.startswith(("ninja:", "/usr/bin/c++", "/usr/bin/g++")):
            continue
        shown = line if len(line) <= 300 else line[:297] + "..."
        if shown in picked:
            continue  # the same error from another instantiation says nothing new
        if building and building != announced:
            if not line.startswith(building):
                picked.append(f"building {building}:")
            announced = building
        # The error and GCC's source excerpt under it ("  12 |  code", "     |  ^").
        picked.append(shown)
        for extra in lines[index + 1:index + 3]:
            if re.match(r"^\s*\d*\s*\|", extra):
                picked.append(extra)
        if len(picked) >= limit:
            break
    if not picked:
        picked = [line for line in lines if line.strip()][-limit:]
    return picked[:limit]


def _cmake_errors(text: str) -> str:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("CMake Error"):
            return "\n".join(lines[index:index + 12])
    return "\n".join(lines[-12:])


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())
