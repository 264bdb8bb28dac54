"""TimelineView: lanes per thread or process, bars per setup/handle/finish, overlap at a glance."""

from __future__ import annotations

import itertools
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt

from tests.core.conftest import no_leaks  # noqa: F401  (the fixture: real-server tests leave nothing)
from tests.ui.timeline_sessions import LiveSession, SyntheticSession
from ui.logfeed import LogFeed
from ui.timeline import METHOD_COLORS, BarGeometry, TimelineView
from workbench.events import Kind, Phase
from workbench.spec import Mixin

forking_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="ForkingMixIn needs fork()")


@pytest.fixture
def view(qtbot) -> TimelineView:
    v = TimelineView()
    qtbot.addWidget(v)
    v.resize(800, 300)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.fixture
def synthetic(tmp_path: Path, view: TimelineView) -> Iterator[SyntheticSession]:
    """A session of hand-written records, shown by ``view``."""
    session = SyntheticSession(tmp_path / "synthetic.swb")
    view.attach(session.feed)
    yield session
    session.close()


@pytest.fixture
def live(tmp_path: Path, view: TimelineView, no_leaks: None) -> Iterator[LiveSession]:  # noqa: F811
    """Real servers and clients recording into a session shown by ``view``."""
    session = LiveSession(tmp_path / "live.swb")
    view.attach(session.feed)
    yield session
    session.close()


def overlaps(a, b) -> bool:
    return a.left() < b.right() - 0.5 and b.left() < a.right() - 0.5


def wait_for_bars(qtbot, live: LiveSession, view: TimelineView, count: int) -> list[BarGeometry]:
    """Every bar once ``count`` of them arrived and all ended (the log follows the servers)."""

    def arrived() -> bool:
        live.publish()
        return view.bar_count() == count and view.open_bar_count() == 0

    qtbot.waitUntil(arrived, timeout=10_000)
    return view.bars()


# -- behaviour with real servers -----------------------------------------------------------------


def test_no_mixin_draws_requests_one_after_another_on_one_lane(qtbot, live: LiveSession, view) -> None:
    runner = live.start(Mixin.NONE, delay=0.2)
    assert live.echo_concurrently(runner, 2) == [b"client 0", b"client 1"]
    bars = wait_for_bars(qtbot, live, view, 6)
    assert view.lane_labels() == [f"{runner.id}-serve"], "no mixin: the serve thread runs every request"
    assert [(b.request, b.method) for b in bars] == [
        (r, m) for r in (1, 2) for m in ("setup", "handle", "finish")
    ]
    assert {b.source for b in bars} == {runner.id}
    assert len({b.rect.top() for b in bars}) == 1
    # One thread: each call starts after the one before it ended; request 2's setup waited
    # for request 1's finish.
    assert all(a.end is not None and b.start >= a.end for a, b in itertools.pairwise(bars))
    # The handler's delay is inside handle(): its bars are the long ones, one after the other.
    first, second = (b for b in bars if b.method == "handle")
    assert all(h.end is not None and h.end - h.start >= 0.19 for h in (first, second))
    assert first.rect.right() <= second.rect.left() + 1 and not overlaps(first.rect, second.rect)


def test_threading_draws_concurrent_requests_side_by_side_on_many_lanes(
    qtbot, live: LiveSession, view
) -> None:
    runner = live.start(Mixin.THREADING, delay=0.4)
    assert live.echo_concurrently(runner, 2) == [b"client 0", b"client 1"]
    bars = wait_for_bars(qtbot, live, view, 6)
    reader = live.feed.reader
    assert reader is not None
    names = {reader.tables.threads[t][1] for t in set(reader.record_array()["thread"].tolist())}
    handle_threads = [name for name in names if "process_request_thread" in name]
    assert sorted(view.lane_labels()) == sorted(handle_threads) and len(handle_threads) == 2
    assert all(label.startswith("Thread-") for label in view.lane_labels())
    handles = [b for b in bars if b.method == "handle"]
    assert sorted(b.lane for b in handles) == [0, 1]
    assert len({b.rect.top() for b in handles}) == 2
    assert overlaps(handles[0].rect, handles[1].rect), "concurrent handle() bars must overlap in time"
    assert {b.request for b in handles} == {1, 2}


@forking_only
def test_forked_children_get_a_pid_lane(qtbot, live: LiveSession, view) -> None:
    runner = live.start(Mixin.FORKING, delay=0.3)
    assert live.echo_concurrently(runner, 2) == [b"client 0", b"client 1"]
    bars = wait_for_bars(qtbot, live, view, 6)
    reader = live.feed.reader
    assert reader is not None
    child_pids = {reader.tables.threads[reader.record(b.record)[4]][0] for b in bars}
    assert len(child_pids) == 2 and os.getpid() not in child_pids
    assert sorted(view.lane_labels()) == sorted(f"pid {pid}" for pid in child_pids)
    handles = [b for b in bars if b.method == "handle"]
    assert overlaps(handles[0].rect, handles[1].rect), "forked children run side by side"


# -- pairing, lanes and identity from synthetic records ---------------------------------------------


def test_bar_widths_follow_durations_and_bars_name_their_record(synthetic: SyntheticSession, view) -> None:
    serve = synthetic.thread("server-1-serve")
    for req in range(1, 4):
        synthetic.request(req, (req - 1) * 1.2, serve)
    synthetic.publish()
    assert view.lane_labels() == ["server-1-serve"]
    bars = view.bars()
    assert [b.method for b in bars] == ["setup", "handle", "finish"] * 3
    setup = next(b.rect for b in bars if b.method == "setup")
    handle = next(b.rect for b in bars if b.method == "handle")
    assert handle.width() == pytest.approx(10 * setup.width(), rel=0.05)  # 1 s against 0.1 s
    reader = synthetic.feed.reader
    assert reader is not None
    for bar in bars:
        enter = reader.event(bar.record)
        assert (enter.event, enter.phase, enter.request, enter.source) == (
            bar.method,
            "enter",
            bar.request,
            "server-1",
        )


def test_lanes_come_in_the_order_their_threads_first_ran(synthetic: SyntheticSession, view) -> None:
    names = [f"Thread-{n} (process_request_thread)" for n in (2, 3, 4)]
    # Registered last-first: the lanes follow when a thread first ran, not its id.
    threads = [synthetic.thread(name) for name in reversed(names)][::-1]
    # Interleaved as threads really report: all three requests in flight at once.
    events = []
    for req, thread in enumerate(threads, start=1):
        t = (req - 1) * 0.05
        for kind, duration in ((Kind.SETUP, 0.1), (Kind.HANDLE, 1.0), (Kind.FINISH, 0.1)):
            events.append((t, kind, Phase.ENTER, req, thread))
            t += duration
            events.append((t, kind, Phase.EXIT, req, thread))
    for at, kind, phase, req, thread in sorted(events):
        synthetic.step(kind, phase, at, req, thread)
    synthetic.publish()
    assert view.lane_labels() == names
    handles = [b for b in view.bars() if b.method == "handle"]
    assert [b.lane for b in handles] == [0, 1, 2] and [b.request for b in handles] == [1, 2, 3]
    assert all(overlaps(a.rect, b.rect) for a, b in itertools.combinations(handles, 2))


def test_a_child_process_lane_is_labelled_by_its_pid(synthetic: SyntheticSession, view) -> None:
    synthetic.request(1, 0, synthetic.thread("MainThread", pid=999_991))
    synthetic.request(2, 0.2, synthetic.thread("MainThread", pid=999_992))
    synthetic.request(3, 0.4, synthetic.thread("server-1-serve"))
    synthetic.publish()
    assert view.lane_labels() == ["pid 999991", "pid 999992", "server-1-serve"]


def test_bars_are_the_same_however_the_records_are_split_into_batches(
    synthetic: SyntheticSession, view, qtbot
) -> None:
    rng = random.Random(7)
    threads = [synthetic.thread(f"Thread-{n}") for n in range(4)]
    steps: list[tuple[float, Kind, Phase, int, int, str | None]] = []
    for req in range(1, 41):
        thread, t = threads[req % 4], req * 0.05
        for kind in (Kind.SETUP, Kind.HANDLE, Kind.FINISH):
            steps.append((t, kind, Phase.ENTER, req, thread, None))
            t += 0.01 + rng.random() * 0.05
            steps.append((t, kind, Phase.EXIT, req, thread, "OSError: boom" if req % 7 == 0 else None))
    for i, (at, kind, phase, req, thread, error) in enumerate(sorted(steps, key=lambda s: s[0])):
        synthetic.step(kind, phase, at, req, thread, error if kind is Kind.HANDLE else None)
        if i % 5 == 0:
            synthetic.noise(at, req, thread)
    synthetic.writer.event(
        Kind.HANDLE, Phase.EXIT, synthetic.source, 999, ts=synthetic.ns(0), thread=threads[0]
    )
    synthetic.publish()  # one batch
    whole = view.bars()
    assert len(whole) == 120 and view.open_bar_count() == 0
    assert {b.request for b in whole if b.error} == {7, 14, 21, 28, 35} and all(
        b.method == "handle" for b in whole if b.error
    )
    # Another view of the same file, fed in random slices (an exit often in a later batch
    # than its enter): the same bars, the same lanes.
    other = TimelineView()
    qtbot.addWidget(other)
    other.resize(800, 300)
    other.show()
    qtbot.waitExposed(other)
    feed = LogFeed()
    feed.open(str(synthetic.path), live=True)
    other.attach(feed)
    assert feed.reader is not None
    feed.reader.refresh()
    cuts = sorted(rng.sample(range(1, feed.reader.count), 30))
    for lo, hi in itertools.pairwise([0, *cuts, feed.reader.count]):
        other.add_records(lo, hi)
    try:
        assert other.lane_labels() == view.lane_labels()
        assert [(b.lane, b.method, b.request, b.record, b.start, b.end, b.error) for b in other.bars()] == [
            (b.lane, b.method, b.request, b.record, b.start, b.end, b.error) for b in whole
        ]
    finally:
        feed.close()


def test_open_bar_grows_to_now_and_closes_on_exit(synthetic: SyntheticSession, view, qtbot) -> None:
    thread = synthetic.thread("t")
    start = (time.time_ns() - synthetic.t0_ns) / 1e9
    synthetic.step(Kind.SETUP, Phase.ENTER, start - 0.5, 1, thread)
    synthetic.publish()
    synthetic.step(Kind.SETUP, Phase.EXIT, start - 0.4, 1, thread)
    synthetic.publish()
    synthetic.step(Kind.HANDLE, Phase.ENTER, start - 0.4, 1, thread)
    synthetic.publish()
    assert view.open_bar_count() == 1
    handle_start = synthetic.ns(start - 0.4)

    def handle_in_setups() -> tuple[BarGeometry, float, float, float]:
        """The open handle bar, its width in setup widths (0.1 s), and that ratio by the clock."""
        before = time.time_ns()
        bars = view.bars()
        after = time.time_ns()
        handle = next(b for b in bars if b.method == "handle")
        setup = next(b for b in bars if b.method == "setup")
        return (
            handle,
            handle.rect.width() / setup.rect.width(),
            (before - handle_start) / 1e8,
            (after - handle_start) / 1e8,
        )

    first, ratio, earliest, latest = handle_in_setups()
    assert first.end is None
    assert earliest - 0.05 <= ratio <= latest + 0.05, "an open bar reaches to now"
    # Wait on the clock the view draws by (the records' wall clock), not on the event loop's.
    later = time.time_ns() + 300_000_000
    qtbot.waitUntil(lambda: time.time_ns() >= later, timeout=5000)
    grown, grown_ratio, earliest, latest = handle_in_setups()
    assert grown.end is None and grown_ratio > ratio + 2.5, "it keeps growing with the clock"
    assert earliest - 0.05 <= grown_ratio <= latest + 0.05
    synthetic.writer.event(Kind.HANDLE, Phase.EXIT, synthetic.source, 1, thread=thread, error="OSError: boom")
    synthetic.publish()
    assert view.open_bar_count() == 0
    closed = next(b for b in view.bars() if b.method == "handle")
    assert closed.end is not None and closed.error
    assert closed.record == first.record


def test_a_saved_sessions_unfinished_bar_ends_with_the_session(tmp_path: Path, view, qtbot) -> None:
    session = SyntheticSession(tmp_path / "saved.swb")
    thread = session.thread("t")
    session.request(1, 0, thread)
    session.step(Kind.SETUP, Phase.ENTER, 1.5, 2, thread)  # the session was closed meanwhile
    session.step(Kind.SHUTDOWN, Phase.ENTER, 2.0, 0, thread)
    session.close()
    feed = LogFeed()
    feed.open(str(tmp_path / "saved.swb"), live=False)
    feed.read_now()
    try:
        view.attach(feed)
        unfinished = next(b for b in view.bars() if b.request == 2)
        assert unfinished.end is None
        setup = next(b for b in view.bars() if b.method == "setup")
        before = unfinished.rect
        qtbot.wait(250)
        after = next(b for b in view.bars() if b.request == 2).rect
        assert after == before, "nothing runs in a saved session: the bar must not grow"
        # It ran from 1.5 s until the session's last record at 2.0 s: five times setup's 0.1 s.
        assert after.width() == pytest.approx(5 * setup.rect.width(), rel=0.1)
    finally:
        feed.close()


def test_a_view_built_later_shows_what_was_delivered_before(synthetic: SyntheticSession, qtbot) -> None:
    synthetic.request(1, 0, synthetic.thread("server-1-serve"))
    synthetic.publish()
    later = TimelineView()
    qtbot.addWidget(later)
    later.attach(synthetic.feed)
    assert later.bar_count() == 3
    synthetic.request(2, 1.5, synthetic.thread("server-1-serve"))
    synthetic.publish()
    assert later.bar_count() == 6 and later.lane_count() == 1


def test_tooltip_names_request_and_duration(synthetic: SyntheticSession, view) -> None:
    synthetic.request(7, 0, synthetic.thread("server-1-serve"), handle=0.25)
    synthetic.publish()
    bar = next(b for b in view.bars() if b.method == "handle")
    assert view.bar_at(bar.rect.center()) == bar
    text = view.bar_tooltip(bar)
    assert "server-1 request #7" in text
    assert "handle: 250.00 ms" in text
    assert "on server-1-serve" in text
    assert view.bar_at(QPointF(2, 2)) is None


def test_clicking_a_bar_names_its_enter_record(synthetic: SyntheticSession, view, qtbot) -> None:
    synthetic.noise(0, 3, synthetic.thread("server-1-serve"))
    synthetic.request(3, 0, synthetic.thread("server-1-serve"), handle=0.5)
    synthetic.publish()
    bar = next(b for b in view.bars() if b.method == "handle")
    with qtbot.waitSignal(view.barActivated, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=bar.rect.center().toPoint())
    assert blocker.args == [bar.record]
    reader = synthetic.feed.reader
    assert reader is not None
    assert (reader.event(bar.record).event, reader.event(bar.record).phase) == ("handle", "enter")
    activated: list[int] = []
    view.barActivated.connect(activated.append)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert activated == [], "a click beside the bars activates nothing"


def test_zoom_and_fit(synthetic: SyntheticSession, view) -> None:
    serve = synthetic.thread("server-1-serve")
    for req in range(3):
        synthetic.request(req + 1, req * 1.2, serve)
    synthetic.publish()
    before = [b for b in view.bars() if b.method == "setup"][1].rect
    view.zoom(4.0, anchor_x=before.center().x())
    after = next(b for b in view.bars() if b.method == "setup" and b.request == 2).rect
    assert after.width() == pytest.approx(before.width() * 4, rel=0.02)
    assert after.center().x() == pytest.approx(before.center().x(), abs=1)
    assert view.horizontalScrollBar().maximum() > 0  # zoomed in: the rest is a pan away
    view.fit()
    assert [b for b in view.bars() if b.method == "setup"][1].rect == before


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_repaints_are_coalesced(synthetic: SyntheticSession, view, qtbot) -> None:
    counter = _PaintCounter()
    view.viewport().installEventFilter(counter)
    serve = synthetic.thread("server-1-serve")
    qtbot.wait(50)
    counter.paints = 0
    start = time.perf_counter()
    for i in range(100):
        synthetic.request(i + 1, i * 0.01, serve, handle=0.005)
        synthetic.publish()
        qtbot.wait(2)
    elapsed = time.perf_counter() - start
    qtbot.wait(60)
    # One repaint per batch would be 100; the throttle allows about one per 33 ms.
    assert counter.paints <= elapsed / 0.033 + 3, (counter.paints, elapsed)
    assert view.bar_count() == 300


def test_many_bars_paint_quickly(synthetic: SyntheticSession, view) -> None:
    serve = synthetic.thread("server-1-serve")
    for req in range(20_000):
        synthetic.request(req + 1, req * 0.002, serve, handle=0.001)
    synthetic.publish()
    assert view.bar_count() == 60_000
    start = time.perf_counter()
    view.viewport().repaint()
    assert time.perf_counter() - start < 0.1


def test_a_lane_per_thread_even_for_thousands_of_threads(synthetic: SyntheticSession, view) -> None:
    # ThreadingMixIn starts a thread per request: a flood makes thousands of lanes in one batch.
    for req in range(1, 1501):
        synthetic.request(
            req, req * 0.001, synthetic.thread(f"Thread-{req} (process_request_thread)"), handle=0.01
        )
    synthetic.publish()
    assert view.lane_count() == 1500 and view.bar_count() == 4500 and view.open_bar_count() == 0
    assert view.lane_labels()[::500] == [f"Thread-{n} (process_request_thread)" for n in (1, 501, 1001)]
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # the newest lanes
    bars = view.bars()
    assert bars and {b.request for b in bars} <= set(range(1400, 1501))
    assert all(b.lane == b.request - 1 for b in bars)


def test_clear_and_a_new_session_forget_the_bars(synthetic: SyntheticSession, view, tmp_path: Path) -> None:
    synthetic.request(1, 0, synthetic.thread("server-1-serve"))
    synthetic.publish()
    view.clear()
    assert view.lane_count() == 0 and view.bars() == []
    synthetic.request(2, 2, synthetic.thread("server-1-serve"))
    synthetic.publish()
    assert [b.request for b in view.bars()] == [2, 2, 2]
    other = SyntheticSession(tmp_path / "other.swb")
    try:
        other.request(5, 0, other.thread("elsewhere"))
        other.close()
        synthetic.feed.open(str(other.path), live=False)  # the feed shows another session now
        synthetic.feed.read_now()
        assert view.lane_labels() == ["elsewhere"] and {b.request for b in view.bars()} == {5}
    finally:
        other.close()


def test_bars_are_painted_in_their_method_colours(synthetic: SyntheticSession, view) -> None:
    serve = synthetic.thread("server-1-serve")
    for req in range(3):
        synthetic.request(req + 1, req * 1.2, serve)
    synthetic.publish()
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    painted = 0
    for bar in view.bars():
        if bar.rect.width() < 6:
            continue
        # Off-centre, away from the "#n" label in the middle.
        x, y = bar.rect.left() + 2, bar.rect.top() + 2
        got = image.pixelColor(int(x * ratio), int(y * ratio))
        assert got.name() == METHOD_COLORS[bar.method].name(), (bar.method, got.name())
        painted += 1
    assert painted == 9


def test_an_error_bar_is_outlined(synthetic: SyntheticSession, view) -> None:
    serve = synthetic.thread("server-1-serve")
    synthetic.request(1, 0, serve, handle=1.0)
    synthetic.request(2, 1.5, serve, handle=1.0, error="OSError: boom")
    synthetic.publish()
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    ok, failed = (next(b for b in view.bars() if b.method == "handle" and b.request == r) for r in (1, 2))
    assert failed.error and not ok.error

    def edge(bar: BarGeometry) -> str:
        return image.pixelColor(int((bar.rect.left() + 6) * ratio), int((bar.rect.top() + 1) * ratio)).name()

    assert edge(failed) == "#c62828"
    assert edge(ok) == METHOD_COLORS["handle"].name()


def test_incremental_painting_matches_a_full_repaint(synthetic: SyntheticSession, view) -> None:
    threads = [synthetic.thread(f"Thread-{n}") for n in range(3)]
    steps = []
    for r in range(40):
        t = r * 0.05
        for kind, duration in ((Kind.SETUP, 0.1), (Kind.HANDLE, 0.03 + (r % 5) * 0.01), (Kind.FINISH, 0.1)):
            steps.append((t, kind, Phase.ENTER, r + 1, threads[r % 3]))
            t += duration
            steps.append((t, kind, Phase.EXIT, r + 1, threads[r % 3]))
    steps.sort(key=lambda s: s[0])
    view._now_override_ns = synthetic.ns(3.0)  # a fixed "now" so both paints see the same open bars
    for k in range(0, len(steps), 37):  # arrive in pieces, painted in between
        for at, kind, phase, req, thread in steps[k : k + 37]:
            synthetic.step(kind, phase, at, req, thread)
        synthetic.publish()
        view.viewport().grab()
    assert view.bar_count() == 120
    incremental = view.viewport().grab().toImage()
    view._strips.clear()  # forget the cached lanes: paint everything from scratch
    full = view.viewport().grab().toImage()
    assert incremental == full


def _bar_columns(image, y: int) -> set[int]:
    """x of every pixel on row ``y`` painted in a bar colour (not the lane's background)."""
    colours = {c.name() for c in METHOD_COLORS.values()}
    return {x for x in range(image.width()) if image.pixelColor(x, y).name() in colours}


def test_fit_mode_growing_span_keeps_every_bar_where_a_full_repaint_puts_it(
    synthetic: SyntheticSession, view
) -> None:
    # Time moves on with the requests, so the fitted span steps up by 25% again and again:
    # the lanes drawn so far are squeezed, not drawn afresh.
    threads = [synthetic.thread(f"Thread-{n}") for n in range(2)]
    steps = []
    for r in range(60):
        t = r * 0.2
        for kind, duration in ((Kind.SETUP, 0.1), (Kind.HANDLE, 0.05 + (r % 4) * 0.02), (Kind.FINISH, 0.1)):
            steps.append((t, kind, Phase.ENTER, r + 1, threads[r % 2]))
            t += duration
            steps.append((t, kind, Phase.EXIT, r + 1, threads[r % 2]))
    steps.sort(key=lambda s: s[0])
    spans = set()
    for k in range(0, len(steps), 6):
        piece = steps[k : k + 6]
        view._now_override_ns = synthetic.ns(piece[-1][0])  # "now" is the newest event, as it would be live
        for at, kind, phase, req, thread in piece:
            synthetic.step(kind, phase, at, req, thread)
        synthetic.publish()
        view.viewport().grab()
        spans.add(view._window(view._now())[1])
    assert len(spans) >= 5, "the span should have stepped up several times"
    incremental = view.viewport().grab().toImage()
    view._strips.clear()
    full = view.viewport().grab().toImage()
    ratio = full.devicePixelRatio()
    for lane in range(view.lane_count()):
        bars = [b for b in view.bars() if b.lane == lane]
        y = int((bars[0].rect.top() + 3) * ratio)
        want, got = _bar_columns(full, y), _bar_columns(incremental, y)
        assert want, "the full repaint shows this lane's bars"
        # Bar edges may round to the neighbouring pixel; nothing more.
        assert len(want ^ got) <= 2 * len(bars) + 4, (lane, sorted(want ^ got)[:20])
        for bar in bars:
            centre = int(bar.rect.center().x() * ratio)
            assert any(abs(x - centre) <= 1 for x in got), f"bar of request {bar.request} lost"
