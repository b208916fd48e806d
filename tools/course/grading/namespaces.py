"""Namespaces for a child process, as root: its own network, IPC and mount view.

Used between fork and exec, before the child drops to the unprivileged
user: unsharing needs CAP_SYS_ADMIN. A default Docker container refuses
it; the sandbox checks first and does without.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import socket
import struct

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWNET = 0x40000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_REC = 0x4000
_MS_PRIVATE = 0x40000
_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1
_IFREQ = "16sH22x"  # struct ifreq: the interface name, then the flags

_libc = ctypes.CDLL(None, use_errno=True)


def enter_namespaces(flags: int, hidden: tuple[str, ...]) -> None:
    """In a child, as root: unshare the namespaces, bring loopback up, cover the hidden folders."""
    _check(_libc.unshare(flags))
    if flags & CLONE_NEWNET:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            request = struct.pack(_IFREQ, b"lo", 0)
            state = struct.unpack(_IFREQ, fcntl.ioctl(probe, _SIOCGIFFLAGS, request))[1]
            fcntl.ioctl(probe, _SIOCSIFFLAGS, struct.pack(_IFREQ, b"lo", state | _IFF_UP))
    if flags & CLONE_NEWNS:
        # Private first: a mount made here must not propagate to the machine.
        _check(_libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None))
        for path in hidden:
            _check(_libc.mount(b"none", path.encode(), b"tmpfs",
                               _MS_RDONLY | _MS_NOSUID | _MS_NODEV | _MS_NOEXEC,
                               b"size=4k,mode=000"))


def _check(result: int) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))
