"""Guard for the PySide6 6.12.0 / Python 3.11 regression that aborts the interpreter after ~570 emits."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject, Signal

from ui.bridge import BatchBridge

EMITS = 10_000

_SCRIPT = textwrap.dedent(
    f"""
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    class Emitter(QObject):
        fired = Signal(int)
        bare = Signal()

    app = QCoreApplication([])
    e = Emitter()
    got = []
    e.fired.connect(got.append)
    e.bare.connect(lambda: got.append(-1))
    for i in range({EMITS}):
        e.fired.emit(i)
        e.bare.emit()
    assert len(got) == 2 * {EMITS}, len(got)
    print("survived", len(got))
    """
)


def test_interpreter_survives_10000_python_signal_emits() -> None:
    # In a child process: the regression is a hard abort ("Fatal Python error: bool_dealloc"),
    # which would take pytest down with it instead of failing one test.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=60, env=env
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"survived {2 * EMITS}" in proc.stdout


class _Emitter(QObject):
    fired = Signal(int)


def test_in_process_emits_and_bridge_wakeups_survive(qtbot) -> None:
    emitter = _Emitter()
    got: list[int] = []
    emitter.fired.connect(got.append)
    for i in range(EMITS):
        emitter.fired.emit(i)
    assert got == list(range(EMITS))

    # Each post() after a delivery emits the bridge's wake signal once: force many wakes.
    bridge = BatchBridge(min_interval=0)
    delivered: list[int] = []
    bridge.batchReady.connect(delivered.extend)
    for i in range(2000):
        bridge.post(i)
        bridge.flush()
    qtbot.wait(10)
    assert delivered == list(range(2000))
