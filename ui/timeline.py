"""TimelineView: one lane per thread or child process, a bar per setup/handle/finish call."""

from __future__ import annotations

import gc
import itertools
import math
import time
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from ui.throttle import claim_refresh_slot
from workbench.events import HANDLER_STEPS, KINDS, Phase
from workbench.session.format import F_ERROR, PHASE_MASK, record_dtype

if TYPE_CHECKING:
    from ui.logfeed import LogFeed
    from workbench.session.reader import SessionReader

#: The handler methods drawn as bars, in the order they run for one request.
BAR_METHODS: tuple[str, ...] = tuple(KINDS[k].name for k in HANDLER_STEPS)
METHOD_COLORS: dict[str, QColor] = {
    "setup": QColor("#8e6cc8"),
    "handle": QColor("#1e74d2"),
    "finish": QColor("#2e9e4f"),
}
_ERROR_PEN = QColor("#c62828")
# A bar's method code is its kind minus SETUP: the three kinds are consecutive values.
_FIRST_STEP = int(HANDLER_STEPS[0])
_LAST_STEP = int(HANDLER_STEPS[-1])
if [int(k) for k in HANDLER_STEPS] != list(range(_FIRST_STEP, _LAST_STEP + 1)):  # pragma: no cover
    raise ImportError("ui.timeline: the handler steps must be consecutive kinds")
_ENTER, _EXIT = int(Phase.ENTER), int(Phase.EXIT)


def _pixel(color: QColor) -> bytes:
    """One ARGB32 pixel as stored in memory on little-endian machines (B, G, R, A)."""
    return bytes((color.blue(), color.green(), color.red(), 255))


_BAR_PIXELS = [_pixel(METHOD_COLORS[m]) for m in BAR_METHODS]
_OPEN_PIXELS = [_pixel(METHOD_COLORS[m].lighter(130)) for m in BAR_METHODS]
_LANE_HEIGHT = 24
_MAX_LABEL_WIDTH = 244  # px; longer lane labels are elided in the middle
_OPEN = math.nan


@dataclass(slots=True)
class _Lane:
    """One thread's (or child process's) bars in start order, a column per field."""

    label: str
    # 17 bytes a bar: a flood gives a lane hundreds of thousands of bars. The request and the
    # source are not kept: they are in the enter record, read for the few bars painted.
    starts: array[float] = field(default_factory=lambda: array("d"))  # s since the session began
    durations: array[float] = field(default_factory=lambda: array("f"))  # s; NaN: still running
    methods: array[int] = field(default_factory=lambda: array("b"))  # index into BAR_METHODS
    records: array[int] = field(default_factory=lambda: array("I"))  # index of the enter record
    errors: set[int] = field(default_factory=set)

    def end(self, i: int) -> float:
        """Where bar ``i`` ends (NaN while it runs)."""
        return self.starts[i] + self.durations[i]


@dataclass
class _Strip:
    """A lane's bars as one row of pixels for one time->pixel mapping (``key``)."""

    key: tuple[float, float, int, int]
    strip: bytearray
    resume: int = 0
    drawn: bool = False
    labels: list[tuple[int, int, int, int]] = field(default_factory=list)
    outlines: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BarGeometry:
    """Where a bar is drawn (viewport coordinates) and what it stands for."""

    lane: int
    rect: QRectF
    method: str
    source: str  # the server's name ("server-1")
    request: int
    record: int  # index of the bar's enter record in the session log
    start: float  # seconds since the session began
    end: float | None  # None while the method is still running
    error: bool = False  # the method raised


class TimelineView(QAbstractScrollArea):
    """Lanes of setup/handle/finish bars: sequential on one lane, or side by side on many.

    Without a mixin every request runs on the serve thread, so its bars follow
    one another on one lane; ThreadingMixIn and ForkingMixIn put each request
    on its own lane ("Thread-7 (process_request_thread)" or "pid 4321"), and
    overlapping requests show as bars stacked at the same time. Still-running
    bars grow to "now". Repaints are coalesced to at most ~30 per second and
    only visible lanes and bars are painted (at most two bars per pixel column).

    The bars come from the session log (``attach``): each batch of new records is
    paired enter-to-exit over numpy arrays, never a Python step per record.

    The time axis fits everything by default; Ctrl+wheel zooms around the
    mouse, Shift+wheel or the scroll bar pans, double-click fits again.

    Signals:
        lanesChanged(int): the number of lanes changed.
        barActivated(int): a bar was clicked; the index of its enter record, so another
            pane (the event table, the Explain pane) can show that row.
    """

    lanesChanged = Signal(int)
    barActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName(self.tr("Timeline"))
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setMinimumHeight(120)
        self._feed: LogFeed | None = None
        # ns since the epoch of t = 0 on the time axis: the session's creation, so float
        # seconds stay small and keep sub-microsecond precision.
        self._origin_ns: int | None = None
        # Set by clear(): the time range seen, and whether the grow timer runs.
        self._t0: float
        self._t1: float
        self._growing: bool
        self._end: float
        self._thread_lane: np.ndarray[Any, Any]  # thread id in the log -> its lane (-1: none yet)
        self._repaint_armed = False
        self._repaint_timer = QTimer(self)
        self._repaint_timer.setSingleShot(True)
        self._repaint_timer.setInterval(50)
        self._repaint_timer.timeout.connect(self._repaint_now)
        # Open bars grow with the clock: repaint a few times a second while any exist.
        self._grow_timer = QTimer(self)
        self._grow_timer.setInterval(100)
        self._grow_timer.timeout.connect(self._schedule_repaint)
        self.horizontalScrollBar().valueChanged.connect(self._on_pan)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self._span: float | None = None  # seconds shown when zoomed; None = fit everything
        self._left = 0.0  # left edge time when zoomed
        self._now_override_ns: int | None = None  # tests: a fixed "now" (ns since the epoch)
        self._pending_from: int | None = None  # records delivered while hidden: [from, to)
        self._pending_to = 0
        self.clear()

    # -- public API ---------------------------------------------------------
    def attach(self, feed: LogFeed) -> None:
        """Show the feed's session: what it delivered so far, then every new batch (GUI thread)."""
        self._feed = feed
        feed.sessionChanged.connect(self._on_session_changed)
        feed.recordsAdded.connect(self.add_records)
        self._on_session_changed()
        if feed.delivered:
            self.add_records(0, feed.delivered)

    def add_records(self, lo: int, hi: int) -> None:
        """Records [lo, hi) are new: take them in now if the timeline is shown, else when it is.

        A hidden timeline (another tab is shown) costs nothing per batch; what it missed is
        one batch of arrays when it is shown or asked (``_catch_up``).
        """
        if hi <= lo:
            return
        if self._pending_from is None:
            self._pending_from = lo
        self._pending_to = max(self._pending_to, hi)
        if self.isVisible():
            self._catch_up()

    def _catch_up(self) -> None:
        if self._pending_from is None:
            return
        lo, hi = self._pending_from, self._pending_to
        self._pending_from = None
        self._take_in(lo, hi)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._catch_up()

    def _take_in(self, lo: int, hi: int) -> None:
        """Take the setup/handle/finish enters and exits of records [lo, hi) (GUI thread).

        Over arrays: an exit pairs with its enter by (source, request, method) within the
        batch by one sort; only exits whose enter came in an earlier batch look in the
        dict of open bars, and only enters left open go into it.
        """
        reader = self._reader()
        if reader is None or hi <= lo:
            return
        if self._origin_ns is None:
            self._origin_ns = reader.header.created_ns
        steps = _handler_steps(reader, lo, hi)
        if not self._live():  # a saved session ends with its last record: open bars end there
            self._end = max(self._end, (steps.last_ts - self._origin_ns) / 1e9)
        if steps.where.size == 0:
            return
        where, flags, request, thread = steps.where, steps.flags, steps.request, steps.thread
        source = steps.source
        phase = flags & PHASE_MASK
        code = (steps.kind - _FIRST_STEP).astype(np.int64)
        ts = (steps.ts.astype(np.int64) - self._origin_ns) / 1e9
        key = (source.astype(np.int64) << 34) | (request.astype(np.int64) << 2) | code

        # Pair within the batch: sorted by key (stable: record order within a key), an
        # exit right after an enter of the same key is that enter's exit.
        order = np.argsort(key, kind="stable")
        sorted_key, sorted_phase = key[order], phase[order]
        paired = np.flatnonzero(
            (sorted_key[1:] == sorted_key[:-1]) & (sorted_phase[:-1] == _ENTER) & (sorted_phase[1:] == _EXIT)
        )
        enter_of_pair, exit_of_pair = order[paired], order[paired + 1]
        is_enter = phase == _ENTER
        late_exit = phase == _EXIT
        late_exit[exit_of_pair] = False

        t0, t1 = self._t0, self._t1
        changed = False
        # Exits whose enter came in an earlier batch: a few (the requests in flight), so a dict.
        if late_exit.any():
            t1, changed = self._close_open_bars(key[late_exit], ts[late_exit], flags[late_exit], t1)

        enters = np.flatnonzero(is_enter)
        if enters.size:
            rank = np.empty(len(phase), np.int64)
            rank[enters] = np.arange(enters.size)
            ends = np.full(enters.size, _OPEN)
            starts = ts[enters]
            paired_rank = rank[enter_of_pair]
            ends[paired_rank] = np.maximum(ts[exit_of_pair], starts[paired_rank])
            errors = np.zeros(enters.size, bool)
            errors[paired_rank] = (flags[exit_of_pair] & F_ERROR) != 0
            lanes_before = len(self._lanes)
            self._append_bars(
                reader,
                thread[enters],
                starts,
                ends,
                code[enters],
                where[enters],
                key[enters],
                errors,
            )
            t0 = min(t0, float(starts.min()))
            t1 = max(t1, float(starts.max()))
            if paired_rank.size:
                t1 = max(t1, float(ends[paired_rank].max()))
            changed = True
            if len(self._lanes) != lanes_before:
                self._update_scrollbars()
                self.lanesChanged.emit(len(self._lanes))
        self._t0, self._t1 = t0, t1
        # Timer states are tracked in Python: a call into Qt costs more than a bool.
        if self._open and not self._growing and self._live():
            self._growing = True
            self._grow_timer.start()
        elif not self._open and self._growing:
            self._growing = False
            self._grow_timer.stop()
        if changed:
            self._schedule_repaint()

    def _close_open_bars(
        self, keys: np.ndarray[Any, Any], ts: np.ndarray[Any, Any], flags: np.ndarray[Any, Any], t1: float
    ) -> tuple[float, bool]:
        """End the open bars these exits belong to; returns the new latest time and whether any ended."""
        open_bars, lanes = self._open, self._lanes
        changed = False
        for k, end, flag in zip(keys.tolist(), ts.tolist(), flags.tolist(), strict=True):
            where = open_bars.pop(k, None)
            if where is None:
                continue  # its enter came before a clear()
            lane_index, i = where
            lane = lanes[lane_index]
            start = lane.starts[i]
            lane.durations[i] = end - start if end > start else 0.0
            if flag & F_ERROR:
                lane.errors.add(i)
            if end > t1:
                t1 = end
            changed = True
        return t1, changed

    def _append_bars(
        self,
        reader: SessionReader,
        threads: np.ndarray[Any, Any],
        starts: np.ndarray[Any, Any],
        ends: np.ndarray[Any, Any],
        codes: np.ndarray[Any, Any],
        records: np.ndarray[Any, Any],
        keys: np.ndarray[Any, Any],
        errors: np.ndarray[Any, Any],
    ) -> None:
        """Append new bars (in record order) to their threads' lanes: a few array calls per lane."""
        # New lanes in the order their first bar came, as a reader of the log meets them.
        tids, first = np.unique(threads, return_index=True)
        if int(tids[-1]) >= len(self._thread_lane):
            grown = np.full(max(int(tids[-1]) + 1, 2 * len(self._thread_lane)), -1, np.int64)
            grown[: len(self._thread_lane)] = self._thread_lane
            self._thread_lane = grown
        thread_lane = self._thread_lane
        arrival = tids[np.argsort(first)]
        new_threads = arrival[thread_lane[arrival] < 0].tolist()
        # A ThreadingMixIn flood makes a lane per request: thousands of lanes in one batch
        # would set off a full garbage collection every few hundred (a third of the time),
        # and lanes hold no cycles to collect.
        pause_gc = len(new_threads) > 1000 and gc.isenabled()
        if pause_gc:
            gc.disable()
        try:
            for tid in new_threads:
                thread_lane[tid] = len(self._lanes)
                self._lanes.append(_Lane(self._lane_label(reader, tid)))
            columns = (starts, ends, codes, records, keys, errors)
            self._fill_lanes(thread_lane[threads], tids.size, *columns)
        finally:
            if pause_gc:
                gc.enable()

    def _fill_lanes(
        self,
        lane_of: np.ndarray[Any, Any],
        lane_count: int,
        *columns: np.ndarray[Any, Any],
    ) -> None:
        """Append each new bar to its lane (``lane_of``): four slices a lane, a step per open or error bar."""
        if lane_count == 1:
            bounds = [(int(lane_of[0]), 0, len(lane_of))]
        else:
            # Group by lane, record order kept within each: then every lane takes slices.
            order = np.argsort(lane_of, kind="stable")
            lane_of = lane_of[order]
            columns = tuple(column[order] for column in columns)
            cuts = (np.flatnonzero(lane_of[1:] != lane_of[:-1]) + 1).tolist()
            edges = [0, *cuts, len(lane_of)]
            bounds = [(int(lane_of[a]), a, b) for a, b in itertools.pairwise(edges)]
        starts, ends, codes, records, keys, errors = columns
        # As bytes in the array module's own item types: each lane then takes a slice of each.
        d_starts = memoryview(np.ascontiguousarray(starts, np.float64).tobytes())
        d_durations = memoryview((ends - starts).astype(np.float32).tobytes())  # NaN stays NaN
        d_codes = memoryview(codes.astype(np.int8).tobytes())
        d_records = memoryview(records.astype(np.uint32).tobytes())
        lanes = self._lanes
        bases: list[int] = []  # per lane: its bar index of the batch's position 0
        for li, a, b in bounds:
            lane = lanes[li]
            bases.append(len(lane.starts) - a)
            a8, b8 = a * 8, b * 8
            lane.starts.frombytes(d_starts[a8:b8])
            lane.durations.frombytes(d_durations[a * 4 : b * 4])
            lane.methods.frombytes(d_codes[a:b])
            lane.records.frombytes(d_records[a * 4 : b * 4])
        is_open = np.isnan(ends)
        if not (is_open.any() or errors.any()):
            return
        sizes = [b - a for _li, a, b in bounds]
        bar_index = np.repeat(np.array(bases, np.int64), sizes) + np.arange(len(lane_of))
        for li, i in zip(lane_of[errors].tolist(), bar_index[errors].tolist(), strict=True):
            lanes[li].errors.add(i)
        open_bars = self._open
        for k, li, i in zip(
            keys[is_open].tolist(), lane_of[is_open].tolist(), bar_index[is_open].tolist(), strict=True
        ):
            open_bars[k] = (li, i)

    def clear(self) -> None:
        """Forget every lane and bar (the session keeps them)."""
        self._pending_from = None
        self._pending_to = 0
        self._lanes: list[_Lane] = []
        self._thread_lane = np.full(64, -1, np.int64)
        # (source, request, method) packed as in add_records -> (lane, bar) of bars still running
        self._open: dict[int, tuple[int, int]] = {}
        self._label_widths: tuple[int, int] = (0, 0)  # (lanes measured, widest label) for the font
        self._shape_widths: dict[str, int] = {}  # a label with its digits as 0 -> its width
        self._t0 = math.inf
        self._t1 = -math.inf
        self._end = -math.inf  # a saved session's last record
        self._span = None
        self._strips: dict[int, _Strip] = {}
        self._growing = False
        if hasattr(self, "_grow_timer"):
            self._grow_timer.stop()
        self._update_scrollbars()
        self.viewport().update()

    def lane_count(self) -> int:
        self._catch_up()
        return len(self._lanes)

    def lane_labels(self) -> list[str]:
        """The thread's name for threads of the host process, "pid N" for forked children."""
        self._catch_up()
        return [lane.label for lane in self._lanes]

    def bar_count(self) -> int:
        self._catch_up()
        return sum(len(lane.starts) for lane in self._lanes)

    def open_bar_count(self) -> int:
        self._catch_up()
        return len(self._open)

    def bars(self) -> list[BarGeometry]:
        """Every bar drawn right now with its rectangle (same geometry as paintEvent)."""
        self._catch_up()
        return list(self._visible_bars(self._now(), decimate=False))

    def fit(self) -> None:
        """Show the whole time range again."""
        self._span = None
        self._update_scrollbars()
        self.viewport().update()

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom the time axis by ``factor`` (>1 = closer) around viewport x ``anchor_x``."""
        left, span = self._window(self._now())
        plot = self._plot_rect()
        ax = plot.center().x() if anchor_x is None else anchor_x
        t_anchor = left + (ax - plot.left()) / max(plot.width(), 1.0) * span
        new_span = max(span / factor, 1e-6)
        total = self._total_span(self._now())
        if new_span >= total:
            self.fit()
            return
        self._span = new_span
        self._left = t_anchor - (ax - plot.left()) / max(plot.width(), 1.0) * new_span
        self._update_scrollbars()
        self.viewport().update()

    # -- geometry -------------------------------------------------------------
    def _now(self) -> float:
        """Now on the time axis; for a saved session, its last moment (open bars end there)."""
        if self._now_override_ns is not None:
            return (self._now_override_ns - (self._origin_ns or 0)) / 1e9
        if not self._live() and self._lanes:
            return max(self._end, self._t1)
        return (time.time_ns() - (self._origin_ns or 0)) / 1e9

    def _live(self) -> bool:
        return self._feed is None or self._feed.live

    def _reader(self) -> SessionReader | None:
        return None if self._feed is None else self._feed.reader

    def _total_span(self, now: float) -> float:
        if not self._lanes:
            return 1.0
        end = max(self._t1, now) if self._open else self._t1
        return max(end - self._t0, 1e-3) * 1.02  # a little air after the last bar

    def _window(self, now: float) -> tuple[float, float]:
        if not self._lanes:
            return 0.0, 1.0
        if self._span is None:
            # Fit: the span grows in steps of 25%, not continuously, so the time->pixel
            # mapping holds still between steps and lanes can be painted incrementally.
            total = self._total_span(now)
            return self._t0, _FIT_STEP ** math.ceil(math.log(total, _FIT_STEP))
        return self._left, self._span

    def _label_width(self) -> int:
        # Measured once per lane, not per call: every paint and hit test asks. Labels that
        # differ only in digits ("Thread-7 (...)", "pid 4321": a ThreadingMixIn flood makes
        # a lane per request) are measured once, digits being equally wide in UI fonts.
        measured, widest = self._label_widths
        fm = self.fontMetrics()
        if measured < len(self._lanes) and widest < _MAX_LABEL_WIDTH:
            shapes = {lane.label.translate(_DIGITS_AS_ZERO) for lane in self._lanes[measured:]}
            widest = max([widest, *(self._shape_width(fm, shape) for shape in shapes)])
            self._label_widths = (len(self._lanes), widest)
        return min(max(widest or 40, fm.horizontalAdvance("pid 00000")), _MAX_LABEL_WIDTH) + 16

    def _shape_width(self, fm: QFontMetrics, shape: str) -> int:
        width = self._shape_widths.get(shape)
        if width is None:
            width = self._shape_widths[shape] = fm.horizontalAdvance(shape)
        return width

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._shape_widths.clear()
            self._label_widths = (0, 0)
        super().changeEvent(event)

    def _axis_height(self) -> int:
        return self.fontMetrics().height() + 10

    def _plot_rect(self) -> QRectF:
        vp = self.viewport().rect()
        top = self._axis_height()
        left = self._label_width()
        return QRectF(
            left, top, max(vp.width() - left - 8, 1), max(vp.height() - top - self._axis_height(), 1)
        )

    def _visible_bars(self, now: float, decimate: bool = True) -> Iterator[BarGeometry]:
        plot = self._plot_rect()
        left, span = self._window(now)
        right = left + span
        scale = plot.width() / span
        first = self.verticalScrollBar().value() // _LANE_HEIGHT
        last = min(len(self._lanes), first + int(plot.height()) // _LANE_HEIGHT + 2)
        y0 = plot.top() - self.verticalScrollBar().value()
        for li in range(first, last):
            lane = self._lanes[li]
            starts, durations = lane.starts, lane.durations
            top = y0 + li * _LANE_HEIGHT + 4
            i = max(0, bisect_right(starts, left) - 1)
            n = len(starts)
            while i < n:
                s = starts[i]
                if s > right:
                    break
                e = s + durations[i]
                end = now if math.isnan(e) else e
                if end < left:
                    i += 1
                    continue
                x0 = plot.left() + (s - left) * scale
                x1 = plot.left() + (end - left) * scale
                x0c, x1c = max(x0, plot.left() - 2), min(max(x1, x0 + 2), plot.right() + 2)
                yield BarGeometry(
                    li,
                    QRectF(x0c, top, max(x1c - x0c, 2.0), _LANE_HEIGHT - 8),
                    BAR_METHODS[lane.methods[i]],
                    self._source_name(self._enter(lane.records[i])[8]),
                    self._enter(lane.records[i])[3],
                    lane.records[i],
                    s,
                    None if math.isnan(e) else e,
                    i in lane.errors,
                )
                if not decimate:
                    i += 1
                    continue
                # Bars starting within the next pixel would paint over this one: draw only
                # the last of them (it ends latest, bars on a lane never overlap).
                j = bisect_left(starts, left + (x0 + 1 - plot.left()) / scale, i + 1)
                i = j - 1 if j - 1 > i else i + 1

    # -- painting -------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self._paint_contents(event)

    def _paint_contents(self, event: QPaintEvent) -> None:
        started = time.perf_counter()
        try:
            self._paint(event)
        finally:
            # Keep painting under ~10% of the GUI thread however dense the lanes get.
            spent = time.perf_counter() - started
            self._repaint_timer.setInterval(int(min(500, max(50, spent * 10000))))

    def _paint(self, event: QPaintEvent) -> None:
        now = self._now()
        p = QPainter(self.viewport())
        pal = self.palette()
        vp = self.viewport().rect()
        p.fillRect(vp, pal.base())
        plot = self._plot_rect()
        fm = QFontMetrics(self.font())
        if not self._lanes:
            p.setPen(pal.placeholderText().color())
            p.drawText(
                vp,
                Qt.AlignmentFlag.AlignCenter,
                self.tr(
                    "No requests yet: setup, handle and finish appear here, one lane per thread or process."
                ),
            )
            p.end()
            return
        label_w = self._label_width()
        scroll = self.verticalScrollBar().value()
        first = scroll // _LANE_HEIGHT
        last = min(len(self._lanes), first + int(plot.height()) // _LANE_HEIGHT + 2)
        p.save()
        p.setClipRect(QRectF(0, plot.top(), vp.width(), plot.height()))
        for li in range(first, last):
            y = plot.top() + li * _LANE_HEIGHT - scroll
            if li % 2:
                p.fillRect(QRectF(0, y, vp.width(), _LANE_HEIGHT), pal.alternateBase())
            p.setPen(pal.text().color())
            label = fm.elidedText(self._lanes[li].label, Qt.TextElideMode.ElideMiddle, label_w - 12)
            p.drawText(
                QRectF(6, y, label_w - 10, _LANE_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
        p.setPen(pal.mid().color())
        p.drawLine(QPointF(label_w - 2, plot.top()), QPointF(label_w - 2, plot.bottom()))
        p.setClipRect(QRectF(label_w, plot.top(), vp.width() - label_w, plot.height()))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._paint_bars(p, plot, now, first, last, fm)
        p.restore()
        self._paint_axis(p, plot, now, fm)
        self._paint_legend(p, plot, fm)
        p.end()

    def _paint_bars(
        self, p: QPainter, plot: QRectF, now: float, first: int, last: int, fm: QFontMetrics
    ) -> None:
        """Paint bars of lanes [first, last).

        Each lane is one row of ARGB pixels stretched to the lane's height: two calls
        into Qt per lane however many bars (each call into Qt has its fixed cost). The
        row is kept between paints and, while the time->pixel mapping holds, only bars
        that are new or were still running are drawn again. Bars starting within a pixel already drawn are skipped but
        for the last (bars on a lane never overlap), so a lane costs at most one
        step per pixel even with 100,000 bars.
        """
        left, span = self._window(now)
        right = left + span
        pl = plot.left()
        scale = plot.width() / span
        inv_scale = 1 / scale
        x_min, x_max = int(pl) - 2, int(plot.right()) + 2
        strip_w = x_max - x_min
        y0 = plot.top() - self.verticalScrollBar().value()
        digit_w = fm.horizontalAdvance("0")
        label_min = 2 * digit_w + 8
        h = _LANE_HEIGHT - 8
        key = (left, span, x_min, x_max)
        labels: list[tuple[int, int, int, str]] = []
        outlines: list[tuple[int, int, int]] = []
        # The first still-running bar of each lane: the next paint must redraw from there.
        first_open: dict[int, int] = {}
        for lane_index, bar in self._open.values():
            if bar < first_open.get(lane_index, bar + 1):
                first_open[lane_index] = bar
        for li in range(first, last):
            lane = self._lanes[li]
            cache = self._strips.get(li)
            if cache is not None and cache.key != key and _grown_only(cache.key, key):
                _rescale(cache, key, pl)
            if cache is None or cache.key != key:
                cache = self._strips[li] = _Strip(key, bytearray(strip_w * 4))
                i = max(0, bisect_right(lane.starts, left) - 1)
            else:
                i = cache.resume
                cache.labels = [lab for lab in cache.labels if lab[0] < i]
                cache.outlines = [out for out in cache.outlines if out[0] < i]
            cache.resume = self._draw_lane(
                lane, cache, i, left, right, now, pl, scale, inv_scale, x_min, x_max, first_open.get(li, -1),
                self._request_of,
            )  # fmt: skip
            if not cache.drawn:
                continue
            y = int(y0 + li * _LANE_HEIGHT + 4)
            pixels = bytes(cache.strip)  # must outlive drawImage: QImage does not copy it
            image = QImage(pixels, strip_w, 1, strip_w * 4, QImage.Format.Format_ARGB32)
            p.drawImage(QRectF(x_min, y, strip_w, h), image)
            outlines.extend((x, y, w) for _i, x, w in cache.outlines)
            labels.extend(
                (x, y, w, f"#{req}")
                for _i, x, w, req in cache.labels
                if w > label_min and w > (len(str(req)) + 1) * digit_w + 8
            )
        p.setPen(QPen(_ERROR_PEN, 2))
        for x, y, w in outlines:
            p.drawRect(x + 1, y + 1, w - 2, h - 2)
        p.setPen(QColor("white"))
        for x, y, w, text in labels:
            p.drawText(x, y, w, h, int(Qt.AlignmentFlag.AlignCenter), text)

    @staticmethod
    def _draw_lane(
        lane: _Lane,
        cache: _Strip,
        i: int,
        left: float,
        right: float,
        now: float,
        pl: float,
        scale: float,
        inv_scale: float,
        x_min: int,
        x_max: int,
        first_open: int,
        request_of: Callable[[int], int],
    ) -> int:
        """Draw bars from index ``i`` into the lane's pixel row; returns where the next paint resumes.

        That is where drawing stopped (bars not drawn yet) or ``first_open``, the lane's
        first still-running bar (-1: none), whichever comes first.
        """
        starts, durations, methods, records, errors = (
            lane.starts,
            lane.durations,
            lane.methods,
            lane.records,
            lane.errors,
        )
        strip = cache.strip
        n = len(starts)
        while i < n:
            s = starts[i]
            if s > right:
                break
            e = s + durations[i]
            is_open = e != e  # NaN: still running
            end = now if is_open else e
            if end < left:
                i += 1
                continue
            x0 = int((s - left) * scale + pl)
            if x0 < x_min:
                x0 = x_min
            x1 = int((end - left) * scale + pl)
            if x1 < x0 + 2:
                x1 = x0 + 2
            if x1 > x_max:
                x1 = x_max
            pixel = _OPEN_PIXELS[methods[i]] if is_open else _BAR_PIXELS[methods[i]]
            strip[(x0 - x_min) * 4 : (x1 - x_min) * 4] = pixel * (x1 - x0)
            cache.drawn = True
            if errors and i in errors:
                cache.outlines.append((i, x0, x1 - x0))
            if x1 - x0 > 20 and (request := request_of(records[i])) > 0:
                cache.labels.append((i, x0, x1 - x0, request))
            # Bars starting before this one's last pixel would land on the same pixels: go to
            # the last of them (it ends latest) — one step per pixel however dense the lane.
            j = bisect_left(starts, left + (x1 - pl) * inv_scale, i + 1)
            i = j - 1 if j - 1 > i else i + 1
        return i if first_open < 0 else min(first_open, i)

    def _paint_axis(self, p: QPainter, plot: QRectF, now: float, fm: QFontMetrics) -> None:
        left, span = self._window(now)
        pal = self.palette()
        axis_h = self._axis_height()
        p.fillRect(QRectF(0, 0, self.viewport().width(), axis_h), pal.window())
        p.setPen(pal.text().color())
        step = _nice_step(span * 90 / max(plot.width(), 1.0))
        rel0 = left - self._t0
        k = math.ceil(rel0 / step)
        while True:
            rel = k * step
            x = plot.left() + (rel - rel0) / span * plot.width()
            if x > plot.right() + 1:
                break
            p.setPen(pal.mid().color())
            p.drawLine(QPointF(x, axis_h - 4), QPointF(x, plot.bottom()))
            p.setPen(pal.text().color())
            text = _fmt_offset(rel, step)
            w = fm.horizontalAdvance(text)
            p.drawText(QPointF(min(x - w / 2, plot.right() - w), fm.ascent() + 3), text)
            k += 1
        p.drawText(QPointF(6, fm.ascent() + 3), self.tr("lane"))

    def _paint_legend(self, p: QPainter, plot: QRectF, fm: QFontMetrics) -> None:
        y = plot.bottom() + 4
        p.fillRect(
            QRectF(0, plot.bottom(), self.viewport().width(), self._axis_height()), self.palette().window()
        )
        x = plot.left()
        for method in BAR_METHODS:
            p.fillRect(QRectF(x, y + 2, 12, fm.height() - 4), METHOD_COLORS[method])
            p.setPen(self.palette().text().color())
            p.drawText(QPointF(x + 16, y + fm.ascent()), method)
            x += 16 + fm.horizontalAdvance(method) + 18
        p.setPen(QPen(_ERROR_PEN, 2))
        p.drawRect(QRectF(x + 1, y + 3, 10, fm.height() - 6))
        p.setPen(self.palette().text().color())
        p.drawText(QPointF(x + 16, y + fm.ascent()), self.tr("raised an error"))
        x += 16 + fm.horizontalAdvance(self.tr("raised an error")) + 18
        hint = self.tr("lighter = still running")
        p.drawText(QPointF(x, y + fm.ascent()), hint)

    # -- interaction ------------------------------------------------------------
    def bar_at(self, pos: QPoint | QPointF) -> BarGeometry | None:
        self._catch_up()
        for bar in self._visible_bars(self._now(), decimate=False):
            if bar.rect.adjusted(-1, 0, 1, 0).contains(QPointF(pos)):
                return bar
        return None

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            bar = self.bar_at(event.pos())
            if bar is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.bar_tooltip(bar), self.viewport())
            return True
        return super().viewportEvent(event)

    def bar_tooltip(self, bar: BarGeometry) -> str:
        if bar.end is None:
            duration = self.tr("running for {t}").format(t=_fmt_duration(self._now() - bar.start))
        else:
            duration = _fmt_duration(bar.end - bar.start)
        lane = self._lanes[bar.lane].label
        return self.tr("{source} request #{request}\n{method}: {duration}\non {lane}").format(
            source=bar.source, request=bar.request, method=bar.method, duration=duration, lane=lane
        )

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom(1.25**steps, event.position().x())
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        # A left click is the view's own, on a bar or beside one (there it selects nothing).
        event.accept()
        bar = self.bar_at(event.position())
        if bar is not None:
            self.barActivated.emit(bar.record)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.fit()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()

    # -- internals ------------------------------------------------------------
    def _lane_label(self, reader: SessionReader, thread: int) -> str:
        """The thread's name in the host process; "pid N" for a forked child (one thread each)."""
        tables = reader.tables
        pid, name = tables.threads.get(thread, (0, ""))
        if pid and pid != tables.session.get("pid"):
            return self.tr("pid {pid}").format(pid=pid)
        return name or self.tr("thread {id}").format(id=thread)

    def _enter(self, record: int) -> tuple[Any, ...]:
        """A bar's enter record (its request and source are read from it, not kept per bar)."""
        reader = self._reader()
        assert reader is not None
        return reader.record(record)

    def _request_of(self, record: int) -> int:
        return int(self._enter(record)[3])

    def _source_name(self, source: int) -> str:
        reader = self._reader()
        return reader.tables.source_name(source) if reader is not None else f"source-{source}"

    def _on_session_changed(self) -> None:
        self._origin_ns = None  # the next session's own creation time, when its records come
        self.clear()

    def _schedule_repaint(self) -> None:
        if not self._repaint_armed:
            self._repaint_armed = True
            self._repaint_timer.start()

    def _repaint_now(self) -> None:
        wait = claim_refresh_slot()
        if wait > 0:  # another pane refreshed just now: take the next turn
            self._repaint_timer.start(max(1, round(wait * 1000)))
            return
        self._repaint_armed = False
        if self._span is not None:
            self._update_scrollbars()
        self.viewport().update()

    def _update_scrollbars(self) -> None:
        if not hasattr(self, "_lanes"):
            return
        plot = self._plot_rect()
        vsb = self.verticalScrollBar()
        vsb.setRange(0, max(0, len(self._lanes) * _LANE_HEIGHT - int(plot.height())))
        vsb.setPageStep(int(plot.height()))
        vsb.setSingleStep(_LANE_HEIGHT)
        hsb = self.horizontalScrollBar()
        hsb.blockSignals(True)
        if self._span is None or not self._lanes:
            hsb.setRange(0, 0)
        else:
            total = self._total_span(self._now())
            # Milliseconds: fine enough to pan smoothly, coarse enough for an int range.
            hsb.setRange(0, max(0, int((total - self._span) * 1000)))
            hsb.setPageStep(max(1, int(self._span * 1000)))
            hsb.setValue(int((self._left - self._t0) * 1000))
        hsb.blockSignals(False)

    def _on_pan(self, value: int) -> None:
        if self._span is not None:
            self._left = self._t0 + value / 1000
            self.viewport().update()


@dataclass(slots=True)
class _Steps:
    """The handler-step enters and exits of a range of records, a column each (record order)."""

    where: np.ndarray[Any, Any]  # record index
    ts: np.ndarray[Any, Any]
    flags: np.ndarray[Any, Any]
    kind: np.ndarray[Any, Any]
    source: np.ndarray[Any, Any]
    request: np.ndarray[Any, Any]
    thread: np.ndarray[Any, Any]
    last_ts: int  # the latest timestamp of any record in the range


def _handler_steps(reader: SessionReader, lo: int, hi: int) -> _Steps:
    """Gather the setup/handle/finish enter and exit records of [lo, hi) from the mapped log.

    Extent by extent (no copy of the whole range) and a field at a time (a copy of only
    what pairing needs); nothing returned is a view into the map.
    """
    parts: list[tuple[np.ndarray[Any, Any], ...]] = []
    last_ts = 0
    dtype = record_dtype()
    for first, chunk in reader.record_chunks(lo, hi):
        recs = np.frombuffer(chunk, dtype)
        if recs.size == 0:
            continue
        last_ts = max(last_ts, int(recs["ts"].max()))
        kinds = recs["kind"]
        where = np.flatnonzero((kinds >= _FIRST_STEP) & (kinds <= _LAST_STEP))
        phase = recs["flags"][where] & PHASE_MASK
        hooks = (phase == _ENTER) | (phase == _EXIT)
        if not hooks.all():  # a damaged or newer log: only enters and exits make bars
            where = where[hooks]
        fields = (recs[name][where] for name in ("ts", "flags", "kind", "source", "request", "thread"))
        parts.append((where + first, *fields))
        del recs, kinds
    if not parts:
        empty = np.zeros(0, np.int64)
        return _Steps(empty, empty, empty, empty, empty, empty, empty, last_ts)
    columns = (
        parts[0] if len(parts) == 1 else tuple(np.concatenate(column) for column in zip(*parts, strict=True))
    )
    where, ts, flags, kind, source, request, thread = columns
    return _Steps(where, ts, flags, kind, source, request, thread, last_ts)


def _grown_only(old: tuple[float, float, int, int], new: tuple[float, float, int, int]) -> bool:
    """True if only the span grew (fit mode taking its next step), so the old pixels can be squeezed."""
    return old[0] == new[0] and old[2:] == new[2:] and new[1] > old[1]


def _rescale(cache: _Strip, key: tuple[float, float, int, int], pl: float) -> None:
    """Squeeze a lane's drawn pixels into the wider span ``key`` instead of drawing every bar again.

    In fit mode the span steps up by 25% as time goes on; drawing every lane
    afresh then cost 10-15 ms of the GUI thread under a flood (one Python step
    per pixel per lane), squeezing the row ~0.1 ms a lane. The picture is the
    same but for bar edges rounded to the nearest pixel.
    """
    x_min, x_max = key[2], key[3]
    factor = key[1] / cache.key[1]
    off = pl - x_min  # strip index of the plot's left edge
    width = x_max - x_min
    old = memoryview(cache.strip).cast("I")
    # New pixel q shows what old pixel off + (q - off) * factor showed; past the old row: blank.
    sources = [int(off + (q - off + 0.5) * factor) for q in range(width)]  # pixel centres
    cache.strip = bytearray(array("I", [old[i] if 0 <= i < width else 0 for i in sources]))
    old.release()
    cache.labels = [(i, int(pl + (x - pl) / factor), int(w / factor), req) for i, x, w, req in cache.labels]
    cache.outlines = [(i, int(pl + (x - pl) / factor), max(2, int(w / factor))) for i, x, w in cache.outlines]
    cache.key = key


_FIT_STEP = 1.25
_DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    exp = math.floor(math.log10(raw))
    base = raw / 10**exp
    nice = 1 if base <= 1 else 2 if base <= 2 else 5 if base <= 5 else 10
    return nice * 10**exp


def _fmt_offset(rel: float, step: float) -> str:
    if step >= 1:
        return f"{rel:.0f} s"
    if step >= 1e-3:
        digits = 0 if step >= 1e-2 * 100 else max(0, -math.floor(math.log10(step * 1000)))
        return f"{rel * 1000:.{digits}f} ms"
    digits = max(0, -math.floor(math.log10(step * 1e6)))
    return f"{rel * 1e6:.{digits}f} µs"


def _fmt_duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds * 1e6:.0f} µs"
