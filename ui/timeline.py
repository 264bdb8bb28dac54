"""TimelineView: one lane per thread or child process, a bar per setup/handle/finish call."""

from __future__ import annotations

import math
import os
import time
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

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
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from ui.bridge import claim_refresh_slot, gui_busy
from workbench.events import Event

#: The handler methods drawn as bars, in the order they run for one request.
BAR_METHODS: tuple[str, ...] = ("setup", "handle", "finish")
METHOD_COLORS: dict[str, QColor] = {
    "setup": QColor("#8e6cc8"),
    "handle": QColor("#1e74d2"),
    "finish": QColor("#2e9e4f"),
}
_ERROR_PEN = QColor("#c62828")


def _pixel(color: QColor) -> bytes:
    """One ARGB32 pixel as stored in memory on little-endian machines (B, G, R, A)."""
    return bytes((color.blue(), color.green(), color.red(), 255))


_BAR_PIXELS = [_pixel(METHOD_COLORS[m]) for m in ("setup", "handle", "finish")]
_OPEN_PIXELS = [_pixel(METHOD_COLORS[m].lighter(130)) for m in ("setup", "handle", "finish")]
_LANE_HEIGHT = 24
_OPEN = math.nan


@dataclass
class _Lane:
    label: str
    starts: array[float] = field(default_factory=lambda: array("d"))
    ends: array[float] = field(default_factory=lambda: array("d"))
    methods: array[int] = field(default_factory=lambda: array("b"))
    requests: array[int] = field(default_factory=lambda: array("q"))
    sources: array[int] = field(default_factory=lambda: array("I"))
    errors: set[int] = field(default_factory=set)


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
    source: str
    request: int
    start: float
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

    The time axis fits everything by default; Ctrl+wheel zooms around the
    mouse, Shift+wheel or the scroll bar pans, double-click fits again.

    Signals:
        lanesChanged(int): the number of lanes changed.
    """

    lanesChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName(self.tr("Timeline"))
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setMinimumHeight(120)
        self._own_pid = os.getpid()
        # Set by clear(): the time range seen, and whether the grow timer runs.
        self._t0: float
        self._t1: float
        self._growing: bool
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
        self._now_override: float | None = None
        self.clear()

    # -- public API ---------------------------------------------------------
    def add_events(self, batch: Sequence[Event]) -> None:
        """Take the setup/handle/finish enter/exit events of a batch (GUI thread)."""
        bars = [e for e in batch if e.event in _METHOD_CODE]
        if not bars:
            return
        lanes_before = len(self._lanes)
        open_bars = self._open
        lanes = self._lanes
        lane_of = self._lane_index
        source_ids = self._source_ids
        own = self._own_pid
        t0, t1 = self._t0, self._t1
        changed = False
        for e in bars:
            code = _METHOD_CODE[e.event]
            ts = e.ts
            if e.phase == "enter":
                pid = e.pid
                lane_index = lane_of.get((pid, e.thread) if pid == own else (pid, ""))
                if lane_index is None:
                    lane_index = self._lane_for(e.thread, pid)
                lane = lanes[lane_index]
                source = source_ids.get(e.source)
                if source is None:
                    source = self._source_code(e.source)
                starts = lane.starts
                open_bars[(e.source, e.request, code)] = (lane_index, len(starts))
                starts.append(ts)
                lane.ends.append(_OPEN)
                lane.methods.append(code)
                lane.requests.append(-1 if e.request is None else e.request)
                lane.sources.append(source)
                if ts < t0:
                    t0 = ts
                if ts > t1:
                    t1 = ts
                changed = True
            elif e.phase == "exit":
                where = open_bars.pop((e.source, e.request, code), None)
                if where is None:
                    continue  # its enter came before a clear()
                lane_index, i = where
                lane = lanes[lane_index]
                start = lane.starts[i]
                lane.ends[i] = ts if ts > start else start
                if e.error is not None:
                    lane.errors.add(i)
                if ts > t1:
                    t1 = ts
                changed = True
        self._t0, self._t1 = t0, t1
        if len(self._lanes) != lanes_before:
            self._update_scrollbars()
            self.lanesChanged.emit(len(self._lanes))
        # Timer states are tracked in Python: each call into Qt costs a GIL round trip.
        if self._open and not self._growing:
            self._growing = True
            self._grow_timer.start()
        elif not self._open and self._growing:
            self._growing = False
            self._grow_timer.stop()
        if changed:
            self._schedule_repaint()

    def clear(self) -> None:
        """Forget every lane and bar."""
        self._lanes: list[_Lane] = []
        self._lane_index: dict[tuple[int, str], int] = {}
        self._sources: list[str] = []
        self._source_ids: dict[str, int] = {}
        self._open: dict[tuple[str, int | None, int], tuple[int, int]] = {}
        self._t0 = math.inf
        self._t1 = -math.inf
        self._span = None
        self._strips: dict[int, _Strip] = {}
        self._growing = False
        if hasattr(self, "_grow_timer"):
            self._grow_timer.stop()
        self._update_scrollbars()
        self.viewport().update()

    def lane_count(self) -> int:
        return len(self._lanes)

    def lane_labels(self) -> list[str]:
        """ "thread name" for threads of this process, "pid N" for forked children."""
        return [lane.label for lane in self._lanes]

    def bar_count(self) -> int:
        return sum(len(lane.starts) for lane in self._lanes)

    def open_bar_count(self) -> int:
        return len(self._open)

    def bars(self) -> list[BarGeometry]:
        """Every bar drawn right now with its rectangle (same geometry as paintEvent)."""
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
        return self._now_override if self._now_override is not None else time.time()

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
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(lane.label) for lane in self._lanes), default=40)
        return min(max(widest, fm.horizontalAdvance("pid 00000")) + 16, 260)

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
            starts, ends = lane.starts, lane.ends
            top = y0 + li * _LANE_HEIGHT + 4
            i = max(0, bisect_right(starts, left) - 1)
            n = len(starts)
            while i < n:
                s = starts[i]
                if s > right:
                    break
                e = ends[i]
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
                    self._sources[lane.sources[i]],
                    lane.requests[i],
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
        with gui_busy():  # server threads yield the GIL often meanwhile (see gui_busy)
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
        into Qt per lane however many bars (each call into Qt is a GIL round trip,
        slow while a server thread is busy). The row is kept between paints and, while
        the time->pixel mapping holds, only bars that are new or were still running
        are drawn again. Bars starting within a pixel already drawn are skipped but
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
                lane, cache, i, left, right, now, pl, scale, inv_scale, x_min, x_max, first_open.get(li, -1)
            )
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
    ) -> int:
        """Draw bars from index ``i`` into the lane's pixel row; returns where the next paint resumes.

        That is where drawing stopped (bars not drawn yet) or ``first_open``, the lane's
        first still-running bar (-1: none), whichever comes first.
        """
        starts, ends, methods, requests, errors = (
            lane.starts,
            lane.ends,
            lane.methods,
            lane.requests,
            lane.errors,
        )
        strip = cache.strip
        n = len(starts)
        while i < n:
            s = starts[i]
            if s > right:
                break
            e = ends[i]
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
            if x1 - x0 > 20 and requests[i] >= 0:
                cache.labels.append((i, x0, x1 - x0, requests[i]))
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

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.fit()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()

    # -- internals ------------------------------------------------------------
    def _lane_for(self, thread: str, pid: int) -> int:
        key = (pid, thread) if pid == self._own_pid else (pid, "")
        index = self._lane_index.get(key)
        if index is None:
            label = thread if pid == self._own_pid else self.tr("pid {pid}").format(pid=pid)
            index = len(self._lanes)
            self._lanes.append(_Lane(label))
            self._lane_index[key] = index
        return index

    def _source_code(self, source: str) -> int:
        code = self._source_ids.get(source)
        if code is None:
            code = self._source_ids[source] = len(self._sources)
            self._sources.append(source)
        return code

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


_METHOD_CODE = {name: i for i, name in enumerate(BAR_METHODS)}


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
