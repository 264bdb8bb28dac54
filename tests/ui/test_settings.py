"""Remembered settings: the forms and the window come back as left, and bad stored values never break a start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from ui.client_pane import ClientPane
from ui.server_pane import ServerPane, default_unix_path
from ui.settings import (
    CONFIG_DIR_ENV,
    load_form,
    restore_geometry,
    save_form,
    save_geometry,
    settings,
    settings_path,
)

ROOT = Path(__file__).resolve().parents[2]


def _server_pane(qtbot) -> ServerPane:
    pane = ServerPane(None)  # type: ignore[arg-type]  # the form alone; nothing is started
    qtbot.addWidget(pane)
    return pane


def _client_pane(qtbot) -> ClientPane:
    pane = ClientPane(None)  # type: ignore[arg-type]
    qtbot.addWidget(pane)
    return pane


def test_settings_live_in_the_test_folder_not_the_users(private_settings: Path) -> None:
    assert settings_path() == private_settings / "socket-workbench.ini"
    save_form("server", {"port": 1})
    assert (private_settings / "socket-workbench.ini").is_file()


def test_a_form_comes_back_as_saved() -> None:
    values = {
        "host": "::1",
        "port": 8000,
        "allow": "127.0.0.1, 10.0.0.0/8",
        "payload": "你好\n",
        "fail": True,
    }
    save_form("client", values)
    assert load_form("client") == values
    assert load_form("never-saved") == {}


@pytest.mark.parametrize("stored", ["{not json", "[1, 2, 3]", '"a string"', "x" * 100_000])
def test_a_garbled_form_is_no_form(stored: str) -> None:
    store = settings()
    store.setValue("forms/server", stored)
    store.sync()
    assert load_form("server") == {}


def test_the_server_form_restores_every_field(qtbot) -> None:
    saved = {
        "family": "inet6",
        "type": "dgram",
        "host": "::",
        "port": 5000,
        "backlog": 12,
        "mixin": "threading",
        "handler": "upper",
        "delay": 1.5,
        "fail": True,
        "fail_in": "setup",
        "reuse": False,
        "allow": "::1",
        "path": "/tmp/my-server.sock",
        "base": "DatagramRequestHandler",
        "loop": "handle_request",
        "timeout": 2.5,
        "advanced": True,
        "tls": True,  # kept while the type is SOCK_DGRAM, which has no TLS
        "join": "ff01::77:77",
        "join_interface": "lo",
    }
    save_form("server", saved)
    pane = _server_pane(qtbot)
    assert pane.form_values() == saved
    spec = pane.spec()
    assert (spec.family.value, spec.type.value, spec.host, spec.port, spec.mixin.value) == (
        "inet6",
        "dgram",
        "::",
        5000,
        "threading",
    )
    assert not pane.backlog.isEnabled()  # the texts and states follow the restored type
    assert (spec.tls, spec.join, spec.join_interface) == (False, ("ff01::77:77",), "lo")
    assert pane.host_note.text() == "all interfaces: other machines can connect"


def test_bad_stored_values_fall_back_to_the_defaults(qtbot) -> None:
    save_form(
        "server",
        {
            "family": "bluetooth",
            "type": 7,
            "host": "evil\nhost",
            "port": 70000,
            "backlog": -5,
            "mixin": "ProcessPoolMixIn",
            "handler": "rm -rf",
            "delay": float("inf"),
            "fail": "yes",
            "reuse": 1,
            "allow": ["not", "text"],
            "path": 42,
        },
    )
    pane = _server_pane(qtbot)
    defaults = _server_pane_defaults(qtbot)
    assert pane.form_values() == defaults
    assert pane.spec().port == 0 and pane.spec().host == "127.0.0.1"


def _server_pane_defaults(qtbot) -> dict:
    store = settings()
    kept = store.value("forms/server")
    store.remove("forms/server")
    try:
        return _server_pane(qtbot).form_values()
    finally:
        store.setValue("forms/server", kept)


def test_a_garbled_settings_file_gives_defaults(qtbot, private_settings: Path) -> None:
    (private_settings / "socket-workbench.ini").write_bytes(b"\x00\xff[forms]\nserver=@ByteArray(\x01)\n\xfe")
    pane = _server_pane(qtbot)
    assert pane.port.value() == 0 and pane.host.text() == "127.0.0.1"
    client = _client_pane(qtbot)
    assert client.port.value() == 0


def test_the_automatic_socket_path_is_not_remembered(qtbot) -> None:
    pane = _server_pane(qtbot)
    pane.family.setCurrentIndex(pane.family.findData("unix"))
    assert "path" not in pane.form_values()  # a fresh one is made at each start
    pane.path.setText(default_unix_path())
    assert "path" not in pane.form_values()
    pane.path.setText("/tmp/mine.sock")
    assert pane.form_values()["path"] == "/tmp/mine.sock"


def test_the_client_form_restores_target_payload_and_call(qtbot) -> None:
    save_form(
        "client",
        {
            "family": "inet",
            "type": "stream",
            "host": "127.0.0.2",
            "port": 9000,
            "mode": "hex",
            "call": "send",
            "payload": "de ad",
        },
    )
    pane = _client_pane(qtbot)
    assert (pane.host.text(), pane.port.value(), pane.payload_mode(), pane.call.currentData()) == (
        "127.0.0.2",
        9000,
        "hex",
        "send",
    )
    assert pane.payload.toPlainText() == "de ad"
    # a call the socket type rules out is not restored
    save_form("client", {"type": "stream", "call": "sendto", "port": 99999})
    other = _client_pane(qtbot)
    assert other.call.currentData() == "sendall" and other.port.value() == 0


def test_starting_and_connecting_remember_the_forms(ui) -> None:
    async def scenario() -> None:
        ui.choose("serverMixin", "threading")
        ui.widget("serverDelay").setValue(0.25)
        ui.click("serverStart")
        await ui.until(lambda: ui.window.session.servers, what="a server")
        ui.click("clientConnect")
        await ui.until(lambda: ui.window.session.clients, what="a client")

    ui.run(scenario())
    server = load_form("server")
    assert server["mixin"] == "threading" and server["delay"] == 0.25 and server["port"] == 0
    client = load_form("client")
    runner = next(iter(ui.window.session.servers.values()))
    assert client["port"] == runner.address[1]


def test_a_restored_client_target_gives_way_to_the_first_server_started(ui) -> None:
    """Last run's port (an ephemeral one, most likely) must not keep the client from a new server."""
    # the window fixture built the panes already; build a client pane as the next start would
    save_form("client", {"host": "127.0.0.1", "port": 45678})
    pane = ClientPane(ui.window.session)
    ui.window.session.serverStarted.connect(pane.on_server_started)
    try:
        assert pane.port.value() == 45678

        async def scenario() -> None:
            ui.click("serverStart")
            await ui.until(lambda: ui.window.session.servers, what="a server")

        ui.run(scenario())
        runner = next(iter(ui.window.session.servers.values()))
        assert pane.port.value() == runner.address[1]
    finally:
        ui.window.session.serverStarted.disconnect(pane.on_server_started)
        pane.deleteLater()


def test_the_window_geometry_comes_back(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.setGeometry(40, 50, 700, 500)
    save_geometry(window)
    again = QWidget()
    qtbot.addWidget(again)
    assert restore_geometry(again)
    assert (again.width(), again.height()) == (700, 500)


@pytest.mark.parametrize("stored", [QByteArray(b"garbage bytes"), "a string", 12345])
def test_bad_stored_geometry_leaves_the_window_alone(qtbot, stored: object) -> None:
    store = settings()
    store.setValue("window/geometry", stored)
    store.sync()
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(321, 234)
    assert not restore_geometry(window)
    assert (window.width(), window.height()) == (321, 234)


def test_the_app_saves_geometry_and_forms_when_it_quits(private_settings: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", CONFIG_DIR_ENV: str(private_settings)}
    proc = subprocess.run(
        [sys.executable, "-m", "ui.app", "--startup-probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    store = QSettings(str(private_settings / "socket-workbench.ini"), QSettings.Format.IniFormat)
    assert isinstance(store.value("window/geometry"), QByteArray)
    assert json.loads(store.value("forms/server"))["host"] == "127.0.0.1"
    assert "port" in json.loads(store.value("forms/client"))
