"""Workspaces through the real window and host: saved from one window, opened in a fresh one, broken files refused."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from tests.ui.client_steps import connect, start_server
from tests.ui.conftest import Driver
from ui.packets import Packet
from workbench.workspace import load

ROOT = Path(__file__).resolve().parents[2]
PONG = "framing = 'line'\n[[rule]]\nname = 'ping'\nmatch = 'PING (\\d+)\\r?\\n'\nreply = 'PONG \\1\\n'\n"


@contextlib.contextmanager
def another_window(qtbot: Any, qloop: Any) -> Iterator[Driver]:
    """A second real window with its own host, stopped and closed at the end like the fixture's."""
    from ui.mainwindow import MainWindow

    win = MainWindow()
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.session.start_host()
    qloop.run_until_complete(asyncio.wait_for(win.session.ensure_host(), 30))
    try:
        yield Driver(qtbot, qloop, win)
    finally:
        qloop.run_until_complete(asyncio.wait_for(win.session.shutdown(), 30))
        win.close()
        win.session.finish()
        assert win.session.host is None or not win.session.host.alive
        win.deleteLater()
        qloop.run_until_complete(asyncio.sleep(0))


async def a_box(ui: Driver, name: str) -> QMessageBox:
    """The message box of that name once it is shown (the window opens it, then awaits the answer)."""
    return await ui.until(lambda: _shown_box(ui, name), what=f"the {name} message box")


def _shown_box(ui: Driver, name: str) -> QMessageBox | None:
    box = ui.window.findChild(QMessageBox, name)
    return box if box is not None and box.isVisible() else None


def click_button(ui: Driver, box: QMessageBox, name: str) -> None:
    button = box.findChild(QPushButton, name)
    assert button is not None, f"no button {name} in {box.objectName()}"
    ui.click(button)


def exchange(address: Any, data: bytes) -> bytes:
    with socket.create_connection(address[:2], timeout=10) as sock:
        sock.sendall(data)
        return sock.recv(4096)


def test_a_saved_workspace_runs_again_in_a_fresh_window(ui: Driver, qtbot: Any, qloop: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.settings import CONFIG_DIR_ENV

    path = tmp_path / "work.toml"
    # the first window keeps its saved packets elsewhere: the fresh one must get them from the file
    first_settings = tmp_path / "first"
    first_settings.mkdir()
    own_settings = os.environ[CONFIG_DIR_ENV]
    monkeypatch.setenv(CONFIG_DIR_ENV, str(first_settings))
    with another_window(qtbot, qloop) as first:

        async def build() -> None:
            echo = await start_server(first)
            client = await connect(first, echo)
            assert first.window.session.clients[client].connected
            first.window.server_pane.rules_editor.set_text(PONG)
            await start_server(first, serverHandler="rules")
            page = first.window.client_pane.packets_page
            page.store.save_packet(Packet("PING 1", ending="crlf", name="ping"))
            page.store.save_packet(Packet("01 03 00 00", mode="hex", checksum="CRC-16/MODBUS", name="modbus read"))
            first.window.client_pane.use_server(echo)  # the client form stays aimed at the echo server
            first.window.client_pane.payload.setPlainText("hello")

        first.run(build())
        assert first.window.workspaces.save_workspace(str(path))
        assert first.window.statusBar().currentMessage().startswith(
            f"Saved workspace {path}: 2 server(s), 1 client(s), 2 saved packet(s)."
        )
        saved = load(path)
        ran = list(first.window.session.servers.values())
        assert [(s.name, s.spec) for s in saved.servers] == [(r.id, r.spec) for r in ran]  # as started
        assert [s.spec.handler.value for s in saved.servers] == ["echo", "rules"]
        assert saved.clients[0].server == ran[0].id and saved.clients[0].connect
    monkeypatch.setenv(CONFIG_DIR_ENV, own_settings)  # the fixture's window (the fresh one) from here on
    assert ui.window.session.servers == {} and ui.window.session.clients == {}

    window = ui.window
    window.client_pane.packets_page.store.save_packet(Packet("mine", name="old"))

    async def reopen() -> None:
        task = asyncio.ensure_future(window.workspaces.open_workspace(str(path)))
        box = await a_box(ui, "workspacePacketsQuestion")
        assert box.text() == (
            "work.toml has 2 saved packet(s), and you have saved packets already.\n\n"
            "Replace yours with the workspace's, or add the workspace's to yours? "
            "Added, a packet of the same name is replaced."
        )
        click_button(ui, box, "workspaceAddPackets")
        assert await task

    ui.run(reopen())
    session = window.session
    assert window.statusBar().currentMessage() == (
        "Opened work.toml: 2 of 2 server(s) started, 1 client(s) added (1 connected). 2 saved packet(s) added."
    )
    servers = list(session.servers.values())
    assert [s.spec for s in servers] == [s.spec for s in saved.servers]
    echo, pong = servers
    assert exchange(pong.address, b"PING 42\n") == b"PONG 42\n"
    (client,) = session.clients.values()
    assert client.connected and client.peer == echo.address  # aimed at the port the echo server got now

    async def echo_through_the_client() -> None:
        await client.sendall(b"hello workspace")

        def echoed() -> bool:
            window.hex_pane.flush()
            stream = ui.stream(client.id)
            return stream is not None and stream.total_bytes >= 2 * len(b"hello workspace")

        await ui.until(echoed, what="the echo in the client's bytes")

    ui.run(echo_through_the_client())
    stream = ui.stream(client.id)
    assert stream.read(0, stream.total_bytes) == b"hello workspace" * 2
    assert sorted(p.name for p in window.client_pane.packets_page.store.packets) == ["modbus read", "old", "ping"]
    assert window.client_pane.packets_page.saved.count() == 3
    # the forms: the server form as it was (rules), the client form aimed at the echo server again
    assert window.server_pane.handler.currentData() == "rules"
    assert window.server_pane.rules_editor.ruleset() == saved.servers[1].spec.parse_rules()
    assert window.client_pane.port.value() == echo.address[1]
    assert window.client_pane.payload.toPlainText() == "hello"


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


BROKEN = "version = 1\n[[servers]]\nname = 'ok'\n[[servers]]\nname = 'bad'\nport = 70000\n[[packets]]\nname = 'p'\npayload = 'x'\n"


def test_a_broken_workspace_is_one_message_and_changes_nothing(ui: Driver, tmp_path: Path) -> None:
    window = ui.window
    path = write(tmp_path / "broken.toml", BROKEN)
    port_before = window.server_pane.port.value()

    async def scenario() -> None:
        task = asyncio.ensure_future(window.workspaces.open_workspace(path))
        box = await a_box(ui, "workspaceError")
        assert box.windowTitle() == "Workspace not opened"
        assert box.text() == (
            "broken.toml was not opened; nothing was changed.\n\n"
            f"{path}: servers[2].port: port must be 0-65535 (0 picks a free port), not 70000"
        )
        box.button(QMessageBox.StandardButton.Ok).click()
        assert not await task

    ui.run(scenario())
    assert window.session.servers == {} and window.session.clients == {}  # not even the good first server
    assert window.client_pane.packets_page.store.packets == []
    assert window.server_pane.port.value() == port_before
    assert window.statusBar().currentMessage() == "broken.toml was not opened: it has a problem."


def test_opening_asks_before_stopping_what_runs(ui: Driver, tmp_path: Path) -> None:
    window = ui.window
    path = write(tmp_path / "one.toml", "version = 1\n[[servers]]\nname = 'new'\nmixin = 'threading'\n")

    async def answer(button: str) -> bool:
        task = asyncio.ensure_future(window.workspaces.open_workspace(path))
        box = await a_box(ui, "workspaceRunningQuestion")
        assert box.text() == (
            f"{len(window.session.servers)} server(s) and 0 client(s) are running.\n\n"
            "Stop them before opening one.toml? Kept, they go on running beside what the workspace starts."
        )
        click_button(ui, box, button)
        return await task

    first = ui.run(start_server(ui))
    assert not ui.run(answer("workspaceCancel"))
    assert list(window.session.servers) == [first]
    assert window.statusBar().currentMessage() == "one.toml was not opened."
    assert ui.run(answer("workspaceKeepRunning"))
    assert len(window.session.servers) == 2 and first in window.session.servers
    assert ui.run(answer("workspaceStopRunning"))
    (only,) = window.session.servers.values()
    assert only.spec.mixin.value == "threading" and first not in window.session.servers


def test_a_port_in_use_is_listed_and_the_rest_still_opens(ui: Driver, tmp_path: Path) -> None:
    window = ui.window
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        path = write(
            tmp_path / "ports.toml",
            f"version = 1\n[[servers]]\nname = 'busy'\nport = {port}\n[[servers]]\nname = 'free'\n"
            "[[clients]]\nname = 'to busy'\nserver = 'busy'\n",
        )

        async def scenario() -> None:
            task = asyncio.ensure_future(window.workspaces.open_workspace(path))
            box = await a_box(ui, "workspaceProblems")
            assert box.windowTitle() == "Workspace opened with problems"
            assert box.text() == (
                "ports.toml is open, but not everything in it could be set up:\n\n"
                f"• Server busy did not start: port {port} on 127.0.0.1 is already in use; choose another port (0 picks a free one)\n"
                "• Client to busy was not connected: its server busy is not running."
            )
            box.button(QMessageBox.StandardButton.Ok).click()
            assert await task

        ui.run(scenario())
    (server,) = window.session.servers.values()
    assert server.spec.port == 0
    (client,) = window.session.clients.values()
    assert not client.connected  # made, never aimed at a server that is not ours
    assert window.statusBar().currentMessage() == (
        "Opened ports.toml: 1 of 2 server(s) started, 1 client(s) added (0 connected). 2 problem(s): see the message."
    )


def test_the_messages_are_in_the_window_language(ui: Driver, tmp_path: Path, built_translations: Any) -> None:
    from ui.i18n import apply_language

    window = ui.window
    path = write(tmp_path / "broken.toml", BROKEN)
    apply_language("zh_CN")
    QApplication.processEvents()  # Qt posts LanguageChange to the window
    assert window.workspaces.action_open.text() == "打开工作区(&K)…"

    async def scenario() -> None:
        task = asyncio.ensure_future(window.workspaces.open_workspace(path))
        box = await a_box(ui, "workspaceError")
        assert box.text() == (
            "broken.toml 没有打开；什么都没有改变。\n\n"
            f"{path}：servers[2].port：端口必须在 0-65535 之间（填 0 让系统挑一个空闲端口），而不是 70000"
        )
        box.button(QMessageBox.StandardButton.Ok).click()
        await task

    ui.run(scenario())


def test_the_file_menu_has_the_workspace_entries(ui: Driver) -> None:
    texts = [a.text() for a in ui.window.file_menu.actions()]
    at = texts.index("Save &workspace…")
    assert texts[at : at + 3] == ["Save &workspace…", "Open wor&kspace…", "Recent workspaces"]
    assert texts[-1] == "&Quit"


def test_a_workspace_saved_as_it_runs_has_what_the_window_ran(ui: Driver, tmp_path: Path) -> None:
    window = ui.window

    async def scenario() -> None:
        await start_server(ui, serverType="dgram")
        window.client_pane.payload.setPlainText("zz")  # not hex: left out, said in the status bar
        window.client_pane.mode.setCurrentIndex(window.client_pane.mode.findData("hex"))

    ui.run(scenario())
    path = tmp_path / "udp.toml"
    assert window.workspaces.save_workspace(str(path))
    message = window.statusBar().currentMessage()
    assert "Left out: the client form's payload (" in message
    (server,) = load(path).servers
    assert server.spec == next(iter(window.session.servers.values())).spec
    assert window.workspaces.save_workspace(str(tmp_path / "missing" / "w.toml")) is False
    assert "The workspace was not saved: " in window.statusBar().currentMessage()
    assert "could not be written: No such file or directory" in window.statusBar().currentMessage()


# -- the command line ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_socket_workbench_opens_the_window_with_a_workspace(tmp_path: Path) -> None:
    port = _free_port()
    path = write(tmp_path / "cli.toml", f"version = 1\n[[servers]]\nname = 'echo'\nport = {port}\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOCKET_WORKBENCH_CONFIG_DIR=str(tmp_path / "cfg"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.app", "--workspace", path], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 40
        while True:  # the window started its host and the workspace's server in it
            assert proc.poll() is None, proc.communicate()[1]
            try:
                reply = exchange(("127.0.0.1", port), b"from the command line")
                break
            except OSError:
                assert time.monotonic() < deadline, "the workspace's server never listened"
                time.sleep(0.2)
        assert reply == b"from the command line"
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert b"Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


@pytest.mark.parametrize("how", ["option", "positional"])
def test_a_broken_workspace_on_the_command_line_is_one_line(tmp_path: Path, how: str) -> None:
    path = write(tmp_path / "broken.toml", BROKEN)
    args = ["--workspace", path] if how == "option" else [path]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANGUAGE="en", SOCKET_WORKBENCH_CONFIG_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "ui.app", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"socket-workbench: {path}: servers[2].port: port must be 0-65535 (0 picks a free port), not 70000\n"
    )

