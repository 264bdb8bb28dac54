"""The socket-workbench entry point: start-up to a painted window, --version, --self-test dispatch, and
the way out: Stop and close with clients that never finish."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

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


# -- Stop and close with a client that never finishes (issue #12, item 1) ----------------------


def _process_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


async def _start_with_an_idle_client(ui, mixin: str) -> tuple[str, socket.socket]:
    """A server started from the form, and a connected client (outside the app) that sends nothing."""
    ui.choose("serverMixin", mixin)
    ui.click("serverStart")
    new = await ui.until(lambda: set(ui.window.session.servers), what="the server to start")
    ident = new.pop()
    server = ui.window.session.servers[ident]
    idle = socket.create_connection(server.address, timeout=5)
    await ui.until(lambda: server.active_requests == 1, what="the idle request to be handled")
    return ident, idle


@pytest.mark.parametrize("mixin", ["none", "threading", "forking"])
def test_stop_says_which_request_holds_it_and_end_now_ends_it(ui, mixin: str) -> None:
    live = ui.window.live_list

    async def scenario() -> None:
        ident, idle = await _start_with_an_idle_client(ui, mixin)
        try:
            local = "{}:{}".format(*idle.getsockname())
            ui.click(f"stop-{ident}")
            stop = ui.widget(f"stop-{ident}")
            assert not stop.isEnabled() and stop.text() == "Stopping…"
            row = live.item(ident)
            await ui.until(lambda: "waiting for" in row.text(live.COL_REQUESTS), what="the waiting request")
            assert row.text(live.COL_REQUESTS) == "waiting for #1"
            assert f"request #1 from {local}" in row.toolTip(live.COL_REQUESTS)
            end = await ui.until(lambda: live.findChild(QWidget, f"end-{ident}"), what="End now")
            assert end.isVisibleTo(live) and end.text() == "End now"
            # End now takes the greyed Stop's place, and neither it nor the text is cut off
            await ui.until(lambda: not stop.isVisibleTo(live), what="Stopping… to make room")
            QApplication.processEvents()
            viewport = live.viewport()
            right = end.mapTo(viewport, end.rect().topRight()).x()
            assert 0 < right <= viewport.width(), f"End now ends at {right} of {viewport.width()} px"
            shown = live.header().sectionSize(live.COL_REQUESTS)
            assert live.fontMetrics().horizontalAdvance("waiting for #1") <= shown
            # the socket still listens while the stop waits: its accept queue is still shown
            gauge = live.gauge(ident)
            await ui.until(lambda: gauge.text() == "accept queue 0/5", what="the queue while stopping")
            with socket.create_connection(ui.window.session.servers[ident].address, timeout=5):
                await ui.until(lambda: gauge.text() == "accept queue 1/5", what="a client queued while stopping")
            started = time.monotonic()
            ui.click(end)
            await ui.until(lambda: ident not in ui.window.session.servers, timeout=3, what="the stop to end")
            assert time.monotonic() - started < 1.0, "End now ends the stop within a second"
            assert live.item(ident) is None
            idle.settimeout(2)
            assert idle.recv(1) == b""  # its socket was shut down: handle() returned
        finally:
            idle.close()

    ui.run(scenario())


def test_closing_the_window_twice_while_a_stop_waits_never_blocks(ui) -> None:
    window = ui.window

    async def scenario() -> None:
        ident, idle = await _start_with_an_idle_client(ui, "forking")
        try:
            host = window.session.host
            assert host is not None
            host_pid = host.pid
            children = await ui.until(lambda: _children_of(host_pid), what="the child serving the idle client")
            ui.click(f"stop-{ident}")  # it would wait 10 s for the idle client
            await asyncio.sleep(0.2)
            took = []
            for _ in range(2):
                started = time.perf_counter()
                window.close()
                took.append(time.perf_counter() - started)
            assert max(took) < 0.1, f"close() took {took} s"
            # the host stops everything on its own; meanwhile the GUI thread keeps turning
            gaps, last = [], time.perf_counter()
            deadline = time.monotonic() + 3
            while host.alive and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now
            assert not host.alive, "the host did not exit within 3 s of the window closing"
            assert max(gaps) < 0.25, f"the GUI thread stalled for {max(gaps):.3f} s"
            idle.settimeout(2)
            assert idle.recv(1) == b""  # the child serving it was ended
        finally:
            idle.close()
        assert not _process_running(host_pid), "the host process is still running"
        deadline = time.monotonic() + 2  # orphaned children are reaped by init meanwhile
        while any(_process_running(pid) for pid in children) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert [pid for pid in children if _process_running(pid)] == []

    ui.run(scenario())


def _children_of(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found.update(int(p) for p in (task / "children").read_text().split())
        except OSError:
            pass
    return found


# -- no display (issue #12, item 10) -----------------------------------------------------------

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland displays")


def _without_display(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


def _free_display() -> str:
    """A display number no X server listens on."""
    number = 87
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return f":{number}"


def _says_plainly(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)  # not 134: no abort, no core
    assert "Traceback" not in result.stderr and "xcb-cursor" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


@linux_only
def test_without_a_display_the_app_says_what_to_do_and_exits_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ui.app"], cwd=ROOT, env=_without_display(), capture_output=True, text=True, timeout=60
    )
    line = _says_plainly(result)
    assert "DISPLAY" in line and "xvfb-run" in line and "serve --help" in line
    chinese = subprocess.run(
        [sys.executable, "-m", "ui.app"],
        cwd=ROOT,
        env=_without_display(SOCKET_WORKBENCH_LANGUAGE="zh_CN"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "没有设置" in _says_plainly(chinese)


@linux_only
def test_scripts_run_app_without_a_display_names_itself_and_the_cli() -> None:
    result = subprocess.run(
        [str(ROOT / "scripts" / "run-app")], cwd=ROOT, env=_without_display(), capture_output=True, text=True, timeout=300
    )
    if result.returncode == 1 and "system packages are missing" in result.stderr:
        pytest.skip("not root, and Qt's system libraries are not installed")
    line = _says_plainly(result)
    assert "scripts/run-app" in line and ".venv/bin/workbench serve --help" in line


@linux_only
def test_a_platform_chosen_explicitly_needs_no_display() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ui.app", "-platform", "offscreen", "--startup-probe"],
        cwd=ROOT,
        env=_without_display(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert any(line.startswith(STARTUP_MARK) for line in result.stdout.splitlines())


@linux_only
def test_a_display_that_does_not_answer_is_explained_instead_of_an_abort() -> None:
    display = _free_display()
    result = subprocess.run(
        [sys.executable, "-m", "ui.app"],
        cwd=ROOT,
        env=_without_display(DISPLAY=display),
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = _says_plainly(result)  # Qt itself blames libxcb-cursor0 here, and aborts
    assert f"could not open the display {display}" in line and "serve --help" in line


@linux_only
def test_a_platform_plugin_missing_a_library_is_named(tmp_path: Path, monkeypatch, capfd) -> None:
    """A real plugin whose dependency cannot be found (a copy away from Qt's libraries), loaded as Qt would."""
    import shutil

    from PySide6.QtCore import QLibraryInfo

    from ui import display

    plugin = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"
    if not plugin.is_file():
        pytest.skip("this Qt has no xcb plugin")
    copy = tmp_path / "platforms" / "libqxcb.so"
    copy.parent.mkdir()
    shutil.copy(plugin, copy)
    # (Qt's own copy last: once it is loaded, its libraries are in the process for any copy)
    monkeypatch.setenv("QT_QPA_PLATFORM_PLUGIN_PATH", str(copy.parent))
    display.explain_platform_failure(
        [f'qt.qpa.plugin: Could not load the Qt platform plugin "xcb" in "{copy.parent}" even though it was found.'],
        "This application failed to start because no Qt platform plugin could be initialized.",
    )
    err = capfd.readouterr().err
    assert "xcb platform plugin" in err and "libQt6XcbQpa.so.6" in err and "PySide6" in err
    assert display.missing_library(copy) == "libQt6XcbQpa.so.6"  # found next to Qt's, not here
    assert display.missing_library(plugin) is None  # Qt's own copy finds everything it needs


def test_a_missing_system_library_is_named_with_its_debian_package() -> None:
    from ui.display import debian_package

    # the sonames of bootstrap.sh's XCB_LIBS, the packages it installs
    xcb_libs = (ROOT / "scripts" / "bootstrap.sh").read_text().split('XCB_LIBS="', 1)[1].split('"', 1)[0].split()
    assert {debian_package("libxcb-cursor.so.0"), debian_package("libxkbcommon-x11.so.0.0.0")} <= set(xcb_libs)
    assert debian_package("libxcb-render-util.so.0") in xcb_libs
