"""HexPane over a session log: one stream per connection, real servers end to end, select_record."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.session_log import T0_NS, LiveSession, echo_session, tooltip_as_shown
from ui.hex_pane import HexPane
from workbench.events import Kind, Phase
from workbench.spec import Mixin, ServerSpec

PEER = ("127.0.0.1", 50312)


@pytest.fixture
def session(qapp, tmp_path: Path) -> Iterator[LiveSession]:
    s = LiveSession(tmp_path / "s.swb")
    yield s
    s.close()


@pytest.fixture
def pane(qtbot, session: LiveSession) -> HexPane:
    p = HexPane()
    qtbot.addWidget(p)
    p.resize(1000, 400)
    p.attach(session.feed)
    p.show()
    return p


def combo_texts(pane: HexPane) -> list[str]:
    combo = pane.connection_combo
    return [combo.itemText(i) for i in range(combo.count())]


def test_data_records_go_to_one_stream_per_connection(pane: HexPane, session: LiveSession) -> None:
    server, client = session.server("server-1"), session.client("client-1")
    peer = session.peer(PEER)
    session.hook(Kind.HANDLE, Phase.ENTER, server, 3, peer)  # not data: no bytes, no connection
    session.data(Kind.RECV, server, 3, peer, b"hello")
    session.data(Kind.SENDALL, server, 3, peer, b"hello")
    session.data(Kind.SEND, client, 0, session.peer(("127.0.0.1", 9000)), b"ping")
    session.data(Kind.RECV, server, 4, peer, b"other")
    session.data(Kind.RECV, client, 0, 0, b"pong")
    assert pane.view.stream is None
    session.commit()
    assert combo_texts(pane) == [
        "server-1 #3 (127.0.0.1:50312)",
        "client-1",
        "server-1 #4 (127.0.0.1:50312)",
    ]
    # The first connection is shown without a click.
    assert pane.current_connection() == (server, 3, 0)
    shown = pane.view.stream
    assert shown is not None and shown is pane.stream_for(server, 3)
    assert [(c.direction, c.call) for c in (shown.chunk(0), shown.chunk(1))] == [
        ("received", "recv"),
        ("sent", "sendall"),
    ]
    assert pane.view.row_texts(0)[2] == "hellohello"
    assert "10 bytes in 2 calls" in pane.size_label.text()
    client_stream = pane.stream_for(client, 0)
    assert client_stream is not None and client_stream.read(0, 8) == b"pingpong"
    assert pane.show_connection(client, 0)
    assert pane.current_connection() == (client, 0, 0)
    assert pane.view.row_texts(0)[2] == "pingpong"
    assert not pane.show_connection(server, 9)  # no such request
    assert not pane.show_connection(99, 1)  # no such source
    assert pane.current_connection() == (client, 0, 0)


def test_a_pane_built_after_records_arrived_takes_them_all_in(qtbot, session: LiveSession) -> None:
    server = session.server("server-1")
    for request in (1, 2):
        session.data(Kind.RECV, server, request, 0, b"early %d" % request)
    session.commit()
    late = HexPane()  # the window builds the hex pane after its first frame
    qtbot.addWidget(late)
    late.attach(session.feed)
    assert late.connections() == [(server, 1, 0), (server, 2, 0)]
    assert late.view.row_texts(0)[2] == "early 1"
    session.data(Kind.SENDALL, server, 2, 0, b"later")
    session.commit()
    stream = late.stream_for(server, 2)
    assert stream is not None and stream.read(0, 100) == b"early 2later"


def test_show_connection_is_false_until_that_connection_moved_bytes(
    pane: HexPane, session: LiveSession
) -> None:
    """The window asks for a client's connection when it is made and again after each batch."""
    server, client = session.server("server-1"), session.client("client-1")
    session.data(Kind.RECV, server, 1, 0, b"someone else")
    session.commit()
    assert not pane.show_connection(client, 0)
    assert pane.current_connection() == (server, 1, 0)
    session.data(Kind.SENDALL, client, 0, 0, b"mine")
    session.commit()
    assert pane.show_connection(client, 0)
    assert pane.current_connection() == (client, 0, 0)
    assert pane.view.row_texts(0)[2] == "mine"


def test_shown_connection_grows_live(pane: HexPane, session: LiveSession, qtbot) -> None:
    server = session.server("server-1")
    session.data(Kind.RECV, server, 1, 0, b"a" * 20)
    session.commit()
    assert pane.view.model.rowCount() == 2
    session.data(Kind.SENDALL, server, 1, 0, b"b" * 20)
    session.commit()
    # Throttled: the view catches up a moment later without anyone asking.
    qtbot.waitUntil(lambda: pane.view.model.rowCount() == 3, timeout=1000)
    assert pane.view.row_texts(1)[2] == "aaaabbbbbbbbbbbb"
    assert "40 bytes in 2 calls" in pane.size_label.text()
    assert pane.size_label.toolTip() == "sent 20 bytes, received 20 bytes"


def test_every_connection_reads_its_bytes_at_once(pane: HexPane, session: LiveSession) -> None:
    """No connection waits for a refresh to get its bytes: they are in the log already."""
    server = session.server("server-1")
    for request in range(6):
        session.data(Kind.RECV, server, request + 1, 0, bytes([request]) * (request + 1))
    for request in range(6):
        session.data(Kind.SENDALL, server, request + 1, 0, b"ok")
    session.commit()
    for request in range(6):
        stream = pane.stream_for(server, request + 1)
        assert stream is not None
        assert stream.read(0, stream.total_bytes) == bytes([request]) * (request + 1) + b"ok"


def test_another_session_clears_the_pane(pane: HexPane, session: LiveSession, tmp_path: Path) -> None:
    server = session.server("server-1")
    session.data(Kind.RECV, server, 1, 0, b"old session")
    session.commit()
    assert pane.connections()
    other = LiveSession(tmp_path / "other.swb")
    try:
        session.feed.open(str(other.path), live=True)  # e.g. the host restarted: a new live log
        assert pane.connections() == [] and pane.view.stream is None
        assert pane.connection_combo.count() == 0 and pane.size_label.text() == ""
        source = other.writer.add_source("server-1", "server", {"type": "stream"})
        other.writer.event(Kind.RECV, 0, source, 7, 0, data=b"new session")
        other.writer.flush()
        session.feed.read_now()
        assert pane.connections() == [(source, 7, 0)]
        assert pane.view.row_texts(0)[2] == "new session"
    finally:
        other.close()


@pytest.mark.parametrize("mixin", [Mixin.NONE, Mixin.THREADING, Mixin.FORKING])
def test_real_echo_server_and_client(pane: HexPane, session: LiveSession, mixin: Mixin) -> None:
    payloads = [b"hello\x00\xff", b"GET / HTTP/1.0\r\n\r\n"]
    client_id = echo_session(session, ServerSpec(mixin=mixin), payloads)
    tables = session.reader.tables
    server_source = next(sid for sid, info in tables.sources.items() if info.role == "server")
    client_source = tables.source_ids[client_id]
    server_keys = [k for k in pane.connections() if k[0] == server_source]
    assert len(server_keys) == 1
    _, request, _ = server_keys[0]
    stream = pane.stream_for(server_source, request)
    assert stream is not None
    assert b"".join(stream.iter_data("received")) == b"".join(payloads)
    assert b"".join(stream.iter_data("sent")) == b"".join(payloads)
    label = pane.connections_model.index(pane.connections_model.row_of(server_keys[0])).data()
    assert label.startswith(f"{tables.source_name(server_source)} #{request} (127.0.0.1:")
    client_stream = pane.stream_for(client_source, 0)
    assert client_stream is not None
    assert b"".join(client_stream.iter_data("sent")) == b"".join(payloads)
    assert b"".join(client_stream.iter_data("received")) == b"".join(payloads)
    assert pane.show_connection(client_source, 0)
    assert pane.view.row_texts(0)[2] == "hello..GET / HTT"


def test_connection_model_passes_qtmodeltester(qtmodeltester, pane: HexPane, session: LiveSession) -> None:
    server, client = session.server("server-1"), session.client("client-1")
    for request in range(5):
        session.data(Kind.RECV, server, request + 1, 0, b"x")
    session.data(Kind.SEND, client, 0, 0, b"y")
    session.commit()
    qtmodeltester.check(pane.connections_model, force_py=True)
    assert pane.connections_model.row_of((client, 0, 0)) == 5


def test_thousands_of_connections_are_cheap(pane: HexPane, session: LiveSession) -> None:
    server = session.server("server-1")
    for request in range(20_000):
        session.data(Kind.RECV, server, request + 1, 0, b"stream")
    session.writer.flush()
    session.feed.read_now()  # bench/bench_hexview.py times this; here, what the user sees
    assert pane.connection_combo.count() == 20_000
    assert pane.current_connection() == (server, 1, 0)
    assert pane.connections()[-1] == (server, 20_000, 0)  # one batch, grouped in slices, in order


def test_datagrams_are_one_conversation_per_peer(pane: HexPane, session: LiveSession) -> None:
    udp = session.server("server-2", "dgram")
    main, other = session.peer(PEER), session.peer(("127.0.0.1", 6000))
    for request in range(1, 10_001):
        peer = other if request % 1000 == 0 else main
        session.data(Kind.RECVFROM, udp, request, peer, b"ping%d" % request)
        session.data(Kind.SENDTO, udp, request, peer, b"pong%d" % request)
        if request == 5000:
            session.commit()  # two batches
    session.commit()
    pane.flush()
    # not 10,000 one-datagram entries: one per peer, in order of first contact, counted
    assert combo_texts(pane) == [
        "server-2 127.0.0.1:50312 (UDP, 19980 datagrams)",
        "server-2 127.0.0.1:6000 (UDP, 20 datagrams)",
    ]
    stream = pane.stream_for(udp, 1)
    assert stream is not None and len(stream) == 19_980
    # every request id of a conversation finds it; the chunk marks are still each call
    assert pane.stream_for(udp, 999) is stream
    assert pane.stream_for(udp, 2000) is pane.stream_for(udp, 1000) is not stream
    assert pane.stream_for(udp, 10_001) is None
    assert [(c.direction, c.call) for c in stream.chunks_between(0, 12)] == [
        ("received", "recvfrom"),
        ("sent", "sendto"),
        ("received", "recvfrom"),
    ]
    assert stream.read(0, 15) == b"ping1pong1ping2"
    assert pane.show_connection(udp, 3000)
    assert pane.current_connection() == (udp, 0, other)
    assert pane.view.row_texts(0)[2].startswith("ping1000pong1000")
    # a conversation that grows is relabelled with the view (throttled), not per batch
    session.data(Kind.RECVFROM, udp, 10_001, other, b"late")
    session.commit()
    pane.flush()
    assert pane.connection_combo.itemText(1) == "server-2 127.0.0.1:6000 (UDP, 21 datagrams)"
    assert pane.stream_for(udp, 10_001) is pane.stream_for(udp, 1000)


def test_a_peer_named_like_html_is_text_in_the_chooser(pane: HexPane, session: LiveSession) -> None:
    """A Unix datagram peer picks its own socket path; the chooser's tooltip must not render it."""
    udp = session.server("server-3", "dgram")
    path = '/tmp/<img width=400 src="x.png"><b>bold</b>'
    session.data(Kind.RECVFROM, udp, 1, session.peer(path), b"hi")
    session.commit()
    index = pane.connections_model.index(0)
    label = index.data()
    assert label == f"server-3 {path} (1 datagram)"
    assert tooltip_as_shown(index.data(Qt.ItemDataRole.ToolTipRole)) == label


def test_select_record_shows_that_call_and_selects_its_bytes(pane: HexPane, session: LiveSession) -> None:
    server, client = session.server("server-1"), session.client("client-1")
    session.data(Kind.RECV, server, 1, 0, b"first connection")
    hook = session.hook(Kind.HANDLE, Phase.EXIT, server, 1)
    session.data(Kind.SEND, client, 0, 0, b"0123456789")
    wanted = session.data(Kind.RECV, client, 0, 0, b"abcdef")
    empty = session.data(Kind.RECV, client, 0, 0, b"")  # the server closed
    session.commit()
    assert pane.current_connection() == (server, 1, 0)
    assert pane.select_record(wanted)
    assert pane.current_connection() == (client, 0, 0)
    assert pane.view.selection() == (10, 6)
    assert pane.view.selected_bytes() == b"abcdef"
    assert "chunk #1: recv(), received 6 B at 0xa" in pane.inspector.chunk_label.text()
    assert pane.select_record(empty)
    assert pane.view.selection() == (15, 1)  # where recv returned b"": at the end
    assert not pane.select_record(hook)  # no bytes moved
    assert not pane.select_record(10_000)  # not in the log (yet)
    assert pane.select_record(0)
    assert pane.current_connection() == (server, 1, 0) and pane.view.selection() == (0, 16)


def test_select_record_of_a_datagram_finds_its_conversation(pane: HexPane, session: LiveSession) -> None:
    udp = session.server("server-2", "dgram")
    a, b = session.peer(("127.0.0.1", 1000)), session.peer(("127.0.0.1", 2000))
    session.data(Kind.RECVFROM, udp, 1, a, b"from a")
    session.data(Kind.RECVFROM, udp, 2, b, b"from b")
    reply = session.data(Kind.SENDTO, udp, 2, b, b"to b")
    session.commit()
    assert pane.select_record(reply)
    assert pane.current_connection() == (udp, 0, b)
    assert pane.view.selection() == (6, 4)


def test_a_click_names_the_record_of_the_chunk_under_it(pane: HexPane, session: LiveSession, qtbot) -> None:
    server = session.server("server-1")
    first = session.data(Kind.RECV, server, 1, 0, b"0123456789")
    second = session.data(Kind.SENDALL, server, 1, 0, b"abcdefghij")
    session.commit()
    qtbot.waitExposed(pane)
    view = pane.view
    for offset, record in ((3, first), (12, second)):
        hex_rect, _ = view.byte_rects(offset)
        with qtbot.waitSignal(pane.chunkActivated, timeout=1000) as signal:
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=hex_rect.center().toPoint())
        assert signal.args == [record]


def test_the_bytes_stay_in_the_log(pane: HexPane, session: LiveSession, qtbot) -> None:
    """Opening, painting and jumping around a 16 MiB connection allocates kilobytes, not megabytes."""
    server = session.server("server-1")
    blocks = [bytes([i]) * 65536 for i in range(4)]
    for i in range(256):
        session.data(Kind.RECV if i % 2 else Kind.SENDALL, server, 1, 0, blocks[i % 4], T0_NS + i)
    session.writer.flush()
    qtbot.waitExposed(pane)
    tracemalloc.start()
    try:
        session.feed.read_now()
        view = pane.view
        for row in (0, 500_000, 1_048_000, 10):
            view.verticalScrollBar().setValue(row)
            view.viewport().repaint()
        view.select(5_000_000, 64)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    stream = pane.view.stream
    assert stream is not None and stream.total_bytes == 16 * 2**20
    fill = (5_000_000 // 65536) % 4  # the value every byte of that 64 KiB call holds
    assert view.row_texts(5_000_000 // 16)[1].startswith(f"{fill:02x} {fill:02x}")
    assert peak < 2**20, peak
