"""The socket-workbench entry point: start-up to a painted window, --version, --self-test dispatch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ui.app import STARTUP_MARK
from ui.i18n import apply_language, resources_dir, translation_file

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "ui.app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_app_paints_a_window_and_quits_cleanly(tmp_path: Path) -> None:
    result = _run("--startup-probe")
    assert result.returncode == 0, result.stderr
    marks = [line for line in result.stdout.splitlines() if line.startswith(STARTUP_MARK)]
    assert len(marks) == 1
    assert float(marks[0].split()[1]) > 0
    assert "Traceback" not in result.stderr


def test_nothing_on_the_way_to_the_first_frame_imports_asyncio() -> None:
    # The window is painted before asyncio and qasync are imported (~50 ms of start-up);
    # a module-level "import asyncio" in any of these would quietly bring them back.
    code = (
        "import sys, ui.app, ui.errors, ui.mainwindow, ui.server_pane, ui.client_pane, "
        "ui.log_pane, ui.event_table; "
        "print(sorted(m for m in ('asyncio', 'qasync', 'ssl') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0 and result.stdout.startswith("socket-workbench ")


def test_self_test_is_dispatched_to_ui_selftest() -> None:
    result = _run("--self-test", "--help")
    assert result.returncode == 0, result.stderr
    assert "--self-test" in result.stdout  # the self-test's own usage line


def test_resources_and_translation_lookup(qapp) -> None:
    assert (resources_dir() / "icons" / "socket-workbench.svg").is_file()
    # no .qm for a language we do not ship, and English needs none
    assert translation_file("tlh") is None
    assert translation_file("en") is None
    with pytest.raises(ValueError, match="en, zh_CN"):
        apply_language("tlh", qapp)


def _catches(pid: int, signum: int) -> bool:
    """Whether the process has a handler installed for signum (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_closes_the_window_the_normal_way(signum: int) -> None:
    # At logout the session sends SIGTERM; in a terminal, Ctrl+C sends SIGINT. Either closes
    # the window (which stops servers first) and exits 0 instead of dying mid-request.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.app"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        # Python catches SIGINT from birth; the app installs its handlers for both at once.
        while not _catches(proc.pid, signal.SIGTERM):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "the app never installed its signal handlers"
            time.sleep(0.05)
        proc.send_signal(signum)
        _out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, err
        assert b"Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


_GC_PROBE = """
import gc, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.app, ui.mainwindow

def look():
    print("GC", int(gc.isenabled()), gc.get_freeze_count(), flush=True)
    QApplication.instance().closeAllWindows()

built = ui.mainwindow.MainWindow.__init__
def init(self, *args, **kwargs):
    built(self, *args, **kwargs)
    QTimer.singleShot(2000, look)  # well after the deferred panes are built

ui.mainwindow.MainWindow.__init__ = init
sys.exit(ui.app._run_gui([]))
"""


def test_the_garbage_collector_is_back_on_after_start_up_with_start_up_objects_frozen() -> None:
    # Off during start-up (it only walked long-lived objects); left off, memory in cycles
    # would never be freed. Frozen: a full collection no longer walks the window's objects.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", _GC_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("GC "))
    _mark, enabled, frozen = line.split()
    assert enabled == "1"
    assert int(frozen) > 10_000
