"""Session logs for pane tests: a real SessionWriter file, read by a real LogFeed, fed on demand.

``LiveSession`` is the window's side of a live session without the host process: records go
in through the writer (synthetic ``data`` records for exact layouts, or real servers and
clients recording into ``writer``), and ``commit()`` makes the feed deliver them, as its tick
would. ``echo_session`` runs a real echo server and client on loopback into one.
``tooltip_as_shown`` says what text a tooltip shows, to prove peer bytes stay text.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from PySide6.QtGui import Qt, QTextDocument

from ui.logfeed import LogFeed
from workbench.client import Client
from workbench.events import Address, Kind, Phase
from workbench.server import ServerRunner
from workbench.session.reader import SessionReader
from workbench.session.writer import SessionWriter
from workbench.spec import ClientSpec, ServerSpec

#: A time stamp in ns to start synthetic records at (2023-11-14 22:13:20 UTC).
T0_NS = 1_700_000_000 * 10**9


class LiveSession:
    """A session log being written in ``path`` and the LogFeed that follows it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writer = SessionWriter(path, flush_interval=0.002)
        self.feed = LogFeed()
        self.feed.open(str(path), live=True)
        self.records = 0  # records appended through data() and hook() (log indices, when only they write)

    @property
    def reader(self) -> SessionReader:
        assert self.feed.reader is not None
        return self.feed.reader

    def server(self, name: str, sock_type: str = "stream") -> int:
        """Register a server (``sock_type`` "stream" or "dgram"); returns its source id."""
        return self.writer.add_source(name, "server", {"type": sock_type})

    def client(self, name: str) -> int:
        return self.writer.add_source(name, "client", {"type": "stream"})

    def peer(self, address: Address) -> int:
        return self.writer.address_id(address)

    def data(
        self,
        kind: Kind,
        source: int,
        request: int = 0,
        peer: int = 0,
        payload: bytes = b"",
        ts_ns: int | None = None,
    ) -> int:
        """Append one data record; returns its index in the log."""
        self.writer.event(kind, 0, source, request, peer, data=payload, ts=ts_ns)
        self.records += 1
        return self.records - 1

    def hook(self, kind: Kind, phase: Phase, source: int, request: int = 0, peer: int = 0) -> int:
        """Append one hook record (no bytes); returns its index in the log."""
        self.writer.hook(kind, phase, source, request, peer)
        self.records += 1
        return self.records - 1

    def commit(self) -> None:
        """Commit what was appended and let the feed deliver all of it (its tick, now)."""
        self.writer.flush()
        self.feed.read_now()
        while self.feed.delivered < self.reader.count:  # a feed hands over big sessions in slices
            self.feed.read_now()

    def close(self) -> None:
        self.feed.close()
        self.writer.close()
        self.feed.deleteLater()


def echo_session(session: LiveSession, spec: ServerSpec, payloads: list[bytes], timeout: float = 10.0) -> str:
    """Run a real echo server of ``spec`` and a real client that sends each payload and reads the echo.

    The client sends every payload with sendall, half-closes, reads until the server closes,
    and closes; returns the client's id. The server is stopped before this returns.
    """
    runner = ServerRunner(spec, session.writer)
    runner.start()
    try:
        host, port = runner.address[:2]  # type: ignore[misc]

        async def talk() -> tuple[str, bytes]:
            client = Client(ClientSpec(host=host, port=port, timeout=timeout), session.writer)
            await client.connect()
            for payload in payloads:
                await client.sendall(payload)
                await asyncio.sleep(0.01)  # separate calls on the server's side too, most of the time
            await client.shutdown()
            echoed = await client.read_until_close()
            client.close()
            return client.id, echoed

        client_id, echoed = asyncio.run(asyncio.wait_for(talk(), timeout))
        assert echoed == b"".join(payloads)
        deadline = time.monotonic() + timeout
        while runner.active_requests and time.monotonic() < deadline:
            time.sleep(0.01)  # the handler's finish() and the request's close are recorded too
    finally:
        runner.stop()
    session.commit()
    return client_id


def tooltip_as_shown(tip: str) -> str:
    """The text a tooltip shows: QToolTip renders it as HTML when Qt.mightBeRichText says it may be."""
    doc = QTextDocument()
    if Qt.mightBeRichText(tip):
        doc.setHtml(tip)
    else:
        doc.setPlainText(tip)
    return doc.toPlainText()
