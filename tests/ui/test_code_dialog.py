"""Show as Python in the real window: the code generator's program, word for word, and it runs."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import Driver
from ui.code_dialog import CodeDialog
from workbench.spec import ServerSpec
from workbench.teach.codegen import client_program, server_program

RULES = """
framing = "line"

[[rule]]
match = 'PING (\\d+)\\n'
reply = 'PONG \\1\\n'
"""


def _run_isolated(path: Path, *args: str) -> subprocess.Popen[str]:
    """``python3 -I program``: the standard library only, no site packages, no environment."""
    return subprocess.Popen(
        [sys.executable, "-I", str(path), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_the_server_forms_program_is_the_codegens_and_serves_real_clients(ui: Driver, tmp_path: Path) -> None:
    window = ui.window
    form = window.server_pane
    ui.choose("serverMixin", "threading")
    ui.choose("serverHandler", "upper")
    form.port.setValue(0)
    form.delay.setValue(0.1)
    window.action_server_code.trigger()  # Workbench ▸ Show server as Python…
    dialog = window.findChild(CodeDialog, "codeDialog")
    assert isinstance(dialog, CodeDialog) and dialog.isVisible()
    expected = server_program(form.spec())
    assert dialog.text() == expected and dialog.view.isReadOnly()
    assert "class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):" in expected
    assert "python3 -I" in dialog.note.text()
    assert dialog.windowTitle() == "The server form as Python"

    ui.click(dialog.copy_button)
    assert QGuiApplication.clipboard().text() == expected

    saved = tmp_path / "server.py"
    assert dialog.save_to(str(saved))
    assert saved.read_text(encoding="utf-8") == expected
    assert dialog.status.text() == "Saved. Run it with: python3 -I server.py"
    server = _run_isolated(saved)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # "Serving on 127.0.0.1:PORT (Ctrl+C stops)"
        found = re.match(r"Serving on 127\.0\.0\.1:(\d+) ", line)
        assert found, line + (server.stderr.read() if server.stderr else "")
        with socket.create_connection(("127.0.0.1", int(found.group(1))), timeout=5) as sock:
            sock.sendall(b"hello, socketserver\n")
            sock.shutdown(socket.SHUT_WR)
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        assert reply == b"HELLO, SOCKETSERVER\n"
        server.send_signal(signal.SIGTERM)  # the program stops on SIGTERM as on Ctrl+C
        assert server.wait(10) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
        for pipe in (server.stdout, server.stderr):
            if pipe is not None:
                pipe.close()
    dialog.close()


def test_a_running_server_and_a_client_with_its_payload(ui: Driver, tmp_path: Path) -> None:
    window = ui.window
    session = window.session

    async def start() -> str:
        server = await session.start_server(ServerSpec(backlog=3))
        return server.id

    ident = ui.run(start())
    spec = session.servers[ident].spec
    ui.choose("serverMixin", "forking")  # the form now says something else: the running server wins
    window.live_list.select(ident)
    dialog = window.show_server_code()
    assert isinstance(dialog, CodeDialog)
    assert dialog.text() == server_program(spec) and "BACKLOG = 3" in dialog.text()
    assert dialog.windowTitle() == f"{ident} as Python"
    dialog.close()

    # the client form aimed at that server, with a payload in \xNN escapes
    client_form = window.client_pane
    client_form.use_server(ident)
    window.live_list.clearSelection()
    client_form.mode.setCurrentIndex(client_form.mode.findData("escape"))
    client_form.payload.setPlainText(r"ping\x00\xff")
    dialog = window.show_client_code()
    assert isinstance(dialog, CodeDialog)
    assert dialog.text() == client_program(client_form.spec(), b"ping\x00\xff")
    saved = tmp_path / "client.py"
    assert dialog.save_to(str(saved))
    # the saved client against the running echo server, real sockets both ways
    done = subprocess.run([sys.executable, "-I", str(saved)], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "b'ping\\x00\\xff'\n"
    dialog.close()

    # a bad payload is marked under the payload, and no dialog opens
    client_form.mode.setCurrentIndex(client_form.mode.findData("hex"))
    client_form.payload.setPlainText("48 zz")
    assert window.show_client_code() is None
    assert client_form.errors["payload"].label.isVisible()


def test_a_rules_server_shows_its_rules_as_python_and_a_bad_form_its_error(ui: Driver, tmp_path: Path) -> None:
    window = ui.window

    async def start() -> str:
        server = await window.session.start_server(ServerSpec(handler="rules", rules=RULES))
        return server.id

    ident = ui.run(start())
    window.live_list.select(ident)
    dialog = window.show_server_code()
    assert isinstance(dialog, CodeDialog)
    code = dialog.text()  # the framing, the rules and the loop that answers by them
    assert "RULES = [" in code and "def split_frames(buffer):" in code and "class RulesHandler(" in code
    assert dialog.view.isVisibleTo(dialog) and dialog.copy_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.save_to(str(tmp_path / "rules_server.py"))
    compile((tmp_path / "rules_server.py").read_text(), "rules_server.py", "exec")
    dialog.close()

    window.live_list.clearSelection()
    window.server_pane.host.setText("not a host name!")
    assert window.show_server_code() is None
    assert window.server_pane.errors["host"].label.isVisible()
    QApplication.processEvents()


def test_a_save_that_fails_says_why_in_the_dialog(ui: Driver, tmp_path: Path) -> None:
    dialog = ui.window.show_server_code()
    assert isinstance(dialog, CodeDialog)
    target = tmp_path / "no such folder" / "server.py"
    assert not dialog.save_to(str(target))
    assert dialog.status.text().startswith(f"Could not save {target}: No such file or directory")
    dialog.close()
