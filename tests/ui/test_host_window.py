"""The window and its engine process: a host that dies, a window that dies, a session saved and reopened."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import Driver
from ui.settings import settings_path
from workbench.spec import ClientSpec, ServerSpec

ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False


async def _exchange(ui: Driver, spec: ServerSpec) -> tuple[str, str]:
    session = ui.window.session
    server = await session.start_server(spec)
    assert isinstance(server.address, tuple)
    client = await session.add_client(ClientSpec(port=int(server.address[1])))
    await session.connect_client(client)
    await client.sendall(b"kept after the crash")
    await ui.until(lambda: any("recv" in r["event"] for r in ui.event_rows() if r["source"] == client.id))
    return server.id, client.id


def test_a_host_killed_mid_session_is_explained_and_what_it_recorded_stays(ui: Driver) -> None:
    window = ui.window

    async def scenario() -> None:
        await _exchange(ui, ServerSpec())
        host = window.session.host
        assert host is not None
        before = len(ui.event_rows())
        os.kill(host.pid, signal.SIGKILL)
        await ui.until(lambda: window.host_banner.isVisible(), what="the banner about the dead host")
        message = window.host_message.text()
        assert "ended unexpectedly" in message or "crashed" in message
        assert not window.session.servers and not window.session.clients  # nothing pretends to run
        assert len(ui.event_rows()) >= before, "what it recorded is still shown"
        # a new engine: a new live session, and servers start again
        ui.click("restartHost")
        await ui.until(lambda: window.session.host_alive and window.feed.path == window.session.path)
        await window.session.ensure_host()
        server = await window.session.start_server(ServerSpec())
        assert server.id == "server-1"  # the new host numbers from one again
        assert not window.host_banner.isVisible()

    ui.run(scenario())


KILLED_WINDOW = textwrap.dedent(
    """
    import asyncio, os, sys
    from PySide6.QtWidgets import QApplication
    import qasync
    app = QApplication(["test"])
    from ui.mainwindow import MainWindow
    from workbench.spec import ClientSpec, ServerSpec
    window = MainWindow(); window.show()
    loop = qasync.QEventLoop(app); asyncio.set_event_loop(loop)

    async def main():
        session = window.session
        session.start_host()
        await session.ensure_host()
        server = await session.start_server(ServerSpec(mixin="forking"))
        client = await session.add_client(ClientSpec(port=server.address[1]))
        await session.connect_client(client)
        await client.sendall(b"a child now serves this connection")
        await asyncio.sleep(0.5)
        print(session.host.pid, flush=True)
        await asyncio.sleep(60)

    loop.run_until_complete(main())
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_a_window_killed_mid_session_leaves_no_host_and_no_child(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "SOCKET_WORKBENCH_CONFIG_DIR": str(tmp_path)}  # fmt: skip
    app = subprocess.Popen([sys.executable, "-c", KILLED_WINDOW], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert app.stdout is not None
        host_pid = int(app.stdout.readline())
        # a forked child is a child of the thread that forked (the serve thread)
        children = [c for task in Path(f"/proc/{host_pid}/task").iterdir() for c in (task / "children").read_text().split()]
        assert children, "the forking server's child serves the open connection"
        app.send_signal(signal.SIGKILL)
        app.wait(10)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and (_alive(host_pid) or any(_alive(int(c)) for c in children)):
            time.sleep(0.05)
        assert not _alive(host_pid), "the host exits when its window dies (its stdin ends)"
        assert not any(_alive(int(c)) for c in children), "no forked child outlives it"
    finally:
        app.kill()
        app.wait(10)
        if app.stdout is not None:
            app.stdout.close()


def test_a_saved_session_reopens_read_only_equal_to_the_live_one(ui: Driver, tmp_path: Path, private_settings: Path) -> None:
    window = ui.window
    saved = tmp_path / "exchange.swb"

    async def scenario() -> list[dict[str, str]]:
        await _exchange(ui, ServerSpec(mixin="threading"))
        await window.session.shutdown()
        await asyncio.sleep(0.2)
        window.feed.read_now()
        window.events_pane.flush()
        await window.save_session(str(saved))
        return ui.event_rows()

    live_rows = ui.run(scenario())
    assert saved.exists()
    reopened = window.open_session(str(saved))
    assert reopened is not None
    try:
        assert reopened.read_only and not reopened.left_scroll.isVisible()
        reopened.feed.read_now()
        reopened.events_pane.flush()
        other = Driver(ui.qtbot, ui.loop, reopened)
        assert other.event_rows() == live_rows
        assert reopened.session.host is None, "a saved session needs no engine"
    finally:
        reopened.close()  # deletes itself (a window of its own)
        QApplication.processEvents()
    # File ▸ Recent sessions lists it, from the app's own settings file (not Qt's default one)
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()] == [str(saved)]
    assert str(saved) in settings_path().read_text(encoding="utf-8")
    assert settings_path().parent == private_settings


def test_a_file_that_is_not_a_session_gets_a_plain_message(ui: Driver, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.swb"
    bogus.write_text("not a session")
    assert ui.window.open_session(str(bogus)) is None
    assert "not a Socket Workbench session" in ui.window.statusBar().currentMessage()


def test_the_hosts_log_lines_follow_the_windows_language(ui: Driver) -> None:
    from ui.i18n import apply_language

    view = ui.widget("logView")

    async def scenario() -> None:
        assert apply_language("zh_CN")
        try:
            server = await ui.window.session.start_server(ServerSpec())
            await ui.until(lambda: f"{server.id} 已启动" in view.toPlainText(), what="the line in Chinese")
        finally:
            apply_language("en")
        second = await ui.window.session.start_server(ServerSpec())
        await ui.until(lambda: f"{second.id} started on" in view.toPlainText(), what="the line in English")

    ui.run(scenario())
