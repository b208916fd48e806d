"""Waiting for a file under a folder to change: inotify through ctypes, or a stat scan.

inotify lets the process sleep in select() until the kernel reports a write,
so watching costs nothing between saves. It does not see changes made on the
other side of a network or virtual-machine file system (NFS, CIFS, 9p, which
is how WSL2 mounts Windows drives), and WSL1 emulates it poorly: there the
watcher scans modification times once a second instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import struct
import time
from pathlib import Path

# From <sys/inotify.h>.
IN_MODIFY = 0x00000002
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_Q_OVERFLOW = 0x00004000
IN_ISDIR = 0x40000000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000

_MASK = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF
_EVENT = struct.Struct("iIII")

# File systems whose changes inotify may never hear about.
REMOTE_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "drvfs", "fuse.sshfs",
                      "vboxsf", "vmhgfs", "fuse.vmhgfs-fuse", "prl_fs", "afs"}

QUIET = 0.3  # seconds without events that end a burst of saves
BURST = 2.0  # the most a burst may delay a run


def ignored(name: str) -> bool:
    """Editor droppings: swap, backup and lock files, and vim's write test file."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))
            or name == "4913")


def filesystem_of(path: Path, mounts: str | None = None) -> str:
    """The file system type of the mount holding path, from /proc/mounts."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            return ""
    target = str(path.resolve())
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def inotify_unreliable(path: Path, version: str | None = None,
                       mounts: str | None = None) -> str | None:
    """Why inotify cannot be trusted for path, or None when it can."""
    if version is None:
        try:
            version = Path("/proc/version").read_text()
        except OSError:
            version = ""
    kind = filesystem_of(path, mounts)
    if kind in REMOTE_FILESYSTEMS:
        return f"{path} is on a {kind} file system, whose changes inotify may miss"
    if "microsoft" in version.lower() and "wsl2" not in version.lower():
        return "WSL1 emulates inotify unreliably"
    return None


class PollWatcher:
    """Scans modification times every `interval` seconds."""

    def __init__(self, folder: Path, interval: float = 1.0):
        self.folder = folder
        self.interval = interval
        self.snapshot = self._scan()

    def _scan(self) -> dict[str, tuple[int, int]]:
        files = {}
        for base, dirs, names in os.walk(self.folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if ignored(name):
                    continue
                path = os.path.join(base, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                files[path] = (info.st_mtime_ns, info.st_size)
        return files

    def _changes(self) -> list[str]:
        now = self._scan()
        changed = [p for p in now.keys() | self.snapshot.keys()
                   if now.get(p) != self.snapshot.get(p)]
        self.snapshot = now
        return changed

    def wait(self, timeout: float | None = None) -> list[str]:
        """Block until files change (a burst counts once); [] when timeout passes first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            changed = self._changes()
            if changed:
                break
            if deadline is not None and time.monotonic() >= deadline:
                return []
            time.sleep(self.interval)
        end = time.monotonic() + BURST
        while time.monotonic() < end:
            time.sleep(QUIET)
            more = self._changes()
            if not more:
                break
            changed += more
        return sorted(set(changed))

    def close(self) -> None:
        """Nothing to release."""


class InotifyWatcher:
    """Sleeps in select() on an inotify descriptor watching every folder under one root."""

    def __init__(self, folder: Path):
        name = ctypes.util.find_library("c") or "libc.so.6"
        self._libc = ctypes.CDLL(name, use_errno=True)
        self._libc.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        self.fd = self._libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1: " + os.strerror(ctypes.get_errno()))
        self.folders: dict[int, str] = {}
        try:
            for base, dirs, _ in os.walk(folder):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                self._add(base)
        except OSError:
            self.close()
            raise

    def _add(self, path: str) -> None:
        wd = self._libc.inotify_add_watch(self.fd, os.fsencode(path), _MASK)
        if wd < 0:
            error = ctypes.get_errno()
            raise OSError(error, f"inotify_add_watch {path}: {os.strerror(error)}")
        self.folders[wd] = path

    def _drain(self) -> list[str]:
        changed = []
        try:
            data = os.read(self.fd, 64 * 1024)
        except BlockingIOError:
            return changed
        offset = 0
        while offset + _EVENT.size <= len(data):
            wd, mask, _, length = _EVENT.unpack_from(data, offset)
            raw = data[offset + _EVENT.size: offset + _EVENT.size + length]
            offset += _EVENT.size + length
            name = raw.split(b"\0", 1)[0].decode(errors="replace")
            base = self.folders.get(wd, "")
            if mask & IN_Q_OVERFLOW:
                changed.append("(many files)")
                continue
            if mask & IN_ISDIR:
                if mask & (IN_CREATE | IN_MOVED_TO) and not name.startswith("."):
                    try:
                        self._add(os.path.join(base, name))
                    except OSError:
                        pass
                continue
            if name and not ignored(name):
                changed.append(os.path.join(base, name))
        return changed

    def wait(self, timeout: float | None = None) -> list[str]:
        """Block until files change (a burst counts once); [] when timeout passes first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        changed: list[str] = []
        while not changed:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return []
            changed = self._drain()
        end = time.monotonic() + BURST
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], QUIET)
            if not ready:
                break
            changed += self._drain()
        return sorted(set(changed))

    def close(self) -> None:
        """Release the inotify descriptor."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def make_watcher(folder: Path, poll: bool = False) -> tuple[InotifyWatcher | PollWatcher, str]:
    """The best watcher for folder, and a sentence saying which and why."""
    if poll:
        return PollWatcher(folder), "checking for changes every second (--poll)"
    reason = inotify_unreliable(folder)
    if reason:
        return PollWatcher(folder), f"checking for changes every second: {reason}"
    try:
        return InotifyWatcher(folder), "waiting for changes (inotify)"
    except (OSError, AttributeError) as error:
        return PollWatcher(folder), f"checking for changes every second: inotify failed ({error})"
