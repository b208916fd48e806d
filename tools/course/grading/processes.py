"""Finding, counting and ending processes, from /proc.

The grader ends a submission's processes by who they are (their uid, as
root) or by whose descendants they are (as another user), not by name, so a
process that renamed itself, changed its group or left its session is
still found.
"""

from __future__ import annotations

import os
import signal
from typing import Iterator

from .accounts import Identity


def processes_of_user(uid: int) -> tuple[list[int], list[int]]:
    """(live, zombie) processes whose real, effective or saved uid is uid."""
    alive, zombies = [], []
    for pid, fields in proc_status():
        if str(uid) in fields.get("Uid", "").split()[:3]:
            (zombies if fields.get("State", "").startswith("Z") else alive).append(pid)
    return alive, zombies


def descendants_of(ancestor: int) -> tuple[list[int], list[int]]:
    """(live, zombie) descendants of a process, from /proc."""
    children: dict[int, list[int]] = {}
    zombies = set()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as file:
                stat = file.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold anything: parse after it.
        rest = stat[stat.rfind(b")") + 2:].split()
        pid, state, parent = int(entry.name), rest[0], int(rest[1])
        children.setdefault(parent, []).append(pid)
        if state == b"Z":
            zombies.add(pid)
    alive, dead, queue = [], [], list(children.get(ancestor, []))
    while queue:
        pid = queue.pop()
        (dead if pid in zombies else alive).append(pid)
        queue.extend(children.get(pid, []))
    return alive, dead


def tasks_of_user(uid: int) -> int:
    """Threads the user runs now: RLIMIT_NPROC counts them all, not only the test's."""
    total = 0
    for _, fields in proc_status():
        if fields.get("Uid", "").split()[:1] == [str(uid)]:
            total += int(fields.get("Threads", "1") or 1)
    return total


def kill_every_process_of(identity: Identity) -> None:
    """kill(-1, SIGKILL) as the user: one pass the kernel makes while no process can fork."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(identity.gid)
            os.setuid(identity.uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def proc_status() -> Iterator[tuple[int, dict[str, str]]]:
    """Every process's /proc/PID/status fields ("Uid", "State", "Threads"...), by pid."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status") as file:
                text = file.read()
        except OSError:
            continue
        fields = {}
        for line in text.splitlines():
            key, _, value = line.partition(":")
            fields[key] = value.strip()
        yield int(entry.name), fields
