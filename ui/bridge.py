"""The one door from engine threads into the GUI: a locked buffer drained on the GUI thread in batches."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from workbench.events import Event


class BatchBridge(QObject):
    """Collects items posted from any thread and delivers them on the GUI thread in batches.

    The shape is Anki's ``aqt/taskman.py``: ``post()`` appends to a lock-protected
    list and, only when that list goes from empty to non-empty, emits one
    argument-less queued signal. The GUI thread then takes the whole list at
    once. A signal per item costs about 12 us of the producer's time and floods
    the event queue; this costs a lock and an append.

    Delivery is time-sliced so a burst of a million items never freezes the
    window: each wake-up hands out slices of the backlog until ``slice_budget``
    seconds of GUI time are spent, then yields to the event loop (timers,
    painting, input) and continues on the next iteration. Items that arrive
    meanwhile join the backlog, so consumers see few, large batches. Nothing is
    ever dropped and the order of ``post()`` calls is kept.

    Signals:
        batchReady(list): a batch of posted items, oldest first, emitted on the
            thread this object lives in (the GUI thread).
    """

    batchReady = Signal(list)
    _wake = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        slice_budget: float = 0.008,
        min_interval: float = 0.004,
    ) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._pending: list[Any] = []
        self._scheduled = False
        # GUI thread only: items taken from _pending but not handed out yet.
        self._backlog: list[Any] = []
        self._backlog_pos = 0
        self._slice_budget = slice_budget
        # Waiting a few ms before a follow-up delivery makes batches larger under a
        # sustained stream without adding visible latency.
        self._min_interval = min_interval
        self._last_delivery = 0.0
        self._slice_items = 2048
        self._delivered = 0
        self._batches = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._drain)
        # Queued even when post() runs on the GUI thread (asyncio client calls via
        # qasync): the engine call must never re-enter the panes.
        self._wake.connect(self._on_wake, Qt.ConnectionType.QueuedConnection)

    # -- any thread ---------------------------------------------------------
    def post(self, item: Any) -> None:
        """Queue ``item`` for delivery; safe and cheap from any thread."""
        with self._lock:
            self._pending.append(item)
            if self._scheduled:
                return
            self._scheduled = True
        self._wake.emit()

    def post_many(self, items: list[Any]) -> None:
        """Queue several items at once, keeping their order."""
        if not items:
            return
        with self._lock:
            self._pending.extend(items)
            if self._scheduled:
                return
            self._scheduled = True
        self._wake.emit()

    def pending_count(self) -> int:
        """Items posted but not yet delivered (approximate while producers run)."""
        with self._lock:
            waiting = len(self._pending)
        return waiting + len(self._backlog) - self._backlog_pos

    @property
    def delivered_count(self) -> int:
        """Items delivered through batchReady so far."""
        return self._delivered

    @property
    def batch_count(self) -> int:
        """How many batchReady emissions there were so far."""
        return self._batches

    # -- GUI thread ---------------------------------------------------------
    def flush(self) -> None:
        """Deliver everything posted so far, now, ignoring the time budget (GUI thread)."""
        self._timer.stop()
        self._take_pending()
        if self._backlog_pos < len(self._backlog):
            rest = self._backlog[self._backlog_pos :]
            self._backlog = []
            self._backlog_pos = 0
            self._emit(rest)

    def _on_wake(self) -> None:
        if self._timer.isActive():
            return
        wait = self._min_interval - (time.perf_counter() - self._last_delivery)
        if wait > 0.0005:
            self._timer.start(max(1, int(wait * 1000)))
        else:
            self._drain()

    def _take_pending(self) -> None:
        with self._lock:
            taken = self._pending
            self._pending = []
            self._scheduled = False
        if not taken:
            return
        if self._backlog_pos >= len(self._backlog):
            self._backlog = taken
            self._backlog_pos = 0
        else:
            if self._backlog_pos:
                del self._backlog[: self._backlog_pos]
                self._backlog_pos = 0
            self._backlog.extend(taken)

    def _drain(self) -> None:
        start = time.perf_counter()
        deadline = start + self._slice_budget
        self._take_pending()
        while self._backlog_pos < len(self._backlog):
            now = time.perf_counter()
            if now >= deadline:
                break
            n = self._slice_items
            chunk = self._backlog[self._backlog_pos : self._backlog_pos + n]
            self._backlog_pos += len(chunk)
            if self._backlog_pos >= len(self._backlog):
                self._backlog = []
                self._backlog_pos = 0
            self._emit(chunk)
            spent = time.perf_counter() - now
            if len(chunk) == n:
                # Size the next slice so it fits in half the budget at the rate just seen.
                per_item = max(spent / n, 1e-8)
                self._slice_items = int(min(200_000, max(256, (self._slice_budget / 2) / per_item)))
            if self._backlog_pos >= len(self._backlog):
                self._take_pending()
        self._last_delivery = time.perf_counter()
        if self._backlog_pos < len(self._backlog) and not self._timer.isActive():
            # More to do: let timers, input and painting run first.
            self._timer.start(0)

    def _emit(self, batch: list[Any]) -> None:
        self._delivered += len(batch)
        self._batches += 1
        self.batchReady.emit(batch)


class EventBridge(BatchBridge):
    """A BatchBridge of engine events; ``sink`` is the EventSink handed to servers and clients.

    Signals:
        batchReady(list): a batch of workbench.events.Event, oldest first.
    """

    def sink(self, event: Event) -> None:
        """The engine's EventSink: callable from any thread, never blocks for long."""
        self.post(event)
