"""The unprivileged user that runs submissions when the grader is root."""

from __future__ import annotations

import grp
import pwd
import secrets
import shutil
import subprocess
from dataclasses import dataclass

from ..metadata import CourseError

GRADER_USER = "minifw-grader"


@dataclass(frozen=True)
class Identity:
    """The unprivileged user that runs submissions when the grader is root."""

    name: str
    uid: int
    gid: int


def ensure_user(name: str) -> Identity:
    """The dedicated user, created (once) as a system user without a home or a shell."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        # --no-log-init: lastlog is a file indexed by uid, sparse but huge for a large one.
        command = [useradd, "--system", "--uid", str(_unused_uid()), "--user-group",
                   "--no-create-home", "--no-log-init", "--home-dir", "/nonexistent",
                   "--shell", "/usr/sbin/nologin", "--comment", "runs graded minifw submissions",
                   name]
        try:
            done = subprocess.run(command, capture_output=True, text=True)
            complaint = done.stderr.strip()
        except OSError as error:
            complaint = str(error)
        try:
            entry = pwd.getpwnam(name)  # another grader may have created it meanwhile
        except KeyError:
            raise CourseError(
                f"could not create the user {name!r} that runs submissions ({complaint}); "
                f"create it with: useradd --system --user-group --no-create-home "
                f"--shell /usr/sbin/nologin {name}, or pass --user with another "
                "unprivileged user that runs nothing else"
            ) from None
    if entry.pw_uid == 0:
        raise CourseError(f"the user {name!r} is root: pass --user with an unprivileged user")
    return Identity(name=name, uid=entry.pw_uid, gid=entry.pw_gid)


def _unused_uid() -> int:
    """A uid far from the usual ranges, unlikely to be any other container's.

    The process limit counts every process of a uid on the kernel, and
    containers (Gradescope runs many on one machine) share their uids unless
    each maps its own: a fixed system uid would pool the limit of them all.
    """
    def free(lookup, number: int) -> bool:
        try:
            lookup(number)
        except KeyError:
            return True
        return False

    while True:
        uid = 100_000_000 + secrets.randbelow(900_000_000)
        if free(pwd.getpwuid, uid) and free(grp.getgrgid, uid):
            return uid
