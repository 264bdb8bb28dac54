"""HexPane: data events routed into one capture per connection, and a real server + client end to end."""

from __future__ import annotations

import asyncio
import os

import pytest

from ui.bridge import EventBridge
from ui.event_table import EventsPane
from ui.hex_pane import HexPane
from ui.timeline import TimelineView
from workbench.client import Client
from workbench.events import Event
from workbench.server import ServerRunner
from workbench.spec import ClientSpec, Mixin, ServerSpec

PEER = ("127.0.0.1", 50312)


def data_event(name: str, source: str, request: int | None, data: bytes, ts: float = 1.0) -> Event:
    role = "client" if source.startswith("client") else "server"
    client = PEER if role == "server" else None
    return Event(name, None, ts, source, role, request, "t", os.getpid(), data=data, client=client)  # type: ignore[arg-type]


@pytest.fixture
def pane(qtbot) -> HexPane:
    p = HexPane()
    qtbot.addWidget(p)
    p.resize(1000, 400)
    p.show()
    return p


def test_data_events_go_to_one_capture_per_connection(pane: HexPane) -> None:
    assert pane.view.capture is None
    pane.add_events(
        [
            Event("handle", "enter", 0.5, "server-1", "server", 3, "t", 1, client=PEER),
            data_event("recv", "server-1", 3, b"hello"),
            data_event("sendall", "server-1", 3, b"hello"),
            data_event("send", "client-1", None, b"ping"),
            data_event("recv", "server-1", 4, b"other"),
            data_event("recv", "client-1", None, b"pong"),
        ]
    )
    combo = pane.connection_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "server-1 #3 (127.0.0.1:50312)",
        "client-1",
        "server-1 #4 (127.0.0.1:50312)",
    ]
    # The first connection is shown without a click.
    assert pane.current_connection() == ("server-1", 3)
    shown = pane.view.capture
    assert shown is pane.capture_for("server-1", 3)
    assert [(c.direction, c.call) for c in (shown.chunk(0), shown.chunk(1))] == [
        ("received", "recv"),
        ("sent", "sendall"),
    ]
    assert pane.view.row_texts(0)[2] == "hellohello"
    client = pane.capture_for("client-1")
    assert client is not None and client.read(0, 8) == b"pingpong"
    assert pane.show_connection("client-1")
    assert pane.view.row_texts(0)[2] == "pingpong"
    assert not pane.show_connection("server-9", 1)


def test_shown_connection_grows_live(pane: HexPane) -> None:
    pane.add_events([data_event("recv", "server-1", 1, b"a" * 20)])
    assert pane.view.model.rowCount() == 2
    pane.add_events([data_event("sendall", "server-1", 1, b"b" * 20)])
    pane.flush()
    assert pane.view.model.rowCount() == 3
    assert pane.view.row_texts(1)[2] == "aaaabbbbbbbbbbbb"
    assert "40 bytes in 2 calls" in pane.size_label.text()


def test_clear_closes_captures(pane: HexPane) -> None:
    pane.add_events([data_event("recv", "server-1", 1, b"abc")])
    capture = pane.capture_for("server-1", 1)
    pane.clear()
    assert capture is not None and capture.closed
    assert pane.connections() == [] and pane.view.capture is None
    assert pane.connection_combo.count() == 0


@pytest.mark.parametrize("mixin", [Mixin.NONE, Mixin.THREADING, Mixin.FORKING])
def test_real_echo_server_and_client_reach_every_view(qtbot, mixin: Mixin) -> None:
    bridge = EventBridge()
    hex_pane, events, timeline = HexPane(), EventsPane(), TimelineView()
    for w in (hex_pane, events, timeline):
        qtbot.addWidget(w)
        bridge.batchReady.connect(w.add_events)
    runner = ServerRunner(ServerSpec(mixin=mixin), bridge.sink)
    runner.start()
    try:
        host, port = runner.address[:2]

        async def talk() -> bytes:
            client = Client(ClientSpec(host=host, port=port), bridge.sink)
            await client.connect()
            await client.sendall(b"hello\x00\xff")
            await client.shutdown()
            echoed = await client.read_until_close()
            client.close()
            return echoed

        assert asyncio.run(talk()) == b"hello\x00\xff"
    finally:
        runner.stop()
    qtbot.waitUntil(lambda: bridge.pending_count() == 0 and timeline.open_bar_count() == 0, timeout=5000)
    events.flush()
    hex_pane.flush()

    server_keys = [k for k in hex_pane.connections() if k[0] == runner.id]
    assert len(server_keys) == 1
    capture = hex_pane.capture_for(*server_keys[0])
    assert capture is not None
    assert b"".join(capture.iter_data("received")) == b"hello\x00\xff"
    assert b"".join(capture.iter_data("sent")) == b"hello\x00\xff"
    client_keys = [k for k in hex_pane.connections() if k[0].startswith("client-")]
    client_capture = hex_pane.capture_for(*client_keys[0])
    assert b"".join(client_capture.iter_data("sent")) == b"hello\x00\xff"
    assert b"".join(client_capture.iter_data("received")) == b"hello\x00\xff"

    model = events.model
    rows = [model.row_summary(r) for r in range(model.rowCount())]
    request = server_keys[0][1]
    mine = [(r["event"], r["phase"]) for r in rows if r["source"] == runner.id and r["request"] == request]
    for method in ("setup", "handle", "finish"):
        assert (method, "enter") in mine and (method, "exit") in mine
    assert timeline.bar_count() == 3
    assert timeline.lane_count() == 1
    label = timeline.lane_labels()[0]
    if mixin is Mixin.NONE:
        assert label == f"{runner.id}-serve"
    elif mixin is Mixin.THREADING:
        assert "process_request_thread" in label or label.startswith("Thread-")
    else:
        assert label.startswith("pid ") and label != f"pid {os.getpid()}"
    hex_pane.clear()


def test_connection_model_passes_qtmodeltester(qtmodeltester, pane: HexPane) -> None:
    pane.add_events([data_event("recv", "server-1", r, b"x") for r in range(5)])
    pane.add_events([data_event("send", "client-1", None, b"y")])
    qtmodeltester.check(pane.connections_model, force_py=True)
    assert pane.connections_model.row_of(("client-1", None)) == 5


def test_thousands_of_connections_are_cheap(pane: HexPane) -> None:
    import time

    batch = [data_event("recv", "server-1", r, b"stream") for r in range(20_000)]
    start = time.perf_counter()
    pane.add_events(batch)
    assert time.perf_counter() - start < 2.0
    assert pane.connection_combo.count() == 20_000
    assert pane.current_connection() == ("server-1", 0)
    pane.clear()


def datagram(name: str, request: int, peer: tuple[str, int], data: bytes) -> Event:
    return Event(name, None, 1.0, "server-2", "server", request, "t", os.getpid(), data=data, client=peer)  # type: ignore[arg-type]


def test_datagrams_are_one_conversation_per_peer(pane: HexPane) -> None:
    other = ("127.0.0.1", 6000)
    batch = []
    for r in range(1, 10_001):
        peer = other if r % 1000 == 0 else PEER
        batch += [datagram("recvfrom", r, peer, b"ping%d" % r), datagram("sendto", r, peer, b"pong%d" % r)]
    pane.add_events(batch[:5000])
    pane.add_events(batch[5000:])
    pane.flush()
    combo = pane.connection_combo
    # not 10,000 one-datagram entries: one per peer, in order of first contact, counted
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "server-2 127.0.0.1:50312 (UDP, 19980 datagrams)",
        "server-2 127.0.0.1:6000 (UDP, 20 datagrams)",
    ]
    main = pane.capture_for("server-2", 1)
    assert main is not None and len(main) == 19_980
    # every request id of a conversation finds it; the chunk marks are still each call
    assert pane.capture_for("server-2", 999) is main
    assert pane.capture_for("server-2", 2000) is pane.capture_for("server-2", 1000) is not main
    assert pane.capture_for("server-2", 10_001) is None
    assert [(c.direction, c.call) for c in main.chunks_between(0, 12)] == [
        ("received", "recvfrom"),
        ("sent", "sendto"),
        ("received", "recvfrom"),
    ]
    assert main.read(0, 15) == b"ping1pong1ping2"
    assert pane.show_connection("server-2", 3000)
    assert pane.current_connection() == ("server-2", 1000)
    assert pane.view.row_texts(0)[2].startswith("ping1000pong1000")
    # a conversation that grows is relabelled with the view (throttled), not per batch
    pane.add_events([datagram("recvfrom", 10_001, other, b"late")])
    pane.flush()
    assert combo.itemText(1) == "server-2 127.0.0.1:6000 (UDP, 21 datagrams)"
    assert pane.capture_for("server-2", 10_001) is pane.capture_for("server-2", 1000)


def test_bytes_of_many_connections_are_recorded_over_several_refreshes(
    pane: HexPane, qtbot, monkeypatch
) -> None:
    """A refresh records waiting bytes only for its time budget; the rest follow, none lost."""
    import ui.hex_pane

    monkeypatch.setattr(ui.hex_pane, "_SAVE_BUDGET", 0.0)  # one connection per refresh
    batch = [data_event("recv", "server-1", r, bytes([r]) * (r + 1)) for r in range(6)]
    pane.add_events(batch + [data_event("sendall", "server-1", r, b"ok") for r in range(6)])
    qtbot.waitUntil(lambda: not pane._unsaved, timeout=3000)
    for r in range(6):
        capture = pane.capture_for("server-1", r)
        assert capture is not None
        assert capture.read(0, capture.total_bytes) == bytes([r]) * (r + 1) + b"ok"


def test_a_connection_off_screen_records_its_bytes_once_enough_wait(pane: HexPane) -> None:
    """Bytes of connections nobody looks at do not pile up in memory until the next refresh."""
    from ui.hex_pane import _SAVE_AT

    pane.add_events([data_event("recv", "server-1", 1, b"on screen")])
    assert pane.current_connection() == ("server-1", 1)
    pane.add_events([data_event("recv", "server-1", 2, b"x") for _ in range(_SAVE_AT)])
    assert ("server-1", 2) not in pane._unsaved
    assert len(pane._captures[("server-1", 2)]) == _SAVE_AT
