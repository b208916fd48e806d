"""The distribution packages the course needs (tools/packages-debian.txt) and which are missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def read_list(path: Path) -> list[str]:
    """Package names, one per line; '#' starts a comment."""
    names = []
    for line in path.read_text().splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            names.append(text)
    return names


def is_debian() -> bool:
    """True where dpkg and apt-get manage packages (Debian, Ubuntu and kin)."""
    return shutil.which("dpkg-query") is not None and shutil.which("apt-get") is not None


def missing(names: list[str]) -> list[str]:
    """The packages dpkg does not report as installed."""
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev}\\n", *names],
        capture_output=True, text=True,
    )
    installed = set()
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].startswith("ii"):
            # dpkg may print "name:amd64"; the list uses the plain name.
            installed.add(parts[0].split(":", 1)[0])
    return [name for name in names if name not in installed]


def install_command(names: list[str], root: bool) -> list[list[str]]:
    """The commands that install the packages: apt-get update, then apt-get install."""
    prefix = [] if root else ["sudo"]
    return [prefix + ["apt-get", "update"],
            prefix + ["apt-get", "install", "-y", *names]]
