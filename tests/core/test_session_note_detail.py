"""A data event keeps a detail too: a short send() records the bytes it took and how many it was asked to send."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

from workbench.client import Client
from workbench.events import Kind
from workbench.session import format as fmt
from workbench.session.reader import SessionReader
from workbench.session.writer import SessionWriter
from workbench.spec import ClientSpec


def test_a_data_event_with_a_detail_keeps_both(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"
    writer = SessionWriter(path)
    source = writer.add_source("client-1", "client", {})
    writer.event(Kind.SEND, 0, source, data=b"abc", value=3, detail=b'{"asked":10}')
    writer.event(Kind.SEND, 0, source, data=b"de", value=2, error="OSError: boom", detail=b'{"asked":9}')
    writer.close()
    with SessionReader(path) as reader:
        short, failed = reader.event(0), reader.event(1)
        assert (short.data, short.value, short.detail) == (b"abc", 3, {"asked": 10})
        assert reader.record(0)[10] & fmt.F_NOTE_DETAIL
        # an error owns the note: the detail is not kept, the error is
        assert (failed.data, failed.error, failed.detail) == (b"de", "OSError: boom", None)
        assert not reader.record(1)[10] & fmt.F_NOTE_DETAIL


def test_a_short_send_to_a_peer_that_does_not_read_says_how_much_it_was_asked(tmp_path: Path) -> None:
    path = tmp_path / "s.swb"
    size = 4 << 20
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        writer = SessionWriter(path)
        client = Client(ClientSpec(port=port, timeout=5), writer)

        async def run() -> int:
            await client.connect()
            client.setsockopt_sndbuf(4096)
            try:
                return await client.send(b"x" * size)  # the peer never reads: one send takes a part
            finally:
                client.close()

        # nobody accepts: the handshake is the kernel's, and the connection waits in the queue
        taken = asyncio.run(run())
        writer.close()
    assert 0 < taken < size
    with SessionReader(path) as reader:
        [send] = [e for e in reader.events() if e.kind is Kind.SEND]
        assert send.value == taken and len(send.data or b"") == taken
        assert send.detail == {"asked": size}
