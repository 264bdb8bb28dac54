"""Screenshots of the protocol-debugging tools (#11): saved packets, frames in the event table, Follow stream.

Run under Xvfb (a CJK font such as fonts-wqy-microhei for --lang zh_CN):
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_engineer.py --out /tmp/shots [--lang zh_CN]

A rules server answers PING n with PONG n, line by line; a client of ours sends three lines and a
HELP nobody answers. Writes packets.png (the client box's Packets tab with saved packets and the
history), frames.png (the event table with bytes by frame) and follow.png (Follow stream of the
client's connection), with a zh_CN- prefix in Chinese. The rules editor is in screenshots_server.py.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.screenshots import Shots, run_window, until  # noqa: E402  # the path is set just above

RULES = r"""framing = 'line'
[[rule]]
name = 'ping'
match = 'PING (\d+)\r?\n'
reply = 'PONG \1\r\n'
[[rule]]
name = 'quit'
match = 'QUIT\r?\n'
reply = 'BYE\r\n'
"""
LINES = (b"PING 1\r\n", b"PING 42\r\n", b"HELP\r\n", b"PING 7\r\n")


async def scenario(window: Any, out: Path, prefix: str) -> list[Path]:
    from PySide6.QtWidgets import QTabWidget

    from ui.packets import Packet
    from workbench.spec import ServerSpec

    session, pane = window.session, window.client_pane
    shots = Shots(window, out, prefix)
    settle, shot = shots.settle, shots.shot

    server = await session.start_server(ServerSpec(handler="rules", rules=RULES))  # type: ignore[arg-type]
    await settle()
    before = set(session.clients)
    pane.connect_button.click()
    new = await until(lambda: set(session.clients) - before, what="a client")
    client = session.clients[new.pop()]
    await until(lambda: client.connected, what="the connection")
    for line in LINES:
        await client.sendall(line)
        await asyncio.sleep(0.15)
    await settle(0.5)

    # 1. saved packets and the send history, on the client box's Packets tab
    page = pane.packets_page
    for packet in (
        Packet("PING 42", ending="crlf", name="ping"),
        Packet("01 03 00 00 00 0a", mode="hex", checksum="CRC-16/MODBUS", byteorder="little", name="modbus read"),
        Packet("QUIT", ending="crlf", name="quit"),
    ):
        page.store.save_packet(packet)
    for line in LINES:
        page.store.record_send(Packet(line.decode().strip(), ending="crlf", call="sendall"))
    tabs = page.parentWidget()
    while tabs is not None and not isinstance(tabs, QTabWidget):
        tabs = tabs.parentWidget()
    if tabs is not None:
        tabs.setCurrentWidget(page)
    page.refresh()
    await settle()
    shot(window, "packets")

    # 2. the event table with bytes by frame (lines)
    window.events_pane.framing.set_spec("line")
    await settle(0.6)
    shot(window, "frames")

    # 3. Follow stream of the client's connection
    reader = window.feed.reader
    source = reader.tables.source_ids[client.id]
    window.tabs.setCurrentIndex(2)
    window.hex_pane.show_connection(source, 0)
    await settle()
    follow = window.open_follow(window.hex_pane.current_connection())
    if follow is None:
        raise SystemExit("screenshots: no Follow stream window")
    follow.resize(760, 460)
    follow.show()
    await settle(0.6)
    shot(follow, "follow")
    follow.close()
    await session.close_client(client.id)
    await session.stop_server(server.id)
    return shots.paths


def main(argv: list[str] | None = None) -> int:
    return run_window(scenario, argparse.ArgumentParser(description=__doc__.splitlines()[0]), argv)


if __name__ == "__main__":
    sys.exit(main())
