"""Where live sessions live (tmpfs), who owns each, and clearing the ones a dead window left.

A live session is ``<base>/socket-workbench-XXXX/live.swb`` in a private (0700) directory.
The window that made it holds an ``flock`` on ``owner.lock`` beside it for as long as it runs;
the kernel drops the lock when that process ends, however it ends. So a window killed with
SIGKILL (or a crash) leaves a directory whose lock anyone can take: the next window that
starts a host takes it and removes the directory, so /dev/shm (memory) does not fill up with
the sessions of windows long gone. Qt-free.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time

PREFIX = "socket-workbench-"
LOCK_NAME = "owner.lock"
#: A directory without a lock file is a window's between mkdtemp() and its lock (microseconds),
#: or one made before locks existed: only the latter is this old.
UNLOCKED_GRACE_S = 600.0

_held: dict[str, int] = {}  # directory -> the lock file descriptor this process holds


def session_base() -> str:
    """tmpfs when there is one (2x faster than disk), else the temp folder."""
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        return "/dev/shm"
    return tempfile.gettempdir()


def live_session_path(base: str | None = None) -> str:
    """A new private directory for a live session, locked by this process; the session file's path."""
    directory = tempfile.mkdtemp(prefix=PREFIX, dir=base or session_base())  # 0700
    fd = os.open(os.path.join(directory, LOCK_NAME), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # new and private: nobody else can hold it
    _held[directory] = fd
    return os.path.join(directory, "live.swb")


def remove_live_session(path: str) -> None:
    """Delete a live session file and its private directory (after Save, it lives elsewhere)."""
    directory = os.path.dirname(path)
    try:
        os.unlink(path)
    except OSError:
        pass
    try:
        os.unlink(os.path.join(directory, LOCK_NAME))
    except OSError:
        pass
    fd = _held.pop(directory, None)
    if fd is not None:
        os.close(fd)
    try:
        os.rmdir(directory)
    except OSError:
        pass


def sweep_stale_sessions(base: str | None = None) -> list[str]:
    """Remove the live-session directories of windows that are gone; the ones removed.

    Only this user's directories, only ours by name, never one whose owner still holds its lock.
    """
    base = base or session_base()
    removed: list[str] = []
    try:
        names = os.listdir(base)
    except OSError:
        return removed
    uid = os.getuid()
    for name in names:
        if not name.startswith(PREFIX):
            continue
        directory = os.path.join(base, name)
        if directory in _held:
            continue
        try:
            st = os.lstat(directory)
        except OSError:
            continue
        if st.st_uid != uid or not os.path.isdir(directory) or os.path.islink(directory):
            continue
        if _owner_gone(directory, st.st_mtime):
            shutil.rmtree(directory, ignore_errors=True)
            removed.append(directory)
    return removed


def _owner_gone(directory: str, mtime: float) -> bool:
    try:
        fd = os.open(os.path.join(directory, LOCK_NAME), os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
    except FileNotFoundError:
        return time.time() - mtime > UNLOCKED_GRACE_S
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # its window still runs
    finally:
        os.close(fd)  # closing drops a lock we took
    return True
