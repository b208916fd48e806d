"""Running a submission's code so that it cannot outlive, outgrow or outwit the grader.

Every process the grader starts for a submission (the compiler, each test)
gets, in the child, before it runs: its own session and process group,
kernel resource limits, a parent-death signal, and no_new_privs (a setuid
program such as sudo gains nothing). Then there are two cases:

- As root (CI containers, Gradescope): the child drops to a dedicated
  unprivileged user. RLIMIT_NPROC only holds for a user who is not root,
  and a dedicated user makes every leftover process easy to find (its uid)
  and every file it wrote outside its scratch folder too. When the kernel
  allows it (not in a default Docker container), each child also gets its
  own network, IPC and mount namespaces: loopback works and nothing else
  is reachable, System V objects vanish with the test, and the folders a
  submission must not read (the reference solutions, the hidden tests)
  are covered by an empty read-only tmpfs, for the compiler and the tests.
- As anyone else: the child keeps the grader's user. The grader becomes a
  child subreaper, so a process that escapes its group (setsid, double
  fork) is still re-parented to the grader and killed; the process limit
  counts every process of the user, so it is set above the current count.
  Isolation is weaker: the code can read and write what the user can.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..metadata import CourseError
from .accounts import GRADER_USER, Identity, ensure_user
from .capture import Capture
from .limits import Limits
from .namespaces import CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, enter_namespaces
from .processes import descendants_of, kill_every_process_of, processes_of_user, tasks_of_user

_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36
_PR_SET_NO_NEW_PRIVS = 38

# Sticky world-writable folders: the only places outside its scratch folder
# where the grader's user can leave a file behind.
SHARED_TEMP_DIRS = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")

_libc = ctypes.CDLL(None, use_errno=True)


@dataclass
class Finished:
    """How one sandboxed run ended, and what it printed (capped)."""

    returncode: int
    output: str
    seconds: float
    timed_out: bool


class Sandbox:
    """Starts, limits, watches and cleans up after a submission's processes."""

    def __init__(self, identity: Identity | None, namespaces: int = 0,
                 hidden: tuple[str, ...] = ()):
        self.identity = identity
        self.namespaces = namespaces  # CLONE_NEW* flags each child unshares
        self.hidden = hidden if namespaces & CLONE_NEWNS else ()

    @classmethod
    def open(cls, user: str = GRADER_USER, network: bool = True,
             hide: list[Path] | tuple = ()) -> Sandbox:
        """The strongest sandbox this process can set up (see the module's docstring).

        hide: folders no submission may read, covered in the children when
        mount namespaces are available.
        """
        if os.geteuid() == 0:
            wanted = CLONE_NEWNS | CLONE_NEWIPC | (CLONE_NEWNET if network else 0)
            hidden = tuple(str(Path(p).resolve()) for p in hide if Path(p).is_dir())
            sandbox = cls(ensure_user(user), wanted, hidden)
            if not sandbox._namespaces_work():
                sandbox.namespaces, sandbox.hidden = 0, ()
        else:
            sandbox = cls(None)
        # Orphans of a test are re-parented to the grader, which reaps them.
        _libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        return sandbox

    @contextlib.contextmanager
    def claimed(self) -> Iterator[None]:
        """Hold the dedicated user alone: this sandbox ends every process of that user.

        Two gradings as one user would kill each other's compilers and tests,
        so the second waits (a lock per user under /run, root's alone).
        """
        if self.identity is None or not os.path.isdir("/run"):
            yield
            return
        path = f"/run/{self.identity.name}.lock"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"waiting for another grading as {self.identity.name} to finish",
                      file=sys.stderr)
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    @property
    def isolate_network(self) -> bool:
        """True when each child has a network of its own (loopback only)."""
        return bool(self.namespaces & CLONE_NEWNET)

    def describe(self) -> str:
        """One line for the report: how submissions were isolated."""
        if self.identity is None:
            return (
                "weaker isolation: the grader is not root, so tests ran as the grader's own "
                "user, in their own process group, with resource limits; they could read and "
                "write whatever that user can. Grade as root for a dedicated user."
            )
        if not self.namespaces:
            extra = "; namespaces are not available here, so tests share the machine's network"
        else:
            extra = "; own network namespace (loopback only)" if self.isolate_network else ""
            if self.hidden:
                extra += "; hidden from the build and the tests: " + ", ".join(self.hidden)
        return (
            f"tests ran as the unprivileged user {self.identity.name} (uid {self.identity.uid}), "
            f"each in its own process group, with resource limits and no new privileges{extra}"
        )

    # -- running -------------------------------------------------------------

    def run(self, argv: list[str], *, cwd: Path, env: dict[str, str], limits: Limits,
            seconds: float, umask: int = 0o077) -> Finished:
        """Run argv under the limits; kill its whole tree after `seconds` or when it ends."""
        capture = Capture(limits.output_kib * 1024)
        extra = 0 if self.identity is not None else tasks_of_user(os.getuid())
        started = time.monotonic()
        process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, close_fds=True,
            preexec_fn=self._child_setup(limits.rlimits(extra), umask),
        )
        timed_out = False
        ended = started
        try:
            timed_out = self._watch(process, capture, started + seconds)
            ended = time.monotonic()
        finally:
            # The test is the leader of its session, so its group id is its pid
            # whatever it did. Wait for it before reaping orphans: reaping it by
            # accident would lose its exit status.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            self.kill_leftovers()
            self._drain(process, capture)
        return Finished(
            returncode=process.returncode,
            output=capture.text(),
            seconds=ended - started,
            timed_out=timed_out,
        )

    def _watch(self, process: subprocess.Popen, capture: Capture, deadline: float) -> bool:
        """Read output until the process exits; True when the deadline came first."""
        out = process.stdout.fileno()
        os.set_blocking(out, False)
        try:
            exit_fd = os.pidfd_open(process.pid)
        except (AttributeError, OSError):
            exit_fd = None  # kernels before 5.3: poll for the exit instead
        try:
            open_fds = [out] + ([exit_fd] if exit_fd is not None else [])
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return True
                wait = left if exit_fd is not None else min(left, 0.02)
                ready, _, _ = select.select(open_fds, [], [], wait)
                if out in ready and not _read_available(out, capture):
                    open_fds.remove(out)  # end of output; the process may still run
                if exit_fd is not None:
                    if exit_fd in ready:
                        return False
                elif process.poll() is not None:
                    return False
        finally:
            if exit_fd is not None:
                os.close(exit_fd)

    def _drain(self, process: subprocess.Popen, capture: Capture) -> None:
        """Read what the dead tree left in the pipe; bounded, since every writer is gone."""
        out = process.stdout.fileno()
        deadline = time.monotonic() + 2.0
        try:
            while time.monotonic() < deadline:
                ready, _, _ = select.select([out], [], [], max(0.0, deadline - time.monotonic()))
                if not ready or not _read_available(out, capture):
                    break
        finally:
            process.stdout.close()

    def _child_setup(self, rlimits: list[tuple[int, int, int]], umask: int):
        """The function the child runs between fork and exec (no threads exist there)."""
        identity = self.identity
        namespaces, hidden = self.namespaces, self.hidden

        def setup() -> None:
            os.setsid()
            for which, soft, hard in rlimits:
                resource.setrlimit(which, (soft, hard))
            if namespaces:
                enter_namespaces(namespaces, hidden)
            if identity is not None:
                os.setgroups([])
                os.setgid(identity.gid)
                os.setuid(identity.uid)
            # After setuid: a change of credentials clears the parent-death signal.
            _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
            os.umask(umask)

        return setup

    def _namespaces_work(self) -> bool:
        """Can a child get its namespaces here, with a working loopback and the folders hidden?"""
        check = (
            "import os, socket, sys\n"
            "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
            "socket.create_connection(s.getsockname(), timeout=5).close()\n"
            "sys.exit(any(os.listdir(path) for path in sys.argv[1:]))\n"
        )
        namespaces, hidden = self.namespaces, self.hidden
        try:
            done = subprocess.run(
                [sys.executable, "-c", check, *hidden], capture_output=True, timeout=30,
                preexec_fn=lambda: enter_namespaces(namespaces, hidden),
            )
        except (subprocess.SubprocessError, OSError):
            return False
        return done.returncode == 0

    # -- cleaning up ---------------------------------------------------------

    def kill_leftovers(self) -> list[int]:
        """Kill and reap every process a submission may still have; the pids found.

        Zombies count too: until reaped, they still count against the user's
        process limit, and the next test would find it used up.
        """
        found: list[int] = []
        for round_number in range(200):
            alive, zombies = self._leftovers()
            if not alive and (not zombies or round_number >= 20):
                # A zombie that outlasts a few rounds has a parent other than
                # the grader, which must reap it: it holds nothing but a pid.
                return found
            found.extend(pid for pid in alive if pid not in found)
            if alive and self.identity is not None:
                kill_every_process_of(self.identity)
            for pid in alive if self.identity is None else ():
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            self.reap()
            if round_number:
                # A killed process may still be leaving the kernel, or on its
                # way to being re-parented to the grader: give it a moment.
                time.sleep(min(0.05, 0.002 * round_number))
        raise CourseError(
            "processes of the submission survived SIGKILL: "
            + ", ".join(map(str, self._leftovers()[0]))
            + "; check them with ps and end them before grading again"
        )

    def _leftovers(self) -> tuple[list[int], list[int]]:
        """(live, zombie) processes that belong to a submission."""
        if self.identity is not None:
            return processes_of_user(self.identity.uid)
        return descendants_of(os.getpid())

    def reap(self) -> None:
        """Collect the exit status of re-parented orphans, so no zombie stays."""
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return

    def remove_leftover_files(self) -> list[str]:
        """Remove what the dedicated user left in the shared temporary folders."""
        if self.identity is None:
            return []
        removed = []
        for folder in SHARED_TEMP_DIRS:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                try:
                    owner = entry.stat(follow_symlinks=False).st_uid
                except OSError:
                    continue
                if owner == self.identity.uid:
                    remove_tree(Path(entry.path))
                    removed.append(entry.path)
        return removed

    # -- files ---------------------------------------------------------------

    def give(self, path: Path) -> None:
        """Let the submission's user write under path (for the build)."""
        if self.identity is None:
            return
        for item in _walk(path):
            os.chown(item, self.identity.uid, self.identity.gid, follow_symlinks=False)

    def take_back(self, path: Path, runnable: list[Path]) -> None:
        """Make path root's and private again, except that the runnable files can be run.

        Run, not read: the kernel loads an executable the user may not read, so
        a test cannot copy a test binary (and the hidden tests in it) elsewhere,
        nor change one that a later test will run.
        """
        if self.identity is None:
            return
        for item in _walk(path):
            os.chown(item, 0, 0, follow_symlinks=False)
            if not os.path.islink(item):
                os.chmod(item, os.lstat(item).st_mode & 0o700)
        for binary in runnable:
            current = binary
            while True:
                os.chmod(current, os.lstat(current).st_mode | 0o011)
                if current == path or path not in current.parents:
                    break
                current = current.parent

    @contextlib.contextmanager
    def scratch(self, parent: Path) -> Iterator[Path]:
        """A private, empty folder for one run (its HOME, TMPDIR and cwd), removed after."""
        folder = Path(tempfile.mkdtemp(prefix="run-", dir=parent))
        try:
            if self.identity is not None:
                os.chown(folder, self.identity.uid, self.identity.gid)
            os.chmod(folder, 0o700)
            yield folder
        finally:
            remove_tree(folder)


def remove_tree(path: Path) -> None:
    """Remove a folder a test wrote, even one whose modes it took away."""

    def retry(function, target, _error):
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(target), 0o700)
            if os.path.isdir(target) and not os.path.islink(target):
                os.chmod(target, 0o700)
            function(target)

    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(OSError):
            path.unlink()
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=retry)
    else:
        shutil.rmtree(path, onerror=retry)


def _read_available(fd: int, capture: Capture) -> bool:
    """Read what the pipe holds now; False at end of output."""
    for _ in range(64):  # stay responsive to the deadline while a flood goes on
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        capture.add(chunk)
    return True


def _walk(path: Path) -> Iterator[str]:
    yield str(path)
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            yield os.path.join(folder, name)
