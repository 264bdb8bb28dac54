"""Live-session directories: a window's own stays while it runs; a dead window's goes at the next start."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from ui.live_sessions import (
    LOCK_NAME,
    UNLOCKED_GRACE_S,
    live_session_path,
    remove_live_session,
    sweep_stale_sessions,
)

HOLD = """
import sys, time
from ui.live_sessions import live_session_path
path = live_session_path(sys.argv[1])
open(path, "wb").write(b"x")
print(path, flush=True)
if sys.argv[2] == "stay":
    time.sleep(60)
"""


def owner(base: Path, how: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(base), how], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def test_a_dead_windows_session_is_swept_and_a_running_ones_is_not(tmp_path: Path) -> None:
    running, kept = owner(tmp_path, "stay")
    gone, stale = owner(tmp_path, "exit")
    try:
        assert gone.wait(10) == 0
        mine = live_session_path(str(tmp_path))
        removed = sweep_stale_sessions(str(tmp_path))
        assert removed == [os.path.dirname(stale)]
        assert not os.path.exists(os.path.dirname(stale))
        assert os.path.exists(kept) and os.path.exists(os.path.dirname(mine))
        remove_live_session(mine)
        assert not os.path.exists(os.path.dirname(mine))
    finally:
        running.kill()
        running.wait(10)
    assert sweep_stale_sessions(str(tmp_path)) == [os.path.dirname(kept)]  # killed: its lock went with it
    assert list(tmp_path.iterdir()) == []


def test_other_folders_and_young_unlocked_ones_are_left(tmp_path: Path) -> None:
    (tmp_path / "not-ours").mkdir()
    young = tmp_path / "socket-workbench-young"
    young.mkdir()
    old = tmp_path / "socket-workbench-old"
    old.mkdir()
    (old / "live.swb").write_bytes(b"x")
    past = time.time() - UNLOCKED_GRACE_S - 60
    os.utime(old, (past, past))
    assert sweep_stale_sessions(str(tmp_path)) == [str(old)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-ours", "socket-workbench-young"]
    assert not (young / LOCK_NAME).exists()
