"""The distribution packages the course needs, resolved against what apt offers.

tools/packages-debian.txt names needs, not fixed packages, because releases
name the same thing differently: Debian 12 has libboost1.81-dev, Debian 13
and Ubuntu 24.04 only libboost-dev (which is 1.83 there). A need is one
package or alternatives tried in order; an alternative may ask for a minimum
version, written as in Debian's own dependency fields:

    # Boost headers: Asio for the async stage, and what Boost.JSON builds on.
    libboost1.81-dev | libboost-dev (>= 1.81)

A need resolves to the first alternative that is installed, or that apt can
install, in a version new enough. Every entry point resolves through this
module: ./course setup and ./course packages, .ci/run and .ci/debian13, the
Gradescope setup.sh and the Classroom workflow (both call ./course packages).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .metadata import CourseError

LIST = Path("tools") / "packages-debian.txt"


@dataclass(frozen=True)
class Alternative:
    """One package that can meet a need, with the oldest version that will do."""

    name: str
    minimum: str | None = None

    def __str__(self) -> str:
        return f"{self.name} (>= {self.minimum})" if self.minimum else self.name


@dataclass(frozen=True)
class Need:
    """One line of the list: what the course needs, and why (the comment above it)."""

    alternatives: tuple[Alternative, ...]
    why: str = ""

    def __str__(self) -> str:
        return " | ".join(str(a) for a in self.alternatives)


@dataclass(frozen=True)
class Policy:
    """What apt says of one package: the version installed and the one it would install."""

    installed: str | None
    candidate: str | None


@dataclass(frozen=True)
class Choice:
    """How one need is met: the package chosen (None: none can be), and whether it is in."""

    need: Need
    package: str | None
    installed: bool
    version: str | None = None


_ALTERNATIVE = re.compile(r"^([a-z0-9][a-z0-9+.-]+)(?:\s*\(\s*>=\s*([^\s()]+)\s*\))?$")


def read_needs(path: Path) -> list[Need]:
    """The list's needs; the comment lines right above a need say why it is there."""
    needs: list[Need] = []
    why: list[str] = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        text = line.strip()
        if text.startswith("#"):
            why.append(text.lstrip("#").strip())
            continue
        text = text.split("#", 1)[0].strip()
        if not text:
            why = []
            continue
        alternatives = []
        for part in text.split("|"):
            match = _ALTERNATIVE.match(part.strip())
            if not match:
                raise CourseError(f"{path}:{number}: cannot read {part.strip()!r}: write a "
                                  "package name, optionally followed by (>= VERSION), and "
                                  "separate alternatives with |")
            alternatives.append(Alternative(match[1], match[2]))
        needs.append(Need(tuple(alternatives), " ".join(why)))
        why = []
    return needs


def read_list(path: Path) -> list[str]:
    """Every package name the list mentions, alternatives included, in order."""
    return [a.name for need in read_needs(path) for a in need.alternatives]


# Debian's version order (deb-version(7)): epoch, then upstream version and
# revision, each compared in runs of non-digits (letters before other
# characters, '~' before everything, even the end) and runs of digits.
def _order(char: str) -> int:
    if char == "~":
        return -1
    return ord(char) if char.isalpha() else ord(char) + 256


def _compare_part(a: str, b: str) -> int:
    runs_a, runs_b = re.findall(r"(\D*)(\d*)", a), re.findall(r"(\D*)(\d*)", b)
    for index in range(max(len(runs_a), len(runs_b))):
        text_a, digits_a = runs_a[index] if index < len(runs_a) else ("", "")
        text_b, digits_b = runs_b[index] if index < len(runs_b) else ("", "")
        for at in range(max(len(text_a), len(text_b))):
            order_a = _order(text_a[at]) if at < len(text_a) else 0
            order_b = _order(text_b[at]) if at < len(text_b) else 0
            if order_a != order_b:
                return -1 if order_a < order_b else 1
        number_a, number_b = int(digits_a or 0), int(digits_b or 0)
        if number_a != number_b:
            return -1 if number_a < number_b else 1
    return 0


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as Debian version a sorts before, with or after b (dpkg --compare-versions)."""
    def split(version: str) -> tuple[int, str, str]:
        epoch, _, rest = version.partition(":") if ":" in version else ("0", "", version)
        upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "")
        return int(epoch or 0), upstream, revision

    epoch_a, upstream_a, revision_a = split(a)
    epoch_b, upstream_b, revision_b = split(b)
    if epoch_a != epoch_b:
        return -1 if epoch_a < epoch_b else 1
    return _compare_part(upstream_a, upstream_b) or _compare_part(revision_a, revision_b)


def new_enough(version: str | None, minimum: str | None) -> bool:
    """Is there a version, and is it at least the minimum (when one is asked for)?"""
    return version is not None and (minimum is None or compare_versions(version, minimum) >= 0)


def parse_policy(text: str) -> dict[str, Policy]:
    """Read `apt-cache policy NAME...` (in the C locale); a package apt does not know is absent."""
    found: dict[str, Policy] = {}
    name = None
    fields: dict[str, str | None] = {}
    for line in text.splitlines() + [""]:
        if line and not line[0].isspace() and line.endswith(":"):
            if name:
                found[name] = Policy(fields.get("Installed"), fields.get("Candidate"))
            name, fields = line[:-1].split(":", 1)[0], {}
        elif name and line.strip().startswith(("Installed:", "Candidate:")):
            key, value = line.strip().split(":", 1)
            fields[key] = None if value.strip() == "(none)" else value.strip()
        elif not line and name:
            found[name] = Policy(fields.get("Installed"), fields.get("Candidate"))
            name = None
    return found


def apt_policy(names: list[str]) -> dict[str, Policy]:
    """Ask apt about these packages (what is installed, what it would install)."""
    done = subprocess.run(["apt-cache", "policy", *names], capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL="C"))
    if done.returncode != 0:
        raise CourseError(f"apt-cache policy failed: {done.stderr.strip()}")
    return parse_policy(done.stdout)


def choose(need: Need, policies: dict[str, Policy]) -> Choice:
    """The first alternative installed or installable in a version new enough."""
    for alternative in need.alternatives:
        policy = policies.get(alternative.name)
        if policy is None:
            continue
        if new_enough(policy.installed, alternative.minimum):
            return Choice(need, alternative.name, installed=True, version=policy.installed)
        if new_enough(policy.candidate, alternative.minimum):
            return Choice(need, alternative.name, installed=False, version=policy.candidate)
    return Choice(need, None, installed=False)


def why_unmet(need: Need, policies: dict[str, Policy]) -> str:
    """What apt offers for each alternative of a need none of them meets."""
    offers = []
    for alternative in need.alternatives:
        policy = policies.get(alternative.name)
        version = policy and (policy.candidate or policy.installed)
        offers.append(f"{alternative.name} is {version}" if version
                      else f"apt has no {alternative.name}")
    return f"{need}: " + "; ".join(offers)


@dataclass(frozen=True)
class Resolution:
    """Every need of the list, met or not, on one system."""

    choices: tuple[Choice, ...]
    policies: dict[str, Policy]

    @property
    def packages(self) -> list[str]:
        """The chosen packages, installed or not."""
        return [c.package for c in self.choices if c.package]

    @property
    def missing(self) -> list[str]:
        """The chosen packages apt has yet to install."""
        return [c.package for c in self.choices if c.package and not c.installed]

    @property
    def unmet(self) -> list[str]:
        """A line for each need no package meets, saying what apt offers instead."""
        return [why_unmet(c.need, self.policies) for c in self.choices if c.package is None]


def resolve(needs: list[Need], policies: dict[str, Policy]) -> Resolution:
    """Meet every need from what apt said."""
    return Resolution(tuple(choose(need, policies) for need in needs), policies)


def resolve_here(root: Path, path: Path = LIST, only: set[str] | None = None) -> Resolution:
    """Resolve a list (the course's, unless told) against this system's apt.

    With only, just the needs one of whose alternatives is named there (the
    peers runner installs what the peers it runs need, not the whole list).
    """
    needs = [need for need in read_needs(root / path)
             if only is None or any(a.name in only for a in need.alternatives)]
    return resolve(needs, apt_policy(list(dict.fromkeys(
        a.name for need in needs for a in need.alternatives))))


def is_debian() -> bool:
    """True where dpkg and apt-get manage packages (Debian, Ubuntu and kin)."""
    return shutil.which("apt-cache") is not None and shutil.which("apt-get") is not None


def install_command(names: list[str], root: bool) -> list[list[str]]:
    """The commands that install the packages: apt-get update, then apt-get install."""
    prefix = [] if root else ["sudo"]
    return [prefix + ["apt-get", "update"],
            prefix + ["apt-get", "install", "-y", "--no-install-recommends", *names]]


def ensure(root: Path, quiet: bool = False, path: Path = LIST, only: set[str] | None = None) -> bool:
    """Install what the list needs and this system lacks.

    As root: apt-get update, resolve again (the lists may have been old or
    absent), install, and raise CourseError if a need cannot be met. Not as
    root: print what to run and return False. True when everything is in.
    """
    resolution = resolve_here(root, path, only)
    if not resolution.missing and not resolution.unmet:
        return True
    if os.geteuid() != 0:
        if resolution.missing:
            print("These packages are missing: " + " ".join(resolution.missing))
            commands = install_command(resolution.missing, root=False)
            print("Install them with:\n  " + " && ".join(shlex.join(c) for c in commands))
            print("then run ./course setup again.")
        if resolution.unmet:
            print("apt offers nothing new enough for:\n  " + "\n  ".join(resolution.unmet))
            print("If apt's package lists are old, run `sudo apt-get update` and ./course setup "
                  "again; otherwise see the README for the systems the course supports.")
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    _run(["apt-get", "update"], env, quiet)
    resolution = resolve_here(root, path, only)
    if resolution.unmet:
        raise CourseError("this system's apt offers nothing new enough for:\n  "
                          + "\n  ".join(resolution.unmet)
                          + "\n(the README lists the systems the course supports)")
    if resolution.missing:
        print("Installing: " + " ".join(resolution.missing), flush=True)
        _run(install_command(resolution.missing, root=True)[1], env, quiet)
    return True


def _run(command: list[str], env: dict[str, str], quiet: bool) -> None:
    """Run an apt command; quiet keeps its output unless it fails."""
    done = subprocess.run(command, env=env, text=True, errors="replace",
                          stdout=subprocess.PIPE if quiet else None,
                          stderr=subprocess.STDOUT if quiet else None)
    if done.returncode != 0:
        if quiet:
            sys.stdout.write(done.stdout)
        raise CourseError(f"{shlex.join(command)} failed (its output is above)")
