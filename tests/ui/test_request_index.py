"""The request index over a session log: a request's way through the hooks, and a flood keeps only the newest."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.session_log import LiveSession
from ui.request_index import KEEP, RequestIndex, request_lines
from workbench.events import Kind, Phase
from workbench.spec import ServerSpec


@pytest.fixture
def live(tmp_path: Path, qapp):
    session = LiveSession(tmp_path / "s.swb")
    yield session
    session.close()


def accept(live: LiveSession, source: int, request: int, peer: int, fd: int) -> None:
    live.writer.event(Kind.GET_REQUEST, Phase.EXIT, source, request, peer, value=fd)


def test_a_request_moves_through_the_hooks_and_a_rejected_one_says_so(live: LiveSession) -> None:
    server = live.server("server-1")
    index = RequestIndex(live.feed)
    changes: list[list[int]] = []
    index.changed.connect(changes.append)
    peer = live.peer(("127.0.0.1", 40712))
    accept(live, server, 1, peer, 7)
    live.writer.event(Kind.VERIFY_REQUEST, Phase.EXIT, server, 1, peer, value=1)
    live.hook(Kind.SETUP, Phase.ENTER, server, 1, peer)
    live.hook(Kind.SETUP, Phase.EXIT, server, 1, peer)
    live.writer.event(Kind.PAUSED, Phase.ENTER, server, 1, peer, value=int(Kind.HANDLE))
    accept(live, server, 2, peer, 8)
    live.writer.event(Kind.VERIFY_REQUEST, Phase.EXIT, server, 2, peer, value=0)
    live.hook(Kind.SHUTDOWN_REQUEST, Phase.ENTER, server, 2, peer)
    live.hook(Kind.SHUTDOWN_REQUEST, Phase.EXIT, server, 2, peer)
    live.commit()
    first, second = index.get(server, 1), index.get(server, 2)
    assert first is not None and second is not None
    assert (first.peer, first.fd, first.stage, first.paused, first.done) == (("127.0.0.1", 40712), 7, "setup", "handle", False)
    assert second.rejected and second.done and second.stage == "shutdown_request"
    assert changes and changes[-1] == [server]
    spec = ServerSpec(port=5000)
    lines = request_lines(spec, ("127.0.0.1", 5000), 3, first, live.reader)
    assert lines == {
        "request": "<socket.socket fd=7, family=AF_INET, type=SOCK_STREAM, proto=0, "
        "laddr=('127.0.0.1', 5000), raddr=('127.0.0.1', 40712)>",
        "client_address": "('127.0.0.1', 40712)",
        "server": "<TCPServer listening on 127.0.0.1:5000>",
    }
    # the hold ends: the request is in handle() again
    live.writer.event(Kind.PAUSED, Phase.EXIT, server, 1, peer, value=int(Kind.HANDLE))
    live.hook(Kind.HANDLE, Phase.ENTER, server, 1, peer)
    live.commit()
    assert (first.paused, first.stage) == (None, "handle")


def test_a_flood_of_requests_keeps_only_the_newest(live: LiveSession) -> None:
    server = live.server("server-1", "dgram")
    client = live.client("client-1")
    index = RequestIndex(live.feed)
    peer = live.peer(("127.0.0.1", 5555))
    for rid in range(1, 20_001):
        live.writer.event(Kind.RECVFROM, 0, server, rid, peer, data=b"x")
        accept(live, server, rid, peer, 0)
        live.hook(Kind.SHUTDOWN_REQUEST, Phase.EXIT, server, rid, peer)
    live.writer.event(Kind.RECVFROM, 0, client, 9, peer, data=b"not a server's")
    live.commit()
    kept = index.requests(server)
    assert [r.request for r in kept] == list(range(20_001 - KEEP, 20_001))
    assert all(r.done and r.data_record is not None for r in kept)
    assert index.requests(client) == []
    spec = ServerSpec(type="dgram", port=6000)  # type: ignore[arg-type]
    lines = request_lines(spec, ("127.0.0.1", 6000), 5, kept[-1], live.reader)
    assert lines["request"] == (
        "(b'x', <socket.socket fd=5, family=AF_INET, type=SOCK_DGRAM, proto=0, laddr=('127.0.0.1', 6000)>)"
    )
    assert lines["server"] == "<UDPServer bound to 127.0.0.1:6000>"
