"""TimelineView: lanes per thread or process, bars per setup/handle/finish, overlap at a glance."""

from __future__ import annotations

import itertools
import os
import time

import pytest
from PySide6.QtCore import QEvent, QObject

from ui.timeline import TimelineView
from workbench.events import Event

T0 = 1_700_000_000.0


def ev(
    name: str, phase: str, ts: float, request: int, thread: str, pid: int | None = None, error=None
) -> Event:
    return Event(name, phase, T0 + ts, "server-1", "server", request, thread, pid or os.getpid(), error=error)  # type: ignore[arg-type]


def request_bars(
    request: int, start: float, thread: str, pid: int | None = None, handle: float = 1.0
) -> list[Event]:
    """setup 0.1 s, handle `handle` s, finish 0.1 s, back to back from `start`."""
    out, t = [], start
    for method, dur in (("setup", 0.1), ("handle", handle), ("finish", 0.1)):
        out.append(ev(method, "enter", t, request, thread, pid))
        t += dur
        out.append(ev(method, "exit", t, request, thread, pid))
    return out


@pytest.fixture
def view(qtbot) -> TimelineView:
    v = TimelineView()
    qtbot.addWidget(v)
    v.resize(800, 300)
    v.show()
    qtbot.waitExposed(v)
    return v


def overlaps(a, b) -> bool:
    return a.left() < b.right() - 0.5 and b.left() < a.right() - 0.5


def test_no_mixin_draws_requests_one_after_another_on_one_lane(view: TimelineView) -> None:
    batch = []
    for req in range(3):
        batch += request_bars(req, req * 1.2, "server-1-serve")
    view.add_events(batch)
    assert view.lane_count() == 1
    assert view.lane_labels() == ["server-1-serve"]
    bars = view.bars()
    assert len(bars) == 9
    assert [b.method for b in bars] == ["setup", "handle", "finish"] * 3
    rects = sorted((b.rect for b in bars), key=lambda r: r.left())
    assert all(not overlaps(a, b) for a, b in itertools.pairwise(rects))
    assert len({r.top() for r in rects}) == 1
    handles = [b.rect for b in bars if b.method == "handle"]
    # Widths follow durations: handle (1 s) is ten times setup (0.1 s).
    setup = next(b.rect for b in bars if b.method == "setup")
    assert handles[0].width() == pytest.approx(10 * setup.width(), rel=0.05)


def test_threading_draws_concurrent_requests_side_by_side_on_many_lanes(view: TimelineView) -> None:
    batch = []
    for req in range(3):
        batch += request_bars(req, req * 0.05, f"Thread-{req + 2} (process_request_thread)")
    batch.sort(key=lambda e: e.ts)  # the order threads really report in
    view.add_events(batch)
    assert view.lane_count() == 3
    assert view.lane_labels() == [f"Thread-{n} (process_request_thread)" for n in (2, 3, 4)]
    handles = [b for b in view.bars() if b.method == "handle"]
    assert sorted(b.lane for b in handles) == [0, 1, 2]
    tops = {b.rect.top() for b in handles}
    assert len(tops) == 3
    for a in handles:
        for b in handles:
            if a is not b:
                assert overlaps(a.rect, b.rect), "concurrent handle() bars must overlap in time"


def test_forked_children_get_a_pid_lane(view: TimelineView) -> None:
    view.add_events(
        request_bars(1, 0, "MainThread", pid=999_991) + request_bars(2, 0.2, "MainThread", pid=999_992)
    )
    assert view.lane_labels() == ["pid 999991", "pid 999992"]


def test_open_bar_grows_to_now_and_closes_on_exit(view: TimelineView, qtbot) -> None:
    start = time.time()
    view.add_events([Event("setup", "enter", start - 0.5, "server-1", "server", 1, "t", os.getpid())])
    view.add_events([Event("setup", "exit", start - 0.4, "server-1", "server", 1, "t", os.getpid())])
    view.add_events([Event("handle", "enter", start - 0.4, "server-1", "server", 1, "t", os.getpid())])
    assert view.open_bar_count() == 1
    first = next(b for b in view.bars() if b.method == "handle")
    assert first.end is None
    setup_w = next(b for b in view.bars() if b.method == "setup").rect.width()
    qtbot.wait(300)
    grown = next(b for b in view.bars() if b.method == "handle")
    # The handle bar (0.4 s .. now) keeps growing relative to the finished setup bar (0.1 s).
    setup_now = next(b for b in view.bars() if b.method == "setup").rect.width()
    assert grown.rect.width() / setup_now > first.rect.width() / setup_w + 2
    view.add_events(
        [Event("handle", "exit", time.time(), "server-1", "server", 1, "t", os.getpid(), error="boom")]
    )
    assert view.open_bar_count() == 0
    closed = next(b for b in view.bars() if b.method == "handle")
    assert closed.end is not None and closed.error


def test_tooltip_names_request_and_duration(view: TimelineView) -> None:
    view.add_events(request_bars(7, 0, "server-1-serve", handle=0.25))
    bar = next(b for b in view.bars() if b.method == "handle")
    assert view.bar_at(bar.rect.center()) == bar
    text = view.bar_tooltip(bar)
    assert "request #7" in text
    assert "handle: 250.00 ms" in text
    assert view.bar_at(bar.rect.center().__class__(2, 2)) is None


def test_zoom_and_fit(view: TimelineView) -> None:
    view.add_events([e for r in range(3) for e in request_bars(r, r * 1.2, "server-1-serve")])
    before = [b for b in view.bars() if b.method == "setup"][1].rect
    view.zoom(4.0, anchor_x=before.center().x())
    after = next(b for b in view.bars() if b.method == "setup" and b.request == 1).rect
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


def test_repaints_are_coalesced(view: TimelineView, qtbot) -> None:
    counter = _PaintCounter()
    view.viewport().installEventFilter(counter)
    qtbot.wait(50)
    counter.paints = 0
    start = time.perf_counter()
    for i in range(100):
        view.add_events(request_bars(i, i * 0.01, "server-1-serve", handle=0.005))
        qtbot.wait(2)
    elapsed = time.perf_counter() - start
    qtbot.wait(60)
    # One repaint per batch would be 100; the throttle allows about one per 33 ms.
    assert counter.paints <= elapsed / 0.033 + 3, (counter.paints, elapsed)
    assert view.bar_count() == 300


def test_many_bars_paint_quickly(view: TimelineView) -> None:
    batch = []
    for req in range(20_000):
        batch += request_bars(req, req * 0.002, "server-1-serve", handle=0.001)
    view.add_events(batch)
    assert view.bar_count() == 60_000
    start = time.perf_counter()
    view.viewport().repaint()
    assert time.perf_counter() - start < 0.1


def test_clear(view: TimelineView) -> None:
    view.add_events(request_bars(1, 0, "server-1-serve"))
    view.clear()
    assert view.lane_count() == 0 and view.bars() == []


def test_bars_are_painted_in_their_method_colours(view: TimelineView) -> None:
    from ui.timeline import METHOD_COLORS

    view.add_events([e for r in range(3) for e in request_bars(r, r * 1.2, "server-1-serve")])
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    for bar in view.bars():
        if bar.rect.width() < 6:
            continue
        # Off-centre, away from the "#n" label in the middle.
        x, y = bar.rect.left() + 2, bar.rect.top() + 2
        got = image.pixelColor(int(x * ratio), int(y * ratio))
        assert got.name() == METHOD_COLORS[bar.method].name(), (bar.method, got.name())


def test_incremental_painting_matches_a_full_repaint(view: TimelineView) -> None:
    events = []
    for r in range(40):
        events += request_bars(r, r * 0.05, f"Thread-{r % 3}", handle=0.03 + (r % 5) * 0.01)
    events.sort(key=lambda e: e.ts)
    view._now_override = T0 + 3.0  # a fixed "now" so both paints see the same open bars
    for k in range(0, len(events), 37):  # arrive in pieces, painted in between
        view.add_events(events[k : k + 37])
        view.viewport().grab()
    incremental = view.viewport().grab().toImage()
    view._strips.clear()  # forget the cached lanes: paint everything from scratch
    full = view.viewport().grab().toImage()
    assert incremental == full


def _bar_columns(image, y: int) -> set[int]:
    """x of every pixel on row ``y`` painted in a bar colour (not the lane's background)."""
    from ui.timeline import METHOD_COLORS

    colours = {c.name() for c in METHOD_COLORS.values()}
    return {x for x in range(image.width()) if image.pixelColor(x, y).name() in colours}


def test_fit_mode_growing_span_keeps_every_bar_where_a_full_repaint_puts_it(view: TimelineView) -> None:
    # Time moves on with the requests, so the fitted span steps up by 25% again and again:
    # the lanes drawn so far are squeezed, not drawn afresh.
    events = []
    for r in range(60):
        events += request_bars(r, r * 0.2, f"Thread-{r % 2}", handle=0.05 + (r % 4) * 0.02)
    events.sort(key=lambda e: e.ts)
    spans = set()
    for k in range(0, len(events), 6):
        piece = events[k : k + 6]
        view._now_override = piece[-1].ts  # "now" is the newest event, as it would be live
        view.add_events(piece)
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
