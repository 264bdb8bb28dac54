"""Screenshots of issue #13 in the window: TLS and a multicast group in the server form, the relay with a held chunk, the pcapng export.

Run under Xvfb (a CJK font such as fonts-wqy-microhei for --lang zh_CN):
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_beyond.py --out /tmp/shots [--lang zh_CN]

Writes server-tls.png, server-join.png, relay-held.png, export-progress.png and export-result.png
(with a zh_CN- prefix in Chinese), and the capture itself as wireshark-ready.pcapng. The window
uses settings of its own (a temporary folder).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.screenshots import Shots, run_window, until  # noqa: E402  # the path is set just above

GROUP = "239.255.77.78"


async def scenario(window: Any, out: Path, prefix: str) -> list[Path]:
    from workbench.spec import ClientSpec

    sp, session = window.server_pane, window.session
    shots = Shots(window, out, prefix)
    settle, shot = shots.settle, shots.shot

    # 1. a TLS echo server: its certificate under it in the list
    sp.advanced_toggle.setChecked(True)
    sp.advanced.tls.setChecked(True)
    sp.start.click()
    await until(lambda: session.servers, what="the TLS server")
    tls_id = next(iter(session.servers))
    await settle()
    # a client of ours over TLS (the form aims at the new server with TLS on): its rows say TLS
    before = set(session.clients)
    window.client_pane.connect_button.click()
    new = await until(lambda: set(session.clients) - before, what="the TLS client")
    tls_client = session.clients[new.pop()]
    await until(lambda: tls_client.connected, what="the TLS handshake")
    await tls_client.sendall(b"GET / HTTP/1.0\r\n\r\n")
    await settle(0.6)
    shot(window, "server-tls")
    await session.close_client(tls_client.id)

    # 2. a UDP server joining a group on the loopback interface
    sp.type.setCurrentIndex(sp.type.findData("dgram"))
    sp.host.setText(GROUP)
    sp.advanced.join.setText(GROUP)
    sp.advanced.join_interface.setText("127.0.0.1")
    sp.handler.setCurrentIndex(sp.handler.findData("upper"))
    sp.start.click()
    await until(lambda: len(session.servers) == 2, what="the UDP server")
    await settle()
    shot(window, "server-join")

    # 3. a relay in front of a plain echo server; the client's first chunk held, edited
    sp.type.setCurrentIndex(sp.type.findData("stream"))
    sp.host.setText("127.0.0.1")
    sp.advanced.tls.setChecked(False)
    sp.handler.setCurrentIndex(sp.handler.findData("echo"))
    before = set(session.servers)
    sp.start.click()
    new = await until(lambda: set(session.servers) - before, what="the echo server")
    echo_id = new.pop()
    await session.stop_server(tls_id)
    window.show_relay()
    pane = window.relay_pane
    pane.target_server.setCurrentIndex(pane.target_server.findData(echo_id))
    pane.target_server.activated.emit(pane.target_server.currentIndex())
    pane.start.click()
    relay = await until(lambda: pane.relay, what="the relay")
    pane.ways["c2s"].pause.click()
    await until(lambda: relay.paused["c2s"], what="the pause")
    client = await session.add_client(ClientSpec(port=int(relay.address[1])))
    await session.connect_client(client)
    await client.sendall(b"GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n")
    await until(lambda: pane.ways["c2s"].held is not None, what="the held chunk")
    pane.ways["c2s"].editor.text.setPlainText(r"GET /secret.html HTTP/1.0\r\nHost: localhost\r\n\r\n")
    pane.inject.text.setPlainText("hello from the relay")
    await settle()
    shot(window, "relay-held")
    pane.ways["c2s"].release.click()
    await asyncio.sleep(0.3)
    pane.ways["c2s"].pause.click()
    await client.shutdown()
    await asyncio.sleep(0.3)
    await session.close_client(client.id)
    await session.stop_relay(relay.id)
    for ident in list(session.servers):
        await session.stop_server(ident)
    window.tabs.setCurrentIndex(0)
    await settle()

    # 4. File ▸ Export ▸ pcapng: the progress dialog of a big saved session, then the result
    big = Path(tempfile.mkdtemp(prefix="swb-shots-")) / "flood.swb"
    _big_session(big, 1_500_000)
    saved = window.open_session(str(big))
    saved.resize(1100, 600)
    await asyncio.sleep(0.3)
    task = asyncio.ensure_future(saved.pcapng.export(str(big), str(big.with_suffix(".pcapng"))))
    dialog = await until(lambda: saved.pcapng.dialog is not None and saved.pcapng.dialog.isVisible()
                         and saved.pcapng.dialog.value() > 0 and saved.pcapng.dialog, timeout=30, what="progress")  # fmt: skip
    await asyncio.sleep(0.2)
    shot(dialog, "export-progress")
    saved.pcapng.cancel()
    await task
    saved.close()

    capture = out / "wireshark-ready.pcapng"
    await window.pcapng.export(str(window.feed.path), str(capture))
    await settle(0.2)
    shot(window, "export-result")
    return shots.paths


def _big_session(path: Path, chunks: int) -> None:
    from workbench.events import Kind, Phase
    from workbench.session.writer import SessionWriter

    with SessionWriter(path) as writer:
        server = writer.add_source("server-1", "server", {"type": "stream", "family": "inet", "mixin": "none"})
        listen, peer = writer.address_id(("127.0.0.1", 5000)), writer.address_id(("127.0.0.1", 41000))
        writer.hook(Kind.SERVER_BIND, Phase.EXIT, server, 0, listen)
        writer.hook(Kind.GET_REQUEST, Phase.EXIT, server, 1, peer)
        for _ in range(chunks):
            writer.data(Kind.RECV, server, 1, peer, b"0123456789abcdef" * 4)


def main(argv: list[str] | None = None) -> int:
    return run_window(scenario, argparse.ArgumentParser(description=__doc__.splitlines()[0]), argv, out=Path("/tmp/shots"))


if __name__ == "__main__":
    sys.exit(main())
