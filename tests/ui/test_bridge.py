"""BatchBridge/EventBridge: items from real threads reach the GUI thread complete, in order, in few batches."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from PySide6.QtCore import QTimer

from ui.bridge import BatchBridge, EventBridge
from workbench.events import make_event


def _collect(bridge: BatchBridge) -> list[list[object]]:
    batches: list[list[object]] = []
    bridge.batchReady.connect(lambda batch: batches.append(list(batch)))
    return batches


def test_items_from_several_threads_arrive_complete_in_order_and_batched(qtbot) -> None:
    bridge = BatchBridge()
    batches = _collect(bridge)
    per_thread, nthreads = 20_000, 4
    gui_thread = threading.get_ident()
    seen_threads: list[int] = []
    bridge.batchReady.connect(lambda _b: seen_threads.append(threading.get_ident()))

    def produce(tag: int) -> None:
        for i in range(per_thread):
            bridge.post((tag, i))

    workers = [threading.Thread(target=produce, args=(t,)) for t in range(nthreads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    qtbot.waitUntil(lambda: bridge.delivered_count == per_thread * nthreads, timeout=10_000)

    items = [item for batch in batches for item in batch]
    assert len(items) == per_thread * nthreads
    for tag in range(nthreads):
        assert [i for t, i in items if t == tag] == list(range(per_thread))
    # One signal per item would mean 80,000 deliveries; batching makes it a handful.
    assert len(batches) < 200
    assert set(seen_threads) == {gui_thread}
    assert bridge.pending_count() == 0


def test_post_on_gui_thread_is_delivered_later_not_reentrantly(qtbot) -> None:
    bridge = BatchBridge()
    batches = _collect(bridge)
    bridge.post("a")
    bridge.post("b")
    assert batches == []  # the caller (an engine call on the qasync loop) is never re-entered
    qtbot.waitUntil(lambda: batches == [["a", "b"]], timeout=2000)


def test_flush_delivers_everything_now(qtbot) -> None:
    bridge = BatchBridge()
    batches = _collect(bridge)
    bridge.post_many(list(range(10)))
    bridge.post(10)
    bridge.flush()
    assert [i for b in batches for i in b] == list(range(11))
    qtbot.wait(20)
    assert sum(len(b) for b in batches) == 11  # nothing delivered twice


def test_event_bridge_sink_delivers_engine_events(qtbot) -> None:
    bridge = EventBridge()
    batches = _collect(bridge)
    events = [make_event("handle", "enter", "server-1", "server", request=1)]

    def serve() -> None:
        events.append(make_event("recv", None, "server-1", "server", request=1, data=b"hi"))
        bridge.sink(events[-1])

    bridge.sink(events[0])
    t = threading.Thread(target=serve, name="server-1-serve")
    t.start()
    t.join(5)
    qtbot.waitUntil(lambda: sum(len(b) for b in batches) == 2, timeout=2000)
    got = [e for b in batches for e in b]
    assert got == events
    assert got[1].thread == "server-1-serve"


def test_gui_stays_responsive_while_a_burst_is_drained(qtbot) -> None:
    bridge = BatchBridge()
    received = [0]

    def slow_consumer(batch: list[object]) -> None:
        received[0] += len(batch)
        # Roughly what a pane pays per event (columns appended, rows inserted).
        deadline = time.perf_counter() + len(batch) * 1e-6
        while time.perf_counter() < deadline:
            pass

    bridge.batchReady.connect(slow_consumer)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    probe.start()
    total = 300_000
    bridge.post_many(list(range(total)))  # a burst lands all at once
    last[0] = time.perf_counter()
    qtbot.waitUntil(lambda: received[0] == total, timeout=20_000)
    probe.stop()
    # Delivering 300,000 items at 1 us each in one go would block the loop for 300 ms.
    assert max(gaps) < 0.1, f"max gap {max(gaps) * 1e3:.1f} ms"
    assert bridge.batch_count > 5


def test_posting_after_the_bridge_is_deleted_does_not_raise(qtbot) -> None:
    import shiboken6

    bridge = BatchBridge()
    bridge.post("first")
    qtbot.waitUntil(lambda: bridge.pending_count() == 0, timeout=2000)
    shiboken6.delete(bridge)  # the window closed while a server thread still reports
    errors: list[BaseException] = []

    def late() -> None:
        try:
            bridge.post("late")
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=late)
    t.start()
    t.join(5)
    assert errors == []


def test_batch_ready_behaves_like_a_qt_connection(qtbot, monkeypatch) -> None:
    import gc
    import sys

    import shiboken6
    from PySide6.QtCore import QObject

    class Pane(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.got: list[object] = []

        def add(self, batch: list[object]) -> None:
            self.got.extend(batch)

    bridge = BatchBridge()
    kept, deleted, dropped = Pane(), Pane(), Pane()
    order: list[str] = []
    hooked: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: hooked.append(t))

    def broken(_batch: list[object]) -> None:
        order.append("broken")
        raise ValueError("a pane failed")

    bridge.batchReady.connect(broken)
    for pane in (kept, deleted, dropped):
        bridge.batchReady.connect(pane.add)
    bridge.batchReady.connect(lambda _b: order.append("last"))
    shiboken6.delete(deleted)  # its C++ half is gone: Qt would have disconnected it
    del dropped, pane
    gc.collect()  # a bound method does not keep its object alive (nor does a Qt connection)
    bridge.post("x")
    bridge.flush()
    # one failing receiver goes to sys.excepthook; the ones after it still get the batch
    assert order == ["broken", "last"] and hooked == [ValueError]
    assert kept.got == ["x"]
    assert bridge.batchReady.receiver_count() == 3  # the dead ones were dropped
    assert bridge.batchReady.disconnect(kept.add)
    with pytest.warns(RuntimeWarning, match="Failed to disconnect"):
        assert not bridge.batchReady.disconnect(kept.add)
    bridge.post("y")
    bridge.flush()
    assert kept.got == ["x"] and order == ["broken", "last", "broken", "last"]


def test_throttled_refreshes_of_different_panes_take_turns(qtbot) -> None:
    """Three panes asking to refresh at once refresh one after another, REFRESH_SPACING apart."""
    from ui.bridge import REFRESH_SPACING, Throttle

    fired: dict[str, list[float]] = {"table": [], "timeline": [], "hex": []}
    throttles = [Throttle(lambda name=name: fired[name].append(time.perf_counter()), 100) for name in fired]
    time.sleep(REFRESH_SPACING)  # whatever refreshed before this test has had its turn
    for want in (1, 2):
        for throttle in throttles:
            throttle()
        qtbot.waitUntil(lambda n=want: all(len(times) == n for times in fired.values()), timeout=2000)
    times = sorted(t for ts in fired.values() for t in ts)
    assert len(times) == 6  # every call ran, none was dropped
    assert min(b - a for a, b in itertools.pairwise(times)) >= REFRESH_SPACING * 0.9
    for ts in fired.values():  # and each pane still refreshes about ten times a second
        assert ts[1] - ts[0] < 0.1 + 3 * REFRESH_SPACING


def test_flush_runs_a_waiting_refresh_at_once_whoever_s_turn_it_is(qtbot) -> None:
    from ui.bridge import Throttle

    calls: list[str] = []
    first, second = (
        Throttle(lambda: calls.append("first"), 100),
        Throttle(lambda: calls.append("second"), 100),
    )
    first()  # takes the turn (or waits for it)
    second()  # must wait for its turn
    second.flush()
    assert "second" in calls
    qtbot.waitUntil(lambda: "first" in calls, timeout=1000)
    assert sorted(calls) == ["first", "second"]


def test_producers_pause_while_the_gui_thread_paints_but_only_briefly(qtbot) -> None:
    """A server thread flooding the bridge lets a paint finish first; it is never stopped for long."""
    from ui.bridge import _BUSY_WAIT, gui_busy

    bridge = BatchBridge()
    batches = _collect(bridge)
    finished = threading.Event()

    def produce() -> None:
        for i in range(320):
            bridge.post(("server", i))
        finished.set()

    with gui_busy():  # a paint that never ends while the producer runs
        start = time.perf_counter()
        producer = threading.Thread(target=produce)
        producer.start()
        assert finished.wait(5.0), "a producer must not wait for the GUI without bound"
        server_secs = time.perf_counter() - start
        start = time.perf_counter()
        for i in range(320):  # the GUI thread's own posts (asyncio clients) never pause
            bridge.post(("gui", i))
        gui_secs = time.perf_counter() - start
    producer.join()
    pauses = 320 // 32 - 1  # every 32nd item once a wake-up is pending
    assert server_secs >= pauses * _BUSY_WAIT * 0.8  # it did wait at each of them
    assert gui_secs < pauses * _BUSY_WAIT * 0.5
    qtbot.waitUntil(lambda: sum(map(len, batches)) == 640, timeout=3000)
    items = [item for batch in batches for item in batch]
    assert items == [("server", i) for i in range(320)] + [("gui", i) for i in range(320)]


def test_a_producer_far_ahead_of_the_window_waits_for_it(qtbot) -> None:
    """A flood the GUI cannot absorb is held back near _LAG_LIMIT: bounded delay and memory, nothing lost."""
    from ui.bridge import _LAG_LIMIT

    bridge = BatchBridge()
    received: list[int] = []

    def slow_pane(batch: list[int]) -> None:
        received.extend(batch)
        time.sleep(0.002)  # a pane far slower than the producer

    bridge.batchReady.connect(slow_pane)
    total = 20 * _LAG_LIMIT
    producer = threading.Thread(target=lambda: [bridge.post(i) for i in range(total)])
    most_behind = 0

    def sample() -> None:
        nonlocal most_behind
        most_behind = max(most_behind, bridge.pending_count())

    sampler = QTimer()
    sampler.timeout.connect(sample)
    sampler.start(1)
    producer.start()
    qtbot.waitUntil(lambda: len(received) == total, timeout=20_000)
    producer.join()
    sampler.stop()
    assert received == list(range(total))
    assert 0 < most_behind <= 2 * _LAG_LIMIT, most_behind
