"""Screenshots of workspaces: the File menu, the questions Open workspace asks, a broken file's message, the problems list.

Run under Xvfb (a CJK font such as fonts-wqy-microhei for --lang zh_CN):
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_workspace.py --out /tmp/shots [--lang zh_CN]

Writes workspace-menu.png, workspace-running.png, workspace-packets.png, workspace-error.png,
workspace-problems.png and workspace-opened.png (with a zh_CN- prefix in Chinese). The window
uses settings of its own (a temporary folder).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.screenshots import Shots, run_window, until  # noqa: E402  # the path is set just above

WORKSPACE = """\
version = 1

[[servers]]
name = "echo"
mixin = "threading"

[[servers]]
name = "pong"
handler = "rules"

[servers.rules]
framing = "line"

[[servers.rules.rule]]
name = "ping"
match = 'PING (\\d+)\\r?\\n'
reply = 'PONG \\1\\n'

[[clients]]
name = "to echo"
server = "echo"

[[packets]]
name = "ping"
payload = "PING 1"
ending = "crlf"

[[packets]]
name = "modbus read"
payload = "01 03 00 00 00 0a"
format = "hex"
checksum = "CRC-16/MODBUS"

[form.client]
server = "pong"
payload = 'PING 42\\n'
format = "escape"
"""

BROKEN = """\
version = 1

[[servers]]
name = "echo"

[[servers]]
name = "pong"
handler = "rules"

[servers.rules]
framing = "line"

[[servers.rules.rule]]
name = "ping"
match = 'PING (\\d+'
reply = 'PONG \\1\\n'
"""


async def scenario(window: Any, out: Path, prefix: str) -> list[Path]:
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    from ui.packets import Packet

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    session, actions = window.session, window.workspaces
    shots = Shots(window, out, prefix)
    settle, shot = shots.settle, shots.shot
    folder = Path(tempfile.mkdtemp(prefix="swb-shots-workspace-"))

    def screen(name: str) -> None:
        """The whole screen: the window with its message box over it."""
        shots.add(out / f"{prefix}{name}.png", app.primaryScreen().grabWindow(0))

    async def box(name: str) -> QMessageBox:
        found = await until(lambda: (b := window.findChild(QMessageBox, name)) is not None and b.isVisible() and b,
                            what=name)  # fmt: skip
        found.adjustSize()
        geometry = window.geometry()
        found.move(geometry.center() - found.rect().center())
        await settle()
        return found

    def press(found: QMessageBox, name: str) -> None:
        button = found.findChild(QPushButton, name)
        assert button is not None, name
        button.click()

    # 1. the File menu with the workspace entries
    window.file_menu.popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
    await settle()
    shot(window.file_menu, "workspace-menu")
    window.file_menu.hide()

    # 2. something runs already and packets are saved: Open workspace asks twice
    window.server_pane.start.click()
    await until(lambda: session.servers, what="a server")
    window.client_pane.packets_page.store.save_packet(Packet("hello", name="my packet"))
    good = folder / "lab.toml"
    good.write_text(WORKSPACE, encoding="utf-8")
    task = asyncio.ensure_future(actions.open_workspace(str(good)))
    running = await box("workspaceRunningQuestion")
    screen("workspace-running")
    press(running, "workspaceStopRunning")
    packets = await box("workspacePacketsQuestion")
    screen("workspace-packets")
    press(packets, "workspaceAddPackets")
    await task
    await settle(0.6)
    shot(window, "workspace-opened")

    # 3. a broken workspace: one message, nothing changed
    bad = folder / "broken.toml"
    bad.write_text(BROKEN, encoding="utf-8")
    task = asyncio.ensure_future(actions.open_workspace(str(bad)))
    error = await box("workspaceError")
    screen("workspace-error")
    error.button(QMessageBox.StandardButton.Ok).click()
    await task

    # 4. a port in use: the rest opens, the problems in one list
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = folder / "busy.toml"
        busy.write_text(
            f'version = 1\n[[servers]]\nname = "web"\nport = {port}\n'
            '[[clients]]\nname = "browser"\nserver = "web"\n',
            encoding="utf-8",
        )
        task = asyncio.ensure_future(actions.open_workspace(str(busy)))
        running = await box("workspaceRunningQuestion")
        press(running, "workspaceKeepRunning")
        problems = await box("workspaceProblems")
        screen("workspace-problems")
        problems.button(QMessageBox.StandardButton.Ok).click()
        await task
    return shots.paths


def main(argv: list[str] | None = None) -> int:
    return run_window(scenario, argparse.ArgumentParser(description=__doc__.splitlines()[0]), argv)


if __name__ == "__main__":
    sys.exit(main())
